package dev.wslab.conformance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads an Autobahn report the way a reviewer would. The suite's own maven plugin only looks at
 * {@code behavior}; this gate fails a case whose {@code behaviorClose} failed too (a peer that echoes
 * correctly but then closes with the wrong code, or not at all, is not conformant), treats every other
 * verdict explicitly (see {@link GatePolicy}), and checks that every selected case was reported.
 */
public final class ConformanceGate {
    private final GatePolicy policy;

    public ConformanceGate(GatePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Judges {@code report}.
     *
     * @param report    the suite's report for one agent
     * @param selected  the cases the suite was asked to run (as it resolved them); any of them missing
     *                  from the report fails the gate
     * @param selection the selection, for the log
     */
    public GateResult evaluate(AutobahnReport report, Collection<CaseId> selected, CaseSelection selection) {
        TreeMap<Integer, SectionSummary> sections = new TreeMap<>();
        List<Finding> accepted = new ArrayList<>();
        List<Finding> failures = new ArrayList<>();
        Set<CaseId> reported = new TreeSet<>();
        for (CaseResult result : report.cases()) {
            reported.add(result.id());
            Outcome outcome = result.outcome();
            sections.merge(result.id().section(), SectionSummary.empty(result.id().section()).plus(outcome),
                    (old, one) -> old.plus(outcome));
            if (outcome == Outcome.OK) {
                continue;
            }
            Finding finding = new Finding(result, report.detail(result));
            if (policy.accepts(outcome)) {
                accepted.add(finding);
            } else {
                failures.add(finding);
            }
        }
        List<CaseId> missing = new ArrayList<>(new TreeSet<>(selected));
        missing.removeAll(reported);
        return new GateResult(report.agent(), List.copyOf(sections.values()), accepted, failures, missing, selection);
    }
}
