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
        List<String> failed = failedCells(run, false);
        List<String> overloaded = failedCells(run, true);
        String measured = String.format(Locale.ROOT, "%d of %d cells ran; %s", cells, PLANNED_CELLS,
                failed.isEmpty() ? "every delivery check passed" : failed.size() + " cell(s) failed a self-check");
        if (!overloaded.isEmpty()) {
            measured += String.format(Locale.ROOT, "; %d short-polling cell(s) failed only the latency-model check, "
                    + "with a poll's round trip at a quarter of its period or more (listed below the matrix)", overloaded.size());
        }
        boolean met = cells == PLANNED_CELLS && failed.isEmpty();
        page.append("| `TransportRunner --full` runs to the end, published with charts (every cell's delivery checks pass) | ")
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
        for (JsonNode note : run.path("notes")) {
            page.append(note.asText()).append("\n\n");
        }
        List<String> failed = failedCells(run, false);
        if (!failed.isEmpty()) {
            page.append("Cells that failed a self-check: ").append(String.join("; ", failed)).append(".\n\n");
        }
        List<String> overloaded = failedCells(run, true);
        if (!overloaded.isEmpty()) {
            page.append("Short-polling cells whose median latency left the check's model (half the poll period plus a ")
                    .append("round trip, which assumes a round trip well below the period): ")
                    .append(String.join("; ", overloaded)).append(". Every message was still delivered exactly once ")
                    .append("and in order there; the server was answering more polls than the host could serve.\n\n");
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

    /**
     * Cells with a failed self-check. {@code overloaded}: only the cells whose one failure is the short-polling
     * latency model at a round trip of a quarter of the poll period or more (the model's premise gone: the host
     * could not serve the polls); otherwise every other cell with a failure.
     */
    private static List<String> failedCells(JsonNode run, boolean overloaded) {
        List<String> failed = new ArrayList<>();
        for (JsonNode cell : run.path("cells")) {
            List<JsonNode> failures = new ArrayList<>();
            for (JsonNode check : cell.path("checks")) {
                if (!check.path("passed").asBoolean()) {
                    failures.add(check);
                }
            }
            if (failures.isEmpty()) {
                continue;
            }
            boolean onlyTheModel = failures.size() == 1 && pollsOutranTheHost(failures.get(0));
            if (onlyTheModel != overloaded) {
                continue;
            }
            JsonNode spec = cell.path("spec");
            JsonNode check = failures.get(0);
            failed.add(spec.path("transport").path("id").asText() + " " + spec.path("payloadBytes").asInt()
                    + " B " + spec.path("clients").asInt() + "/" + spec.path("rooms").asInt() + " "
                    + spec.path("mode").asText().toLowerCase(Locale.ROOT) + " (" + (overloaded
                    ? check.path("detail").asText() : check.path("name").asText()) + ")");
        }
        return failed;
    }

    private static final java.util.regex.Pattern PERIOD_AND_ROUND_TRIP =
            java.util.regex.Pattern.compile("measured period ([0-9.]+) ms, round trip ([0-9.]+) ms");

    private static boolean pollsOutranTheHost(JsonNode check) {
        if (!check.path("name").asText().startsWith("short polling at")) {
            return false;
        }
        java.util.regex.Matcher m = PERIOD_AND_ROUND_TRIP.matcher(check.path("detail").asText());
        return m.find() && Double.parseDouble(m.group(2)) >= Double.parseDouble(m.group(1)) / 4;
    }

    private static String jdkAndLoad(JsonNode run) {
        JsonNode environment = run.path("environment");
        return environment.path("javaVersion").asText() + " (load " + environment.path("loadAverageBefore").asText().split(" ")[0]
                + "→" + environment.path("loadAverageAfter").asText().split(" ")[0] + ")";
    }
}
