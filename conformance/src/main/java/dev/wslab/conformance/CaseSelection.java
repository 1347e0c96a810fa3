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

    /**
     * Sections 1–7, 9, 10, 12 and 13; the 9.x, 12.x and 13.x cases too slow for CI are excluded (see
     * {@link #CI_TIME_EXCLUSIONS}). Sections 12 and 13 (permessage-deflate, RFC 7692) are recreated in the
     * suite's driver ({@code wstest_deflate_cases.py}): the packaged suite lacks them.
     */
    public static final List<String> SECTIONS = List.of("1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.*", "10.*",
            "12.*", "13.*");

    /** The 18 message sizes of each 12.x and 13.x subsection, by case number: upstream's list. */
    private static final int SIZES_PER_SUBSECTION = 18;

    /**
     * The 9.x (limits and performance), 12.x and 13.x (compression) cases that do not fit a CI run on two cores. The time goes into the
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
                            + "9-21 s each; 9.5.3-9.5.6 and 9.6.3-9.6.6 (256 B-2 KiB chops) run"),
            new Exclusion(deflateCases(12, 5, List.of(1, 5), List.of("12.1.11")),
                    "each 12.x case echoes 1 000 compressed messages, compressed and inflated by the suite's zlib in "
                            + "Jython: 1-10 s for 16 B-8 KiB, minutes for 16-128 KiB; of the 18 sizes of each of the five "
                            + "data sets (JSON, bitmap, German text, HTML, PDF) 12.j.1 (16 B) and 12.j.5 (4 KiB) run, and "
                            + "12.1.11 (8 KiB in 256-byte frames: a compressed message across 32 fragments)"),
            new Exclusion(deflateCases(13, 7, List.of(1), List.of("13.1.4", "13.3.11", "13.5.11", "13.7.11")),
                    "the same 1 000-message echo as 12.x with each of the seven offer/answer combinations "
                            + "(context takeover on/off, windows 9 and 15, three offers in one header); each runs 13.j.1 "
                            + "(16 B), 13.1.4 runs 1 KiB, and 13.3.11, 13.5.11, 13.7.11 run 8 KiB in 256-byte frames "
                            + "with the 9-bit window (the smallest the suite offers) and with takeover off"));

    /** Sections never selected: none since permessage-deflate (12, 13) runs. */
    public static final List<Exclusion> NOT_RUN = List.of();

    /**
     * The ids of section {@code section}'s cases 1..{@code subsections}.1..18 except the sizes kept in every
     * subsection and the extra cases kept.
     */
    private static List<String> deflateCases(int section, int subsections, List<Integer> keptSizes, List<String> keptCases) {
        List<String> ids = new ArrayList<>();
        for (int j = 1; j <= subsections; j++) {
            for (int i = 1; i <= SIZES_PER_SUBSECTION; i++) {
                String id = section + "." + j + "." + i;
                if (!keptSizes.contains(i) && !keptCases.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** The gate's selection: {@link #SECTIONS} minus {@link #CI_TIME_EXCLUSIONS} (22 of 216 compression cases run). */
    public static CaseSelection ci() {
        return new CaseSelection(SECTIONS, CI_TIME_EXCLUSIONS, NOT_RUN);
    }

    /** Every case of {@link #SECTIONS}, including the slow sizes (hours: 216 compression cases of 1 000 messages). */
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
