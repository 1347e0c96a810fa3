package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The full matrix's verdict and summary tables come from its JSON: a short or failing run is not "met". */
class FullMatrixTest {

    private static final String ENVIRONMENT = "\"environment\":{\"javaVersion\":\"17\",\"loadAverageBefore\":\"2.0 1 1\","
            + "\"loadAverageAfter\":\"4.0 2 1\",\"startedUtc\":\"T0\",\"finishedUtc\":\"T1\"}";

    private static String cell(String transport, String mode, int clients, double perSecond, long p99Micros, boolean passed) {
        return "{\"spec\":{\"transport\":{\"id\":\"" + transport + "\"},\"payloadBytes\":128,\"clients\":" + clients
                + ",\"rooms\":1,\"mode\":\"" + mode + "\"},\"deliveredPerSecond\":" + perSecond
                + ",\"latencyMicros\":{\"p99\":" + p99Micros + "},\"checks\":[{\"name\":\"delivery\",\"passed\":" + passed + "}]}";
    }

    private static JsonNode run(String... cells) throws Exception {
        return new ObjectMapper().readTree("{" + ENVIRONMENT + ",\"cells\":[" + String.join(",", cells) + "]}");
    }

    @Test
    void aRunShortOfThePlannedCellsOrWithAFailedCheckIsMissed() throws Exception {
        StringBuilder page = new StringBuilder();

        FullMatrix.row(page, run(cell("wslab-ws", "SATURATION", 10, 5000, 1000, true),
                cell("long-poll", "SATURATION", 10, 2000, 3000, false)));

        assertThat(page.toString()).contains("| 2 of 336 cells ran; 1 cell(s) failed a self-check | 17 (load 2.0→4.0) | missed |");
    }

    private static String shortPollCell(double periodMs, double roundTripMs) {
        return "{\"spec\":{\"transport\":{\"id\":\"short-poll-100ms\"},\"payloadBytes\":16,\"clients\":1000,"
                + "\"rooms\":1,\"mode\":\"FIXED_RATE\"},\"deliveredPerSecond\":10000,\"latencyMicros\":{\"p99\":1},"
                + "\"checks\":[{\"name\":\"delivery\",\"passed\":true},{\"name\":\"short polling at 100 ms has a median "
                + "latency near 100/2\",\"passed\":false,\"detail\":\"median 199.04 ms; N/2 = 50.0 ms; measured period "
                + periodMs + " ms, round trip " + roundTripMs + " ms, so expected 150.3 ms\"}]}";
    }

    @Test
    void aShortPollModelMissAtAnOverloadedRoundTripIsListedButDeliveryDecides() throws Exception {
        String[] cells = new String[336];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell("wslab-ws", "SATURATION", 10, 5000, 1000, true);
        }
        cells[7] = shortPollCell(104.8, 97.83);
        StringBuilder overloaded = new StringBuilder();
        StringBuilder section = new StringBuilder();

        FullMatrix.row(overloaded, run(cells));
        FullMatrix.section(section, Path.of("docs/benchmarks/full/jdk17/e2e-results-full.json"), run(cells));

        assertThat(overloaded.toString()).contains("336 of 336 cells ran; every delivery check passed; 1 short-polling cell(s)")
                .endsWith("| **met** |\n");
        assertThat(section.toString()).contains("short-poll-100ms 16 B 1000/1 fixed_rate (median 199.04 ms;");

        cells[7] = shortPollCell(104.8, 12.0); // a round trip well below the period: the model holds, so a real failure
        StringBuilder real = new StringBuilder();
        FullMatrix.row(real, run(cells));
        assertThat(real.toString()).contains("1 cell(s) failed a self-check").endsWith("| missed |\n");
    }

    @Test
    void theSectionTabulatesThroughputAndP99AgainstClientsPerTransport() throws Exception {
        StringBuilder page = new StringBuilder();

        FullMatrix.section(page, Path.of("docs/benchmarks/full/jdk17/e2e-results-full.json"), run(
                cell("wslab-ws", "SATURATION", 1, 40000, 100, true),
                cell("wslab-ws", "SATURATION", 1000, 160000, 9000, true),
                cell("netty-ws", "SATURATION", 1000, 60000, 9000, true),
                cell("wslab-ws", "FIXED_RATE", 1000, 10000, 2500, true)));

        assertThat(page.toString())
                .contains("## Full matrix, JDK 17")
                .contains("[full/jdk17/e2e-results-full.md](full/jdk17/e2e-results-full.md)")
                .contains("| transport | 1 | 1,000 |\n|---|---:|---:|\n| wslab-ws | 40,000 | 160,000 |\n| netty-ws | – | 60,000 |")
                .contains("| wslab-ws | 2.50 |")
                .contains("![e2e-p99-vs-clients.png](full/jdk17/e2e-p99-vs-clients.png)")
                .doesNotContain("failed a self-check");
    }
}
