package dev.wslab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19's headline rows: copied from the verdicts footprint.md was written with, RSS judged from capacity data. */
class FootprintTargetsTest {

    @TempDir
    Path dir;

    @Test
    void footprintPageVerdictRowsReachTheHeadlineTable() throws IOException {
        Path page = dir.resolve("footprint.md");
        Files.writeString(page, """
                | target | measured | verdict |
                |---|---|---|
                | RSS of wslab's chat, wslab-ws 128B 10c/1r 100/s ≤ 114 MB (seed stack) | 100.0 MB (peak 110.5) | **met** |
                | p99.9 at 10 members × 100 msgs/s ≤ the seed stack's 0.91 ms | 1.20 ms | **missed** |

                | target (issue 19) | before | shipped | ratio | verdict |
                |---|---|---|---|---|
                | delivered msgs per server CPU-second, wslab-ws 128B 10c/1r 100/s, not lower than before | 5,606 | 6,018 | 1.07× | **met** |
                """);
        Files.writeString(dir.resolve("e2e-results-footprint.json"), """
                {"environment": {"javaVersion": "17.0.15", "loadAverageBefore": "0.50 0.4 0.3", "loadAverageAfter": "1.20 1 1"}}
                """);
        StringBuilder out = new StringBuilder();

        FootprintTargets.rows(out, page);

        assertThat(out.toString()).isEqualTo("""
                | RSS of wslab's chat, wslab-ws 128B 10c/1r 100/s ≤ 114 MB (seed stack) | 100.0 MB (peak 110.5) | 17.0.15 (load 0.50→1.20) | **met** |
                | p99.9 at 10 members × 100 msgs/s ≤ the seed stack's 0.91 ms | 1.20 ms | 17.0.15 (load 0.50→1.20) | **missed** |
                | delivered msgs per server CPU-second, wslab-ws 128B 10c/1r 100/s, not lower than before | before issue 19 5,606, shipped 6,018 (1.07×) | 17.0.15 (load 0.50→1.20) | **met** |
                """);
    }

    @Test
    void capacityRssIsJudgedOnlyForRunsOfTheShippedChat() throws IOException {
        String run = """
                {"command": "CapacityRunner --users %d --servers wslab%s", "javaVersion": "17", "loadBefore": "9 8 7",
                 "loadAfter": "7 6 5", "servers": [{"server": "WSLAB", "idle": {"connections": %d, "rssAfter": %d}}]}
                """;
        StringBuilder out = new StringBuilder();

        FootprintTargets.capacityRows(out, ResultsPage.JSON.readTree(run.formatted(10_000, " --shipped-jvm", 10_000, 301L << 20)));
        FootprintTargets.capacityRows(out, ResultsPage.JSON.readTree(run.formatted(1_000, " --shipped-jvm", 1_000, 142L << 20)));
        FootprintTargets.capacityRows(out, ResultsPage.JSON.readTree(run.formatted(1_000, "", 1_000, 999L << 20)));

        assertThat(out.toString()).isEqualTo("""
                | RSS of wslab's chat, 10,000 idle WebSocket connections ≤ 300 MB | 301.0 MB with 10,000 connections open | 17 (load 9→7) | **missed** |
                | RSS of wslab's chat, 1,000 users connecting one after another ≤ 142 MB (seed stack) | 142.0 MB with 1,000 connections open | 17 (load 9→7) | **met** |
                """);
    }
}
