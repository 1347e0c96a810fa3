package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the results page ({@code docs/benchmarks/README.md}) from the files of one real run: the
 * JMH JSON of each JDK, the end-to-end JSON and a hand-written notes file (how the run went, why the
 * numbers are what they are). Every headline figure is a ratio of two results of the same run, and
 * every target is marked met or missed by the factor it is missed by — computed here from the data,
 * never typed in.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.report.ResultsPage \
 *     --jmh docs/benchmarks/jmh-jdk17.json [--jmh docs/benchmarks/jmh-jdk25.json] \
 *     --e2e docs/benchmarks/e2e-results.json [--capacity docs/benchmarks/capacity-results.json] \
 *     [--full docs/benchmarks/full/jdk17/e2e-results-full.json] [--footprint docs/benchmarks/footprint.md] \
 *     [--footprint-capacity docs/benchmarks/footprint-capacity/users-10000/capacity-results.json] \
 *     --notes docs/benchmarks/notes.md --out docs/benchmarks/README.md
 * </pre>
 */
public final class ResultsPage {

    static final ObjectMapper JSON = new ObjectMapper();

    private ResultsPage() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> jmh = new ArrayList<>();
        List<Path> e2e = new ArrayList<>();
        List<Path> capacity = new ArrayList<>();
        List<Path> full = new ArrayList<>();
        List<Path> footprint = new ArrayList<>();
        List<Path> footprintCapacity = new ArrayList<>();
        Path notes = null;
        Path out = Path.of("docs", "benchmarks", "README.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jmh" -> jmh.add(Path.of(args[++i]));
                case "--e2e" -> e2e.add(Path.of(args[++i]));
                case "--capacity" -> capacity.add(Path.of(args[++i]));
                case "--full" -> full.add(Path.of(args[++i]));
                case "--footprint" -> footprint.add(Path.of(args[++i]));
                case "--footprint-capacity" -> footprintCapacity.add(Path.of(args[++i]));
                case "--notes" -> notes = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.writeString(out, render(jmh, e2e, capacity, full, footprint, footprintCapacity, notes), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    static String render(List<Path> jmhFiles, List<Path> e2eFiles, Path notesFile) throws IOException {
        return render(jmhFiles, e2eFiles, List.of(), List.of(), List.of(), List.of(), notesFile);
    }

    static String render(List<Path> jmhFiles, List<Path> e2eFiles, List<Path> capacityFiles, List<Path> fullFiles,
                         List<Path> footprintPages, List<Path> footprintCapacityFiles, Path notesFile) throws IOException {
        StringBuilder page = new StringBuilder();
        String notes = notesFile == null ? "" : Files.readString(notesFile, StandardCharsets.UTF_8);
        String[] parts = notes.split("(?m)^<!-- headlines -->\\s*$", 2);
        page.append(parts[0].stripTrailing()).append("\n\n");

        Map<String, List<RatioTable.Row>> byJdk = new LinkedHashMap<>();
        for (Path file : jmhFiles) {
            byJdk.put(jdkOf(file), RatioTable.read(file));
        }
        List<JsonNode> e2eRuns = new ArrayList<>();
        for (Path file : e2eFiles) {
            e2eRuns.add(JSON.readTree(file.toFile()));
        }

        page.append("## Headline ratios and targets\n\n");
        page.append("| target | measured | JDK | verdict |\n|---|---|---|---|\n");
        for (Map.Entry<String, List<RatioTable.Row>> entry : byJdk.entrySet()) {
            PerformanceTargets.jmhRows(page, entry.getKey(), entry.getValue());
        }
        for (JsonNode e2e : e2eRuns) {
            PerformanceTargets.endToEndRows(page, e2e);
            endToEnd(page, e2e);
        }
        for (Path file : capacityFiles) {
            CapacityTargets.rows(page, JSON.readTree(file.toFile()));
        }
        for (Path file : fullFiles) {
            FullMatrix.row(page, JSON.readTree(file.toFile()));
        }
        for (Path file : footprintPages) {
            FootprintTargets.rows(page, file);
        }
        for (Path file : footprintCapacityFiles) {
            FootprintTargets.capacityRows(page, JSON.readTree(file.toFile()));
        }
        page.append('\n');
        if (parts.length > 1) {
            page.append(parts[1].strip()).append("\n\n");
        }
        for (Map.Entry<String, List<RatioTable.Row>> entry : byJdk.entrySet()) {
            page.append("## JMH ratio tables, JDK ").append(entry.getKey()).append("\n\n");
            page.append(RatioTable.toMarkdown(entry.getValue()).replace("### ", "#### "));
        }
        for (Path file : capacityFiles) {
            CapacityTargets.section(page, file, JSON.readTree(file.toFile()));
        }
        for (Path file : fullFiles) {
            FullMatrix.section(page, file, JSON.readTree(file.toFile()));
        }
        for (Path e2eFile : e2eFiles) {
            JsonNode environment = JSON.readTree(e2eFile.toFile()).path("environment");
            page.append("## End-to-end table, JDK ").append(environment.path("javaVersion").asText()).append("\n\n");
            page.append("From `").append(e2eFile).append("` (load average before the run: ")
                    .append(environment.path("loadAverageBefore").asText()).append(", after: ")
                    .append(environment.path("loadAverageAfter").asText()).append("); the same table, with every ")
                    .append("self-check, is in `").append(e2eFile.toString().replace(".json", ".md")).append("`.\n\n");
            String table = Files.readString(e2eFile.resolveSibling(
                    e2eFile.getFileName().toString().replace(".json", ".md")), StandardCharsets.UTF_8);
            int start = table.indexOf("| transport |");
            int end = table.indexOf("\n\n", start);
            page.append(table, start, end < 0 ? table.length() : end).append("\n\n");
        }
        return page.toString();
    }

    private static void endToEnd(StringBuilder page, JsonNode e2e) {
        String jdk = e2e.path("environment").path("javaVersion").asText();
        Map<String, JsonNode> wslab = new LinkedHashMap<>();
        Map<String, JsonNode> undertow = new LinkedHashMap<>();
        for (JsonNode cell : e2e.path("cells")) {
            JsonNode spec = cell.path("spec");
            String transport = spec.path("transport").path("id").asText();
            String shape = spec.path("mode").asText() + " " + spec.path("payloadBytes").asInt() + " B, "
                    + spec.path("clients").asInt() + " clients/" + spec.path("rooms").asInt() + " room(s)"
                    + (spec.path("mode").asText().equals("FIXED_RATE") ? ", " + spec.path("sendsPerSecond").asInt()
                    + " sends/s" : ", " + spec.path("inFlight").asInt() + " in flight per client");
            if (spec.path("mode").asText().equals("FIXED_RATE") && spec.path("payloadBytes").asInt() != 128) {
                // The payload sweep is in the full table; the headlines use the 128-byte reference cells.
                continue;
            }
            if (transport.equals("wslab-ws")) {
                wslab.put(shape, cell);
            } else if (transport.equals("undertow-ws")) {
                undertow.put(shape, cell);
            }
        }
        for (Map.Entry<String, JsonNode> entry : wslab.entrySet()) {
            JsonNode peer = undertow.get(entry.getKey());
            if (peer == null) {
                continue;
            }
            JsonNode ours = entry.getValue();
            boolean saturation = entry.getKey().startsWith("SATURATION");
            if (saturation) {
                double ratio = ours.path("deliveredPerSecond").asDouble() / peer.path("deliveredPerSecond").asDouble();
                page.append(String.format(Locale.ROOT, "| wslab WS ≥ 1.0× Undertow msgs/s (%s) | %.2f× (%,.0f vs %,.0f delivered/s) | %s | %s |%n",
                        entry.getKey(), ratio, ours.path("deliveredPerSecond").asDouble(),
                        peer.path("deliveredPerSecond").asDouble(), jdk,
                        ratio >= 1.0 ? "**met**" : String.format(Locale.ROOT, "missed by %.2f×", 1.0 / ratio)));
            }
            double p99 = ours.path("latencyMicros").path("p99").asDouble();
            double peerP99 = peer.path("latencyMicros").path("p99").asDouble();
            page.append(String.format(Locale.ROOT, "| wslab WS p99 no worse than Undertow (%s) | %.2f ms vs %.2f ms (%.2f×) | %s | %s |%n",
                    entry.getKey(), p99 / 1000, peerP99 / 1000, p99 / peerP99, jdk,
                    p99 <= peerP99 ? "**met**" : String.format(Locale.ROOT, "missed by %.2f×", p99 / peerP99)));
            double cpu = ours.path("serverCpuMicrosPerDelivered").asDouble();
            double peerCpu = peer.path("serverCpuMicrosPerDelivered").asDouble();
            page.append(String.format(Locale.ROOT, "| wslab WS server CPU/msg no worse than Undertow (%s) | %.2f µs vs %.2f µs (%.2f×) | %s | %s |%n",
                    entry.getKey(), cpu, peerCpu, cpu / peerCpu, jdk,
                    cpu <= peerCpu ? "**met**" : String.format(Locale.ROOT, "missed by %.2f×", cpu / peerCpu)));
        }
    }

    private static String jdkOf(Path jmhJson) throws IOException {
        JsonNode root = JSON.readTree(jmhJson.toFile());
        return root.size() == 0 ? "?" : root.get(0).path("jdkVersion").asText();
    }
}
