package dev.wslab.conformance;

/**
 * Which outcomes the gate accepts, and why.
 *
 * <ul>
 *   <li>{@code OK}: passes.</li>
 *   <li>{@code INFORMATIONAL}: accepted — the suite uses it only where RFC 6455 leaves the behavior open
 *       (e.g. 7.1.6, whether a message queued before a Close still gets its echo; 7.13.x, close codes the
 *       RFC does not define); it records what happened and it is printed.</li>
 *   <li>{@code NON-STRICT}: accepted by default — the behavior conforms to RFC 6455 but is not the
 *       strictest reading (e.g. failing on invalid UTF-8 only once a whole frame has arrived). Printed with
 *       the suite's explanation; {@link #strict()} fails on it instead.</li>
 *   <li>{@code UNIMPLEMENTED}: fails — the gate selects only features wslab implements (sections 12/13,
 *       permessage-deflate, are not run), so a case reporting a missing feature is a regression.</li>
 *   <li>{@code FAILED} (and the close verdicts {@code WRONG CODE}, {@code UNCLEAN},
 *       {@code FAILED BY CLIENT}): fails, whether it is the {@code behavior} or the {@code behaviorClose}.</li>
 * </ul>
 *
 * @param nonStrictAccepted whether NON-STRICT passes
 */
public record GatePolicy(boolean nonStrictAccepted) {

    /** NON-STRICT and INFORMATIONAL pass; UNIMPLEMENTED and FAILED fail. */
    public static GatePolicy standard() {
        return new GatePolicy(true);
    }

    /** Like {@link #standard()}, but NON-STRICT fails too. */
    public static GatePolicy strict() {
        return new GatePolicy(false);
    }

    /** Whether a case with this outcome passes the gate. */
    public boolean accepts(Outcome outcome) {
        switch (outcome) {
            case OK:
            case INFORMATIONAL:
                return true;
            case NON_STRICT:
                return nonStrictAccepted;
            default:
                return false;
        }
    }
}
