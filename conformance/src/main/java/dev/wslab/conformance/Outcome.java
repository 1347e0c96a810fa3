package dev.wslab.conformance;

/**
 * The columns of the gate's summary, from best to worst. A case counts in the worse of the outcomes of
 * its {@code behavior} and {@code behaviorClose}.
 */
public enum Outcome {
    OK("OK"),
    INFORMATIONAL("INFORMATIONAL"),
    NON_STRICT("NON-STRICT"),
    UNIMPLEMENTED("UNIMPLEMENTED"),
    FAILED("FAILED");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The column heading. */
    public String label() {
        return label;
    }

    /** The worse of two outcomes. */
    public Outcome worse(Outcome other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
