package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The capacity targets of issue 11, judged from {@code capacity-results.json} (written by
 * {@code CapacityRunner}): one row per target in the headline table, then the run's own tables.
 */
final class CapacityTargets {

    private CapacityTargets() {
    }

    /** Appends the target rows for one capacity run (one JDK). */
    static void rows(StringBuilder page, JsonNode run) {
        String jdk = run.path("javaVersion").asText();
        String load = run.path("loadBefore").asText().split(" ")[0] + "→" + run.path("loadAfter").asText().split(" ")[0];
        JsonNode wslab = server(run, "WSLAB");
        JsonNode undertow = server(run, "UNDERTOW_NATIVE");
        if (wslab == null) {
            return;
        }
        String context = jdk + " (load " + load + ")";
        JsonNode storm = wslab.path("storm");
        if (!storm.isMissingNode() && !storm.isNull()) {
            double ratio = storm.path("lastOverFirst").asDouble();
            String peer = undertow == null || undertow.path("storm").isNull() ? "" : String.format(Locale.ROOT,
                    "; Undertow-native %.2f×", undertow.path("storm").path("lastOverFirst").asDouble());
            row(page, String.format(Locale.ROOT, "connect storm, %,d users: ms/connect of the last 1,000 ≤ 2× the first 1,000",
                            storm.path("users").asInt()),
                    String.format(Locale.ROOT, "%.3f ms vs %.3f ms: %.2f×%s", storm.path("lastBatchMeanMillis").asDouble(),
                            storm.path("firstBatchMeanMillis").asDouble(), ratio, peer),
                    context, verdict(ratio, 2.0));
            long atFirst = storm.path("firstUserBytesAtBatch1").asLong();
            long atEnd = storm.path("firstUserBytesAtEnd").asLong();
            double growth = atFirst == 0 ? Double.NaN : (double) atEnd / atFirst;
            row(page, "connect storm: bytes a client receives do not grow with N (user 1 at N=10,000 vs at N=1,000)",
                    String.format(Locale.ROOT, "%,d B vs %,d B (%.2f×); at most %,.0f B and %d presence events per client",
                            atEnd, atFirst, growth, storm.path("maxBytesPerClient").asDouble(),
                            storm.path("maxPresenceEventsPerClient").asInt()),
                    context, verdict(growth, 1.0));
        }
        JsonNode idle = wslab.path("idle");
        if (!idle.isMissingNode() && !idle.isNull()) {
            JsonNode peerIdle = undertow == null ? null : undertow.path("idle");
            boolean held = idle.path("connections").asInt() >= 10_000 && wslab.path("failure").isNull();
            row(page, "10,000 idle WebSocket connections held with the default heap",
                    String.format(Locale.ROOT, "%,d held, %.1f MiB heap used of a default max of %,.0f MiB",
                            idle.path("connections").asInt(), idle.path("heapAfter").asDouble() / 1048576,
                            idle.path("heapMax").asDouble() / 1048576),
                    context, held ? "**met**" : "missed");
            if (peerIdle != null && !peerIdle.isMissingNode() && !peerIdle.isNull()) {
                double ours = idle.path("heapPerConnection").asDouble();
                double theirs = peerIdle.path("heapPerConnection").asDouble();
                row(page, "retained heap per idle connection ≤ Undertow-native's",
                        String.format(Locale.ROOT, "%,.0f B vs %,.0f B (%.2f×); native %,.0f B vs %,.0f B; fds %.2f vs %.2f",
                                ours, theirs, ours / theirs, idle.path("nativePerConnection").asDouble(),
                                peerIdle.path("nativePerConnection").asDouble(), idle.path("fdsPerConnection").asDouble(),
                                peerIdle.path("fdsPerConnection").asDouble()),
                        context, verdict(ours / theirs, 1.0));
            }
        }
        JsonNode active = wslab.path("active");
        if (!active.isMissingNode() && !active.isNull()) {
            boolean exact = active.path("lost").asLong() == 0 && active.path("duplicated").asLong() == 0
                    && active.path("roomsOutOfOrder").asInt() == 0;
            JsonNode peer = undertow == null ? null : undertow.path("active");
            String peerText = peer == null || peer.isMissingNode() || peer.isNull() ? "" : String.format(Locale.ROOT,
                    "; Undertow-native %,.0f msgs/s, p50 %.2f ms, p99 %.2f ms (wslab %.2f× its msgs/s)",
                    peer.path("deliveredPerSecond").asDouble(), peer.path("p50Millis").asDouble(),
                    peer.path("p99Millis").asDouble(),
                    active.path("deliveredPerSecond").asDouble() / peer.path("deliveredPerSecond").asDouble());
            row(page, "1,000 active clients, 50 rooms, 100 messages each: 0 lost, 0 duplicated, per-room order kept",
                    String.format(Locale.ROOT, "%,d lost, %,d duplicated, %d rooms out of order of %,d deliveries; "
                                    + "%,.0f msgs/s, p50 %.2f ms, p99 %.2f ms%s",
                            active.path("lost").asLong(), active.path("duplicated").asLong(),
                            active.path("roomsOutOfOrder").asInt(), active.path("expectedDeliveries").asLong(),
                            active.path("deliveredPerSecond").asDouble(), active.path("p50Millis").asDouble(),
                            active.path("p99Millis").asDouble(), peerText),
                    context, exact ? "**met**" : "missed");
        }
    }

    /** Appends the run's tables (from the Markdown next to the JSON) and its chart. */
    static void section(StringBuilder page, Path file, JsonNode run) throws IOException {
        page.append("## Capacity, JDK ").append(run.path("javaVersion").asText()).append("\n\n");
        page.append("From `").append(file).append("`. Machine load (`/proc/loadavg`) before the run: `")
                .append(run.path("loadBefore").asText()).append("`, after: `").append(run.path("loadAfter").asText())
                .append("`.\n\n");
        Path md = file.resolveSibling(file.getFileName().toString().replace(".json", ".md"));
        if (Files.exists(md)) {
            page.append(Files.readString(md, StandardCharsets.UTF_8).strip()).append("\n\n");
        }
        Path chart = file.resolveSibling("capacity-connect-time.png");
        if (Files.exists(chart)) {
            page.append("![connect time per 1,000 users](")
                    .append(file.getParent() == null || file.getParent().getFileName() == null
                            || !file.getParent().getFileName().toString().equals("jdk25") ? "" : "jdk25/")
                    .append("capacity-connect-time.png)\n\n");
        }
    }

    private static JsonNode server(JsonNode run, String name) {
        for (JsonNode s : run.path("servers")) {
            if (s.path("server").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static void row(StringBuilder page, String target, String measured, String jdk, String verdict) {
        page.append("| ").append(target).append(" | ").append(measured).append(" | ").append(jdk).append(" | ")
                .append(verdict).append(" |\n");
    }

    private static String verdict(double ratio, double limit) {
        if (Double.isNaN(ratio)) {
            return "not measured";
        }
        return ratio <= limit ? "**met**" : String.format(Locale.ROOT, "missed by %.2f×", ratio / limit);
    }
}
