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

    /** The rows of {@code footprint.md}'s verdict tables, each with the JDK and load of the run that measured it. */
    static void rows(StringBuilder page, Path footprintPage) throws IOException {
        String text = Files.readString(footprintPage, StandardCharsets.UTF_8);
        Path runJson = footprintPage.resolveSibling("e2e-results-footprint.json");
        String context = "see footprint.md";
        String comparisonContext = context;
        if (Files.isRegularFile(runJson)) {
            JsonNode environment = ResultsPage.JSON.readTree(runJson.toFile()).path("environment");
            String jdk = environment.path("javaVersion").asText();
            context = context(jdk, environment.path("loadAverageBefore").asText(), environment.path("loadAverageAfter").asText());
            // The CPU comparison is a run of its own (FootprintComparison), at its own time and load: its rows say so.
            Matcher comparisonLoad = COMPARISON_LOAD.matcher(text);
            comparisonContext = comparisonLoad.find() ? context(jdk, comparisonLoad.group(1), comparisonLoad.group(2)) : context;
        }
        Matcher three = THREE_COLUMNS.matcher(text);
        while (three.find()) {
            row(page, three.group(1), three.group(2).trim(), context, three.group(3).trim());
        }
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
            String context = context(run.path("javaVersion").asText(), run.path("loadBefore").asText(),
                    run.path("loadAfter").asText());
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

    /** "17.0.15 (load 0.49→0.26)": the JDK and the 1-minute load averages before and after a run. */
    private static String context(String jdk, String loadBefore, String loadAfter) {
        return jdk + " (load " + loadBefore.split(" ")[0] + "→" + loadAfter.split(" ")[0] + ")";
    }

    private static void row(StringBuilder page, String target, String measured, String jdk, String verdict) {
        page.append("| ").append(target).append(" | ").append(measured).append(" | ").append(jdk).append(" | ")
                .append(verdict).append(" |\n");
    }
}
