package dev.wslab.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RatioTableTest {

    private static final String JMH_JSON = "["
            + "{\"benchmark\":\"dev.wslab.bench.masking.MaskingBenchmark.arraycopy\",\"mode\":\"avgt\","
            + "\"params\":{\"size\":\"1024\"},\"primaryMetric\":{\"score\":20.0,\"scoreError\":1.0,\"scoreUnit\":\"ns/op\","
            + "\"rawData\":[[19.0,20.0,21.0]]}},"
            + "{\"benchmark\":\"dev.wslab.bench.masking.MaskingBenchmark.wslabMaskCopy\",\"mode\":\"avgt\","
            + "\"params\":{\"size\":\"1024\"},\"primaryMetric\":{\"score\":50.0,\"scoreError\":2.0,\"scoreUnit\":\"ns/op\","
            + "\"rawData\":[[40.0,50.0,60.0]]}},"
            + "{\"benchmark\":\"dev.wslab.bench.masking.MaskingBenchmark.wslabMaskCopy\",\"mode\":\"avgt\","
            + "\"params\":{\"size\":\"16\"},\"primaryMetric\":{\"score\":5.0,\"scoreError\":\"NaN\",\"scoreUnit\":\"ns/op\"}}"
            + "]";

    @Test
    void theMedianIgnoresOneDisturbedIteration() throws Exception {
        com.fasterxml.jackson.databind.JsonNode raw = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("[[90.0, 2864.0, 85.0], [88.0, 91.0]]");

        assertThat(RatioTable.median(raw, -1)).isEqualTo(90.0);
    }

    @Test
    void everyRowIsDividedByTheBaselineWithTheSameParameters(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        Files.writeString(json, JMH_JSON);

        List<RatioTable.Row> rows = RatioTable.read(json);
        String markdown = RatioTable.toMarkdown(rows);

        assertThat(rows).hasSize(3);
        assertThat(markdown).contains("### MaskingBenchmark (baseline: `arraycopy`)");
        assertThat(markdown).contains("| wslabMaskCopy | size=1024 | 50.0 | 50.0 ± 2.00 | ns/op | 2.50× | 0.40× |");
        // No arraycopy at 16 B in this run: no ratio is invented.
        assertThat(markdown).contains("| wslabMaskCopy | size=16 | 5.00 | 5.00 | ns/op | — | — |");
        assertThat(RatioTable.score(rows, "MaskingBenchmark", "arraycopy", "size=1024")).isEqualTo(20.0);
    }
}
