package dev.wslab.conformance;

/**
 * One row of the gate's table: how many cases of a top-level section ended in each outcome.
 *
 * @param section       the section number, e.g. 6 (UTF-8 handling)
 * @param ok            cases that were OK
 * @param nonStrict     cases that were NON-STRICT
 * @param informational cases that were INFORMATIONAL
 * @param unimplemented cases that were UNIMPLEMENTED
 * @param failed        cases whose behavior or behaviorClose failed
 */
public record SectionSummary(int section, int ok, int nonStrict, int informational, int unimplemented, int failed) {

    /** An empty row for {@code section}. */
    public static SectionSummary empty(int section) {
        return new SectionSummary(section, 0, 0, 0, 0, 0);
    }

    /** This row with one more case of {@code outcome}. */
    public SectionSummary plus(Outcome outcome) {
        switch (outcome) {
            case OK:
                return new SectionSummary(section, ok + 1, nonStrict, informational, unimplemented, failed);
            case NON_STRICT:
                return new SectionSummary(section, ok, nonStrict + 1, informational, unimplemented, failed);
            case INFORMATIONAL:
                return new SectionSummary(section, ok, nonStrict, informational + 1, unimplemented, failed);
            case UNIMPLEMENTED:
                return new SectionSummary(section, ok, nonStrict, informational, unimplemented + 1, failed);
            default:
                return new SectionSummary(section, ok, nonStrict, informational, unimplemented, failed + 1);
        }
    }

    /** All cases of the row. */
    public int total() {
        return ok + nonStrict + informational + unimplemented + failed;
    }
}
