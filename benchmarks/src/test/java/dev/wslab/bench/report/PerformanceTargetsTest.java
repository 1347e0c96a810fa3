package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The issue-16 verdicts are computed from the data: met or missed by the measured factor. */
class PerformanceTargetsTest {

    private static RatioTable.Row row(String benchmark, String method, String params, double median) {
        return new RatioTable.Row(benchmark, method, params, median, median, 0, "ns/op");
    }

    @Test
    void jmhTargetsAreJudgedFromMediansOfTheSameRun() {
        List<RatioTable.Row> rows = List.of(
                row("EncodeBenchmark", "netty", "role=server, stream=largeBinary", 1.6),
                row("EncodeBenchmark", "wslabOutbox", "role=server, stream=largeBinary", 0.8),
                row("Utf8Benchmark", "jdkCharsetDecoder", "size=65536, text=ascii", 1000),
                row("Utf8Benchmark", "wslab", "size=65536, text=ascii", 1300),
                row("MaskingBenchmark", "arraycopy", "size=16", 2),
                row("MaskingBenchmark", "wslabMaskCopy", "size=16", 5));
        StringBuilder page = new StringBuilder();

        PerformanceTargets.jmhRows(page, "17", rows);

        assertThat(page.toString())
                .contains("| encode, server role, largeBinary: ≥ 1.0× Netty's speed | wslab `encodeMessage` 2.00× the "
                        + "peer's speed (0.80 vs 1.60) | 17 | **met** |")
                .contains("64 KiB ASCII: ≤ 1.2× the JDK `CharsetDecoder` | `Utf8Validator` 1.30× the baseline's time "
                        + "(1,300 vs 1,000) | 17 | missed: 1.08× the limit |")
                .contains("masking 16 B: ≤ 3× `System.arraycopy` | `Masking.maskCopy` 2.50× the baseline's time (5.00 vs 2.00) "
                        + "| 17 | **met** |")
                .doesNotContain("fragmented"); // no data, no row
    }

    @Test
    void endToEndTargetsCompareWithNettyAndTheBestPeer() throws Exception {
        String cells = "{\"environment\":{\"javaVersion\":\"25\",\"loadAverageBefore\":\"1.5 1 1\",\"loadAverageAfter\":\"3.0 2 1\"},"
                + "\"cells\":["
                + cell("wslab-ws", "SATURATION", 10, 900_000, 1.0, 2000)
                + "," + cell("netty-ws", "SATURATION", 10, 600_000, 2.0, 3000)
                + "," + cell("wslab-ws", "FIXED_RATE", 10, 1000, 30, 4000)
                + "," + cell("netty-ws", "FIXED_RATE", 10, 1000, 30, 5000)
                + "," + cell("undertow-ws", "FIXED_RATE", 10, 1000, 30, 2000)
                + "]}";
        StringBuilder page = new StringBuilder();

        PerformanceTargets.endToEndRows(page, new ObjectMapper().readTree(cells));

        assertThat(page.toString())
                .contains("saturation, 10 clients in a room: ≥ 1.0× Netty's delivered msgs/s | 900,000 vs 600,000 msgs/s: "
                        + "1.50× | 25 (load 1.5→3.0) | **met** |")
                .contains("server CPU/msg ≤ Netty's | 1.00 µs vs 2.00 µs: 0.50× | 25 (load 1.5→3.0) | **met** |")
                .contains("p99 ≤ 1.0× the best peer's | 4.00 ms vs Netty 5.00 ms, Undertow 2.00 ms: 2.00× the best "
                        + "| 25 (load 1.5→3.0) | missed: 2.00× the limit |");
    }

    private static String cell(String transport, String mode, int clients, double perSecond, double cpu, double p99) {
        return "{\"spec\":{\"transport\":{\"id\":\"" + transport + "\"},\"mode\":\"" + mode + "\",\"payloadBytes\":128,"
                + "\"clients\":" + clients + ",\"rooms\":1,\"sendsPerSecond\":100},\"checks\":[{\"passed\":true}],"
                + "\"deliveredPerSecond\":" + perSecond + ",\"serverCpuMicrosPerDelivered\":" + cpu
                + ",\"latencyMicros\":{\"p99\":" + p99 + "}}";
    }
}
