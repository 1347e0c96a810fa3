package dev.wslab.conformance;

import java.util.List;
import java.util.Objects;

/**
 * What the gate concluded about one Autobahn report: a table per section, the accepted deviations
 * (NON-STRICT, INFORMATIONAL) with their explanations, the failures with expected vs observed, and the
 * selected cases that are missing from the report.
 *
 * @param agent      the implementation under test as named in the report
 * @param sections   one row per top-level section, in order
 * @param accepted   cases that were not OK but pass under the policy
 * @param failures   cases that fail under the policy
 * @param missing    cases the suite was asked to run but did not report (a crash or a hang counts as failure)
 * @param selection  what was selected and excluded, for the log
 */
public record GateResult(String agent, List<SectionSummary> sections, List<Finding> accepted, List<Finding> failures,
                         List<CaseId> missing, CaseSelection selection) {

    public GateResult {
        Objects.requireNonNull(agent, "agent");
        sections = List.copyOf(sections);
        accepted = List.copyOf(accepted);
        failures = List.copyOf(failures);
        missing = List.copyOf(missing);
        Objects.requireNonNull(selection, "selection");
    }

    /** True if no case failed and none is missing. */
    public boolean passed() {
        return failures.isEmpty() && missing.isEmpty();
    }

    /** The totals over all sections. */
    public SectionSummary totals() {
        int ok = 0;
        int nonStrict = 0;
        int informational = 0;
        int unimplemented = 0;
        int failed = 0;
        for (SectionSummary s : sections) {
            ok += s.ok();
            nonStrict += s.nonStrict();
            informational += s.informational();
            unimplemented += s.unimplemented();
            failed += s.failed();
        }
        return new SectionSummary(0, ok, nonStrict, informational, unimplemented, failed);
    }

    /** The per-section table, aligned for a console. */
    public String table() {
        String format = "%-9s %5s %11s %14s %14s %7s%n";
        StringBuilder s = new StringBuilder();
        s.append(String.format(format, "section", "OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"));
        for (SectionSummary row : sections) {
            s.append(row(format, String.valueOf(row.section()), row));
        }
        s.append(row(format, "total", totals()));
        return s.toString();
    }

    private static String row(String format, String label, SectionSummary r) {
        return String.format(format, label, r.ok(), r.nonStrict(), r.informational(), r.unimplemented(), r.failed());
    }

    /** The whole verdict for the build log. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("Autobahn TestSuite gate for \"").append(agent).append("\": ").append(totals().total())
                .append(" cases reported\n");
        s.append(selection.describe()).append("\n\n");
        s.append(table());
        if (!accepted.isEmpty()) {
            s.append("\nAccepted deviations (NON-STRICT: conforms to RFC 6455, not its strictest reading; "
                    + "INFORMATIONAL: the RFC leaves it open):\n");
            accepted.forEach(f -> s.append("  ").append(f.summaryLine()).append('\n'));
        }
        if (!missing.isEmpty()) {
            s.append("\nMissing from the report (selected, never reported: the suite or the peer stopped early): ")
                    .append(missing).append('\n');
        }
        if (!failures.isEmpty()) {
            s.append("\nFAILED cases (behavior or behaviorClose):\n");
            failures.forEach(f -> s.append("  ").append(f.explanation()).append('\n'));
        }
        s.append("\nverdict: ").append(passed() ? "PASS" : "FAIL (" + failures.size() + " failing, "
                + missing.size() + " missing)").append('\n');
        return s.toString();
    }
}
