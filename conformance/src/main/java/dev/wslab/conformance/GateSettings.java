package dev.wslab.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The knobs of the Autobahn integration tests (here and in chat-demo's {@code ChatEchoConformanceIT}), as system properties (pass them to Maven with -D):
 * <ul>
 *   <li>{@code wslab.autobahn.reports}: where reports go (the pom sets {@code target/autobahn});</li>
 *   <li>{@code wslab.autobahn.allSizes=true}: also run the slow 9.x, 12.x and 13.x sizes ({@link CaseSelection#allSizes()});</li>
 *   <li>{@code wslab.autobahn.cases=12.1.*,13.3.1}: run only these cases (patterns as the suite reads them,
 *       the excluded sizes still left out), for a developer chasing one failure;</li>
 *   <li>{@code wslab.autobahn.strict=true}: fail on NON-STRICT too ({@link GatePolicy#strict()});</li>
 *   <li>{@code wslab.autobahn.suiteHeap}: the suite JVM's heap, 1g by default (read by {@link Wstest}).</li>
 * </ul>
 */
public final class GateSettings {

    private GateSettings() {
    }

    /** The cases to run: {@link CaseSelection#ci()}, or every size with {@code wslab.autobahn.allSizes}. */
    public static CaseSelection selection() {
        CaseSelection selection = Boolean.getBoolean("wslab.autobahn.allSizes") ? CaseSelection.allSizes() : CaseSelection.ci();
        String only = System.getProperty("wslab.autobahn.cases", "").strip();
        if (!only.isEmpty()) {
            // Only these patterns, still without the excluded sizes (unless allSizes).
            return new CaseSelection(java.util.Arrays.stream(only.split(",")).map(String::strip).toList(),
                    selection.exclusions(), selection.notRun());
        }
        return selection;
    }

    /** The verdicts that fail: {@link GatePolicy#standard()}, or strict with {@code wslab.autobahn.strict}. */
    public static GatePolicy policy() {
        return Boolean.getBoolean("wslab.autobahn.strict") ? GatePolicy.strict() : GatePolicy.standard();
    }

    /** A fresh, empty report directory {@code name} (a stale report must never pass the gate). */
    public static Path freshReportDirectory(String name) throws IOException {
        Path dir = Path.of(System.getProperty("wslab.autobahn.reports", "target/autobahn")).resolve(name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Prints the verdict to the build log and keeps it next to the report. */
    public static void publish(GateResult result, Path dir, long startedNanos) throws IOException {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        String text = result.render() + "run time: " + seconds + " s; HTML report: " + dir.resolve("index.html") + "\n";
        Files.writeString(dir.resolve("gate.txt"), text);
        System.out.println();
        System.out.println(text);
    }
}
