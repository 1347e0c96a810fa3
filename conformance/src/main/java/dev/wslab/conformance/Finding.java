package dev.wslab.conformance;

import java.util.Objects;

/**
 * A case that was not plainly OK, with the details from its own report.
 *
 * @param result the case's verdicts
 * @param detail what the suite did, expected and observed
 */
public record Finding(CaseResult result, CaseDetail detail) {

    public Finding {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
    }

    /** One line: id, verdicts, what the case does and the suite's sentence about it. */
    public String summaryLine() {
        return result.id() + " [" + result.verdicts() + "] " + detail.description() + " — " + detail.result()
                + (result.behaviorClose() == Behavior.OK ? "" : " / " + detail.resultClose());
    }

    /** Several lines with expected vs observed, for a failure that someone has to fix. */
    public String explanation() {
        return "case " + result.id() + " [" + result.verdicts() + "]\n"
                + "    what the suite did: " + detail.description() + "\n"
                + "    expectation:        " + detail.expectation() + "\n"
                + "    expected events:    " + detail.expected() + "\n"
                + "    observed events:    " + detail.received() + "\n"
                + "    behavior:           " + detail.result() + "\n"
                + "    expected close:     " + detail.expectedClose() + "\n"
                + "    observed close:     " + detail.closing() + "\n"
                + "    close verdict:      " + detail.resultClose() + "\n"
                + "    report file:        " + result.reportFile();
    }
}
