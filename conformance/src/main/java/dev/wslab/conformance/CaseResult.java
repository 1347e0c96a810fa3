package dev.wslab.conformance;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One line of the suite's {@code index.json}: the verdicts of one case.
 *
 * @param id              the case
 * @param behavior        whether the peer's messages were what the case expects
 * @param behaviorClose   whether the connection ended as RFC 6455 §7 requires
 * @param durationMillis  how long the case took
 * @param remoteCloseCode the close code the peer sent, if any
 * @param reportFile      the name of the case's own JSON report, next to {@code index.json}
 */
public record CaseResult(CaseId id, Behavior behavior, Behavior behaviorClose, long durationMillis,
                         OptionalInt remoteCloseCode, String reportFile) {

    public CaseResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(behaviorClose, "behaviorClose");
        Objects.requireNonNull(remoteCloseCode, "remoteCloseCode");
        Objects.requireNonNull(reportFile, "reportFile");
    }

    /** The worse of the two verdicts' outcomes: a case with {@code behaviorClose: FAILED} is FAILED. */
    public Outcome outcome() {
        return behavior.outcome().worse(behaviorClose.outcome());
    }

    /** For example {@code behavior NON-STRICT, behaviorClose OK}. */
    public String verdicts() {
        return "behavior " + behavior.wireName() + ", behaviorClose " + behaviorClose.wireName();
    }
}
