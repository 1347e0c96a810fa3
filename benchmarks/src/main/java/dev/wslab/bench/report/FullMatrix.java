package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code TransportRunner --full} matrix of one JDK on the results page: a headline row (did it run to
 * the end, with every self-check passed?) and a section with its charts and two summary tables read from
 * the JSON. The 336-row table itself stays in the run's own Markdown file, linked from the section.
 */
final class FullMatrix {

    /** 4 payloads × 7 client/room shapes × 6 transports × 2 modes, as {@code Profile.FULL} builds it. */
    static final int PLANNED_CELLS = 336;

    private FullMatrix() {
    }

    /** The headline row: the target is that the whole matrix runs to the end and is published. */
    static void row(StringBuilder page, JsonNode run) {
        int cells = run.path("cells").size();
        List<String> failed = failedCells(run);
        String measured = String.format(Locale.ROOT, "%d of %d cells ran; %s", cells, PLANNED_CELLS,
                failed.isEmpty() ? "every self-check passed" : failed.size() + " cell(s) failed a self-check");
        boolean met = cells == PLANNED_CELLS && failed.isEmpty();
        page.append("| `TransportRunner --full` runs to the end (every cell's self-checks pass), published with charts | ")
                .append(measured).append(" | ").append(jdkAndLoad(run)).append(" | ")
                .append(met ? "**met**" : "missed").append(" |\n");
    }

    /** The section: where the files are, the charts, and throughput and p99 against the number of clients. */
    static void section(StringBuilder page, Path json, JsonNode run) {
        JsonNode environment = run.path("environment");
        Path dir = json.getParent();
        String rel = dir.getFileName().toString();
        String parent = dir.getParent() == null ? "" : dir.getParent().getFileName().toString() + "/";
        String base = parent + rel + "/";
        page.append("## Full matrix, JDK ").append(environment.path("javaVersion").asText()).append("\n\n");
        page.append("Run ").append(environment.path("startedUtc").asText()).append(" → ")
                .append(environment.path("finishedUtc").asText()).append(", load average before ")
                .append(environment.path("loadAverageBefore").asText()).append(", after ")
                .append(environment.path("loadAverageAfter").asText()).append(". Every cell, with its self-checks: [")
                .append(base).append("e2e-results-full.md](").append(base).append("e2e-results-full.md) (JSON beside it).\n\n");
        List<String> failed = failedCells(run);
        if (!failed.isEmpty()) {
            page.append("Cells that failed a self-check: ").append(String.join("; ", failed)).append(".\n\n");
        }
        summary(page, run, "SATURATION", "Delivered messages/s at saturation, 128 B, one room", cell ->
                String.format(Locale.ROOT, "%,.0f", cell.path("deliveredPerSecond").asDouble()));
        summary(page, run, "FIXED_RATE", "p99 latency (ms) at a fixed rate, 128 B, one room", cell ->
                String.format(Locale.ROOT, "%.2f", cell.path("latencyMicros").path("p99").asDouble() / 1000));
        for (String chart : List.of("e2e-messages-per-second-vs-clients.png", "e2e-p99-vs-clients.png",
                "e2e-latency-percentiles.png", "e2e-bytes-per-message.png")) {
            page.append("![").append(chart).append("](").append(base).append(chart).append(")\n\n");
        }
    }

    private static void summary(StringBuilder page, JsonNode run, String mode, String title,
                                java.util.function.Function<JsonNode, String> value) {
        Map<String, Map<Integer, JsonNode>> byTransport = new LinkedHashMap<>();
        TreeSet<Integer> counts = new TreeSet<>();
        for (JsonNode cell : run.path("cells")) {
            JsonNode spec = cell.path("spec");
            if (!spec.path("mode").asText().equals(mode) || spec.path("rooms").asInt() != 1
                    || spec.path("payloadBytes").asInt() != 128) {
                continue;
            }
            int clients = spec.path("clients").asInt();
            counts.add(clients);
            byTransport.computeIfAbsent(spec.path("transport").path("id").asText(), k -> new LinkedHashMap<>())
                    .put(clients, cell);
        }
        if (byTransport.isEmpty()) {
            return;
        }
        page.append(title).append(" (by number of clients; the load column of the full table says how each cell sent):\n\n");
        page.append("| transport |");
        counts.forEach(c -> page.append(' ').append(String.format(Locale.ROOT, "%,d", c)).append(" |"));
        page.append("\n|---|");
        counts.forEach(c -> page.append("---:|"));
        page.append('\n');
        for (Map.Entry<String, Map<Integer, JsonNode>> entry : byTransport.entrySet()) {
            page.append("| ").append(entry.getKey()).append(" |");
            for (int c : counts) {
                JsonNode cell = entry.getValue().get(c);
                page.append(' ').append(cell == null ? "–" : value.apply(cell)).append(" |");
            }
            page.append('\n');
        }
        page.append('\n');
    }

    private static List<String> failedCells(JsonNode run) {
        List<String> failed = new ArrayList<>();
        for (JsonNode cell : run.path("cells")) {
            for (JsonNode check : cell.path("checks")) {
                if (!check.path("passed").asBoolean()) {
                    JsonNode spec = cell.path("spec");
                    failed.add(spec.path("transport").path("id").asText() + " " + spec.path("payloadBytes").asInt()
                            + " B " + spec.path("clients").asInt() + "/" + spec.path("rooms").asInt() + " "
                            + spec.path("mode").asText().toLowerCase(Locale.ROOT) + " (" + check.path("name").asText() + ")");
                    break;
                }
            }
        }
        return failed;
    }

    private static String jdkAndLoad(JsonNode run) {
        JsonNode environment = run.path("environment");
        return environment.path("javaVersion").asText() + " (load " + environment.path("loadAverageBefore").asText().split(" ")[0]
                + "→" + environment.path("loadAverageAfter").asText().split(" ")[0] + ")";
    }
}
