package dev.wslab.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which Autobahn cases the gate runs, and why the others are left out. One place, so the build log, the
 * docs and the code cannot disagree.
 *
 * @param cases      case patterns as the suite understands them ({@code 9.*} is all of section 9)
 * @param exclusions cases of those sections that are not run, each group with its reason
 * @param notRun     whole sections that are not selected at all, with the reason
 */
public record CaseSelection(List<String> cases, List<Exclusion> exclusions, List<Exclusion> notRun) {

    /**
     * Cases left out, with the reason.
     *
     * @param caseIds the case ids or patterns, e.g. {@code 9.1.5} or {@code 12.*}
     * @param reason  why, in words
     */
    public record Exclusion(List<String> caseIds, String reason) {
        public Exclusion {
            caseIds = List.copyOf(caseIds);
            Objects.requireNonNull(reason, "reason");
        }
    }

    public CaseSelection {
        cases = List.copyOf(cases);
        exclusions = List.copyOf(exclusions);
        notRun = List.copyOf(notRun);
    }

    /** Sections 1–7, 9 and 10; the 9.x cases too slow for CI are excluded (see {@link #CI_TIME_EXCLUSIONS}). */
    public static final List<String> SECTIONS = List.of("1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.*", "10.*");

    /**
     * The 9.x (limits and performance) cases that do not fit a CI run on two cores. The time goes into the
     * suite itself — Jython validating UTF-8 byte by byte, or writing a message in thousands of tiny TCP
     * chops — not into the implementation under test. Each subsection keeps its smaller or bracketing
     * cases, so every code path (big messages, many fragments, chopped frames) is still exercised.
     */
    public static final List<Exclusion> CI_TIME_EXCLUSIONS = List.of(
            new Exclusion(List.of("9.1.4", "9.1.5", "9.1.6"),
                    "text messages of 4, 8 and 16 MiB: 7-22 s each for the suite's UTF-8 check in Jython; "
                            + "9.1.1-9.1.3 (64 KiB-1 MiB) run"),
            new Exclusion(List.of("9.2.5", "9.2.6"),
                    "binary messages of 8 and 16 MiB: 5-14 s each and ~3 GB of suite heap; 9.2.1-9.2.4 (up to 4 MiB) run"),
            new Exclusion(List.of("9.3.2", "9.3.3", "9.3.4", "9.3.5", "9.3.6", "9.3.7", "9.3.8"),
                    "a 4 MiB text message in fragments of 256 B-1 MiB: 5-7 s each (UTF-8 check in Jython); "
                            + "9.3.1 (64 B fragments, 65 536 frames) and 9.3.9 (4 MiB fragments) bracket the range, "
                            + "and all of 9.4 (the same for binary) runs"),
            new Exclusion(List.of("9.5.1", "9.5.2", "9.6.1", "9.6.2"),
                    "a 1 MiB message written in 64 or 128 byte chops (8 192-16 384 separate TCP writes by the suite): "
                            + "9-21 s each; 9.5.3-9.5.6 and 9.6.3-9.6.6 (256 B-2 KiB chops) run"));

    /** Sections never selected. */
    public static final List<Exclusion> NOT_RUN = List.of(
            new Exclusion(List.of("12.*", "13.*"),
                    "permessage-deflate (RFC 7692) is not implemented: wslab negotiates no extension"));

    /** The gate's selection: {@link #SECTIONS} minus {@link #CI_TIME_EXCLUSIONS}. */
    public static CaseSelection ci() {
        return new CaseSelection(SECTIONS, CI_TIME_EXCLUSIONS, NOT_RUN);
    }

    /** Every case of {@link #SECTIONS}, including the slow sizes (a few minutes more). */
    public static CaseSelection allSizes() {
        return new CaseSelection(SECTIONS, List.of(), NOT_RUN);
    }

    /** Every excluded case id, flattened. */
    public List<String> excludedIds() {
        List<String> ids = new ArrayList<>();
        exclusions.forEach(e -> ids.addAll(e.caseIds()));
        return ids;
    }

    /** A few lines for the build log: what runs, what does not and why. */
    public String describe() {
        StringBuilder s = new StringBuilder("cases " + String.join(", ", cases));
        if (exclusions.isEmpty()) {
            s.append(", nothing excluded");
        }
        for (Exclusion e : exclusions) {
            s.append("\n  excluded ").append(String.join(", ", e.caseIds())).append(": ").append(e.reason());
        }
        for (Exclusion e : notRun) {
            s.append("\n  not run  ").append(String.join(", ", e.caseIds())).append(": ").append(e.reason());
        }
        return s.toString();
    }
}
