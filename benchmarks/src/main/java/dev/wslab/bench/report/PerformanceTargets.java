package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets of issue 16 ("close the misses, and race the strongest peer end to end"), judged from the data
 * of one run: one row per target and JDK in the headline table, with the measured factor. A missed target
 * says by how much; the reason (from a profile) is in the notes.
 */
final class PerformanceTargets {

    private PerformanceTargets() {
    }

    /** The JMH targets for one JDK's results. */
    static void jmhRows(StringBuilder page, String jdk, List<RatioTable.Row> rows) {
        // Encoding: the connection's own call (encodeMessage) against Netty's encoder called directly.
        for (String role : new String[] {"server", "client"}) {
            for (String stream : new String[] {"largeBinary", "smallText", "fragmented"}) {
                String params = "role=" + role + ", stream=" + stream;
                faster(page, jdk, "encode, " + role + " role, " + stream + ": ≥ 1.0× Netty's speed",
                        "wslab `encodeMessage`", RatioTable.score(rows, "EncodeBenchmark", "wslabOutbox", params),
                        RatioTable.score(rows, "EncodeBenchmark", "netty", params), 1.0);
            }
        }
        String[][] utf8 = {
                {"text=ascii", "65536", "1.2", "64 KiB ASCII"},
                {"text=multilingual", "65536", "1.5", "64 KiB multilingual"},
                {"text=ascii", "128", "1.0", "128 B chat line (ASCII)"},
                {"text=multilingual", "128", "1.0", "128 B chat line (multilingual)"},
        };
        for (String[] t : utf8) {
            String params = "size=" + t[1] + ", " + t[0];
            slower(page, jdk, "UTF-8 validation, " + t[3] + ": ≤ " + t[2] + "× the JDK `CharsetDecoder`",
                    "`Utf8Validator`", RatioTable.score(rows, "Utf8Benchmark", "wslab", params),
                    RatioTable.score(rows, "Utf8Benchmark", "jdkCharsetDecoder", params), Double.parseDouble(t[2]));
        }
        String[][] masking = {{"16", "3"}, {"1024", "1.5"}, {"65536", "1.2"}};
        for (String[] t : masking) {
            slower(page, jdk, "masking " + t[0] + " B: ≤ " + t[1] + "× `System.arraycopy`", "`Masking.maskCopy`",
                    RatioTable.score(rows, "MaskingBenchmark", "wslabMaskCopy", "size=" + t[0]),
                    RatioTable.score(rows, "MaskingBenchmark", "arraycopy", "size=" + t[0]), Double.parseDouble(t[1]));
        }
        for (String[] c : new String[][] {{"DecodeBenchmark", "frame decode"},
                {"DecodeMessagesBenchmark", "message decode"}}) {
            for (String stream : new String[] {"smallText", "largeBinary", "fragmented"}) {
                faster(page, jdk, c[1] + ", " + stream + ": ≥ 2× Netty's speed", "wslab",
                        RatioTable.score(rows, c[0], "wslab", "stream=" + stream),
                        RatioTable.score(rows, c[0], "netty", "stream=" + stream), 2.0);
            }
        }
    }

