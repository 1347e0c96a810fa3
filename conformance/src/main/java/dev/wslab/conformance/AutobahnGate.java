package dev.wslab.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gates an Autobahn report that already exists, e.g. one written by {@code wstest} run by hand:
 *
 * <pre>
 * java -cp ... dev.wslab.conformance.AutobahnGate reports/servers wslab-chat [--strict]
 * </pre>
 *
 * Prints the summary and exits with 1 if the gate fails. Without the list of selected cases it cannot
 * notice missing ones; the build's integration tests can, and do.
 */
public final class AutobahnGate {

    private AutobahnGate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AutobahnGate <report-directory> <agent> [--strict]");
            System.exit(2);
        }
        GatePolicy policy = List.of(args).contains("--strict") ? GatePolicy.strict() : GatePolicy.standard();
        AutobahnReport report = AutobahnReport.read(Path.of(args[0]), args[1]);
        List<CaseId> reported = report.cases().stream().map(CaseResult::id).collect(Collectors.toList());
        List<String> patterns = report.cases().stream().map(c -> c.id().section() + ".*").distinct().toList();
        CaseSelection asFound = new CaseSelection(patterns, List.of(), List.of());
        GateResult result = new ConformanceGate(policy).evaluate(report, reported, asFound);
        System.out.print(result.render());
        System.exit(result.passed() ? 0 : 1);
    }
}
