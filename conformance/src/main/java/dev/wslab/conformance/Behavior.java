package dev.wslab.conformance;

import java.util.Locale;

/**
 * A verdict the Autobahn TestSuite writes for one case, as {@code behavior} (did the peer do what the
 * case expects?) and as {@code behaviorClose} (did the connection end the way RFC 6455 §7 wants?).
 * The names are the suite's own strings.
 */
public enum Behavior {
    /** What the case expects. */
    OK("OK", Outcome.OK),
    /** Allowed by RFC 6455 but not the strictest reading, e.g. failing a connection only after the whole frame arrived. */
    NON_STRICT("NON-STRICT", Outcome.NON_STRICT),
    /** The RFC leaves the behavior open; the suite only records what happened. */
    INFORMATIONAL("INFORMATIONAL", Outcome.INFORMATIONAL),
    /** The feature under test is not implemented (e.g. permessage-deflate for sections 12/13). */
    UNIMPLEMENTED("UNIMPLEMENTED", Outcome.UNIMPLEMENTED),
    /** The peer did something the case forbids. */
    FAILED("FAILED", Outcome.FAILED),
    /** behaviorClose: the peer closed with a code the case does not allow (RFC 6455 §7.4.1). */
    WRONG_CODE("WRONG CODE", Outcome.FAILED),
    /** behaviorClose: the case requires a clean close (a Close frame each way) and there was none. */
    UNCLEAN("UNCLEAN", Outcome.FAILED),
    /**
     * behaviorClose: the suite (as client) had to drop TCP because the server did not close it first.
     * RFC 6455 §7.1.1 says the server SHOULD close first, and our server is built to: seeing this means a
     * regression, so the gate counts it as a failure.
     */
    FAILED_BY_CLIENT("FAILED BY CLIENT", Outcome.FAILED);

    private final String wireName;
    private final Outcome outcome;

    Behavior(String wireName, Outcome outcome) {
        this.wireName = wireName;
        this.outcome = outcome;
    }

    /** The string as it appears in the suite's JSON, e.g. {@code NON-STRICT}. */
    public String wireName() {
        return wireName;
    }

    /** The column of the summary this behavior counts in. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * The behavior named {@code text} in a report.
     *
     * @throws IllegalArgumentException for a string the suite does not write — a report we cannot read
     *                                  must not pass the gate silently
     */
    public static Behavior parse(String text) {
        String wanted = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Behavior b : values()) {
            if (b.wireName.equals(wanted)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown Autobahn behavior: \"" + text + "\"");
    }
}
