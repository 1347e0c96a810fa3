package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 19's targets (the chat as {@code ./wslab chat} ships it against the seed's Node stack) in the headline
 * table. Two sources, both written by a runner: the verdict rows that {@code TransportRunner --footprint} and
 * {@code FootprintComparison} compute into {@code footprint.md} (RSS, p99.9, messages per CPU-second), and
 * the capacity runs made with {@code --shipped-jvm}, whose RSS is judged here.
 */
final class FootprintTargets {

    /** Megabytes as the footprint page counts them (2^20 bytes, like the seed's figures from {@code ps}). */
    private static final double MB = 1024 * 1024;
    private static final Pattern THREE_COLUMNS = Pattern.compile(
            "(?m)^\\| ((?:RSS of wslab's chat|p99\\.9 at)[^|]*) \\| ([^|]+) \\| ([^|]+) \\|$");
    private static final Pattern FIVE_COLUMNS = Pattern.compile(
            "(?m)^\\| (delivered msgs per server CPU-second[^|]*) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$");

    /** The first load figures of the comparison block's header: "FootprintComparison …`, time, load before/after A … / B …". */
    private static final Pattern COMPARISON_LOAD = Pattern.compile(
            "FootprintComparison[^`]*`, [^,]+, load before/after (\\S+) .*? / (\\S+)");

    private FootprintTargets() {
    }

    /** The rows of {@code footprint.md}'s verdict tables, with the JDK and load of its run. */
    static void rows(StringBuilder page, Path footprintPage) throws IOException {
        String text = Files.readString(footprintPage, StandardCharsets.UTF_8);
        String context = context(footprintPage.resolveSibling("e2e-results-footprint.json"));
        Matcher three = THREE_COLUMNS.matcher(text);
        while (three.find()) {
            row(page, three.group(1), three.group(2).trim(), context, three.group(3).trim());
        }
        // The CPU comparison is a run of its own (FootprintComparison), at its own time and load: its rows say so.
        Matcher comparisonLoad = COMPARISON_LOAD.matcher(text);
        String comparisonContext = comparisonLoad.find()
                ? context.replaceFirst("\\(load .*\\)$", "(load " + comparisonLoad.group(1) + "→" + comparisonLoad.group(2) + ")")
                : context;
        Matcher five = FIVE_COLUMNS.matcher(text);
        while (five.find()) {
            row(page, five.group(1), "before issue 19 " + five.group(2).trim() + ", shipped " + five.group(3).trim()
                    + " (" + five.group(4).trim() + ")", comparisonContext, five.group(5).trim());
        }
    }

    /** The RSS targets of a capacity run of the shipped chat: 1,000 users ≤ 142 MB, 10,000 idle ≤ 300 MB. */
    static void capacityRows(StringBuilder page, JsonNode run) {
        if (!run.path("command").asText().contains("--shipped-jvm")) {
            return; // a run with the JVM's defaults says nothing about the shipped footprint
        }
        for (JsonNode server : run.path("servers")) {
            JsonNode idle = server.path("idle");
            if (!server.path("server").asText().equals("WSLAB") || idle.isMissingNode() || idle.isNull()) {
                continue;
            }
            int connections = idle.path("connections").asInt();
            double rss = idle.path("rssAfter").asDouble() / MB;
            String context = run.path("javaVersion").asText() + " (load " + run.path("loadBefore").asText().split(" ")[0]
                    + "→" + run.path("loadAfter").asText().split(" ")[0] + ")";
            String measured = String.format(Locale.ROOT, "%.1f MB with %,d connections open", rss, connections);
            if (connections == 1_000) {
                row(page, "RSS of wslab's chat, 1,000 users connecting one after another ≤ 142 MB (seed stack)",
                        measured, context, rss <= 142 ? "**met**" : "**missed**");
            } else if (connections == 10_000) {
                row(page, "RSS of wslab's chat, 10,000 idle WebSocket connections ≤ 300 MB", measured, context,
                        rss <= 300 ? "**met**" : "**missed**");
            }
        }
    }

    private static String context(Path runJson) throws IOException {
        if (!Files.isRegularFile(runJson)) {
            return "see footprint.md";
        }
        JsonNode environment = ResultsPage.JSON.readTree(runJson.toFile()).path("environment");
        return environment.path("javaVersion").asText() + " (load "
                + environment.path("loadAverageBefore").asText().split(" ")[0] + "→"
                + environment.path("loadAverageAfter").asText().split(" ")[0] + ")";
    }

    private static void row(StringBuilder page, String target, String measured, String jdk, String verdict) {
        page.append("| ").append(target).append(" | ").append(measured).append(" | ").append(jdk).append(" | ")
                .append(verdict).append(" |\n");
    }
}