    /** The end-to-end targets for one run (one JDK): wslab against Netty, and its p99 against the best peer. */
    static void endToEndRows(StringBuilder page, JsonNode run) {
        JsonNode environment = run.path("environment");
        String jdk = environment.path("javaVersion").asText() + " (load " + first(environment.path("loadAverageBefore"))
                + "→" + first(environment.path("loadAverageAfter")) + ")";
        Map<String, Map<String, JsonNode>> byShape = new LinkedHashMap<>();
        for (JsonNode cell : run.path("cells")) {
            JsonNode spec = cell.path("spec");
            String mode = spec.path("mode").asText();
            if (spec.path("payloadBytes").asInt() != 128 || spec.path("rooms").asInt() != 1) {
                continue;
            }
            String shape = mode.equals("SATURATION")
                    ? "saturation, " + spec.path("clients").asInt() + " clients in a room"
                    : "fixed rate " + spec.path("sendsPerSecond").asInt() + " sends/s, " + spec.path("clients").asInt()
                    + " clients";
            byShape.computeIfAbsent(shape, s -> new LinkedHashMap<>())
                    .put(spec.path("transport").path("id").asText(), cell);
        }
        for (Map.Entry<String, Map<String, JsonNode>> entry : byShape.entrySet()) {
            JsonNode wslab = entry.getValue().get("wslab-ws");
            // Netty is raced with and without FlushConsolidationHandler (an arguable choice): the better one counts.
            JsonNode consolidated = entry.getValue().get("netty-ws");
            JsonNode unconsolidated = entry.getValue().get("netty-ws-noflushconsolidation");
            JsonNode undertow = entry.getValue().get("undertow-ws");
            if (wslab == null || consolidated == null) {
                continue;
            }
            boolean saturation = entry.getKey().startsWith("saturation");
            JsonNode netty = unconsolidated == null ? consolidated
                    : better(consolidated, unconsolidated, saturation);
            String variant = unconsolidated == null ? "" : netty == consolidated
                    ? " (Netty with flush consolidation, the better variant here)"
                    : " (Netty without flush consolidation, the better variant here)";
            if (saturation) {
                int clients = wslab.path("spec").path("clients").asInt();
                if (clients != 10 && clients != 50) {
                    continue;
                }
                double ours = wslab.path("deliveredPerSecond").asDouble();
                double theirs = netty.path("deliveredPerSecond").asDouble();
                row(page, "end to end, " + entry.getKey() + ": ≥ 1.0× Netty's delivered msgs/s",
                        String.format(Locale.ROOT, "%,.0f vs %,.0f msgs/s: %.2f×%s%s", ours, theirs, ours / theirs,
                                variant, passed(wslab, netty)), jdk, atLeast(ours / theirs, 1.0));
                double cpu = wslab.path("serverCpuMicrosPerDelivered").asDouble();
                double peerCpu = netty.path("serverCpuMicrosPerDelivered").asDouble();
                row(page, "end to end, " + entry.getKey() + ": server CPU/msg ≤ Netty's",
                        String.format(Locale.ROOT, "%.2f µs vs %.2f µs: %.2f×%s", cpu, peerCpu, cpu / peerCpu, variant), jdk,
                        atMost(cpu / peerCpu, 1.0));
            } else {
                double p99 = wslab.path("latencyMicros").path("p99").asDouble();
                double nettyP99 = netty.path("latencyMicros").path("p99").asDouble();
                double undertowP99 = undertow == null ? Double.MAX_VALUE : undertow.path("latencyMicros").path("p99").asDouble();
                double best = Math.min(nettyP99, undertowP99);
                row(page, "end to end, " + entry.getKey() + ": p99 ≤ 1.0× the best peer's",
                        String.format(Locale.ROOT, "%.2f ms vs Netty %.2f ms, Undertow %s: %.2f× the best%s%s", p99 / 1000,
                                nettyP99 / 1000, undertow == null ? "not run" : String.format(Locale.ROOT, "%.2f ms",
                                        undertowP99 / 1000), p99 / best, variant, passed(wslab, netty)),
                        jdk, atMost(p99 / best, 1.0));
            }
        }
    }

    /** The stronger of two Netty cells: more messages/s at saturation, a lower p99 at a fixed rate. */
    private static JsonNode better(JsonNode a, JsonNode b, boolean saturation) {
        if (saturation) {
            return a.path("deliveredPerSecond").asDouble() >= b.path("deliveredPerSecond").asDouble() ? a : b;
        }
        return a.path("latencyMicros").path("p99").asDouble() <= b.path("latencyMicros").path("p99").asDouble() ? a : b;
    }

    private static String passed(JsonNode wslab, JsonNode peer) {
        return allChecksPassed(wslab) && allChecksPassed(peer) ? "" : " (a self-check FAILED in one of the two cells)";
    }

    private static boolean allChecksPassed(JsonNode cell) {
        for (JsonNode check : cell.path("checks")) {
            if (!check.path("passed").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static String first(JsonNode loadAverage) {
        return loadAverage.asText().split(" ")[0];
    }

    /** A "≥ limit× the peer's speed" target: speed = peer time / wslab time. */
    private static void faster(StringBuilder page, String jdk, String target, String what, Double wslab, Double peer,
                               double limit) {
        if (wslab == null || peer == null) {
            return;
        }
        double speed = peer / wslab;
        row(page, target, String.format(Locale.ROOT, "%s %.2f× the peer's speed (%s vs %s)", what, speed, time(wslab),
                time(peer)), jdk, atLeast(speed, limit));
    }

    /** A "≤ limit× the baseline's time" target. */
    private static void slower(StringBuilder page, String jdk, String target, String what, Double wslab,
                               Double baseline, double limit) {
        if (wslab == null || baseline == null) {
            return;
        }
        double ratio = wslab / baseline;
        row(page, target, String.format(Locale.ROOT, "%s %.2f× the baseline's time (%s vs %s)", what, ratio, time(wslab),
                time(baseline)), jdk, atMost(ratio, limit));
    }

    private static String time(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
    }

    private static String atMost(double ratio, double limit) {
        return ratio <= limit ? "**met**" : String.format(Locale.ROOT, "missed: %.2f× the limit", ratio / limit);
    }

    private static String atLeast(double ratio, double limit) {
        return ratio >= limit ? "**met**" : String.format(Locale.ROOT, "missed: %.2f× short", limit / ratio);
    }

    private static void row(StringBuilder page, String target, String measured, String jdk, String verdict) {
        page.append("| ").append(target).append(" | ").append(measured).append(" | ").append(jdk).append(" | ")
                .append(verdict).append(" |\n");
    }
}
