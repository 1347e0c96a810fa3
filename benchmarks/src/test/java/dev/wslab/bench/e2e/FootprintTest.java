package dev.wslab.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The footprint page's verdicts come from the numbers measured, nothing else (issue 19's targets). */
class FootprintTest {

    private static final long MB = 1024 * 1024;

    private static CellResult result(Transport transport, CellSpec.Mode mode, int clients, long p999Micros) {
        CellSpec spec = new CellSpec(transport, 128, clients, 1, mode, mode == CellSpec.Mode.FIXED_RATE ? 100 : 0,
                mode == CellSpec.Mode.FIXED_RATE ? 0 : 4, 1, 1);
        return new CellResult(spec, 10, 100, 100, 1, 100, new CellResult.Latency(100, 200, 300, p999Micros, 900, 100),
                0, 0, 0, 0, 0, Double.NaN, List.of(new CellResult.Check("ok", true, "")));
    }

    @Test
    void rssAndTailVerdictsFollowTheMeasuredValues() {
        List<CellResult> cells = List.of(
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 800),
                result(Transport.NETTY_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 700),
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.SATURATION, 10, 5000),
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.SATURATION, 50, 5000));
        List<Footprint.Sample> samples = List.of(
                new Footprint.Sample(cells.get(0).spec().label(), "wslab", 114 * MB, 120 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(cells.get(1).spec().label(), "netty", 400 * MB, 400 * MB, 7 * MB, -1, 24),
                new Footprint.Sample(cells.get(2).spec().label(), "wslab", 118 * MB, 118 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(cells.get(3).spec().label(), "wslab", 100 * MB, 118 * MB, 9 * MB, 0, 20));
        RunReport report = new RunReport("footprint", "test", new RunReport.Environment("17", "vm", "os", 2, "cpu", "0", "0",
                "start", "end"), cells, List.of());

        String page = Footprint.markdown(report, samples);

        assertThat(page).contains("100/s ≤ 114 MB (seed stack) | 114.0 MB (peak 120.0) | **met**");
        assertThat(page).contains("10c/1r saturation×4 ≤ 117 MB (seed stack) | 118.0 MB (peak 118.0) | **missed**");
        assertThat(page).contains("50c/1r saturation×4 ≤ 126 MB (seed stack) | 100.0 MB (peak 118.0) | **met**");
        assertThat(page).contains("≤ the seed stack's 0.91 ms | 0.80 ms (this run) | **met**");
        assertThat(page).contains("best peer's in this run (netty-ws, 0.70 ms) | 0.80 ms (this run) | **missed**");
        assertThat(page).contains("| netty-ws 128B 10c/1r 100/s | netty | 400.0 | 400.0 | 7.0 | — | 24 |");
    }

    @Test
    void theLightLoadsRssIsJudgedAlsoAfterTheRounds() {
        // The fixed-rate cell comes first, before its load has cycled through the young generation: the
        // sample after the rounds counts when it is larger, and the page says which one was judged.
        List<CellResult> cells = List.of(
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 800),
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.SATURATION, 10, 5000));
        String fixed = cells.get(0).spec().label();
        RunReport report = new RunReport("footprint", "test", new RunReport.Environment("17", "vm", "os", 2, "cpu", "0", "0",
                "start", "end"), cells, List.of());

        String larger = Footprint.markdown(report, List.of(
                new Footprint.Sample(fixed, "wslab", 100 * MB, 105 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(cells.get(1).spec().label(), "wslab", 110 * MB, 112 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(fixed + Footprint.AFTER_ROUNDS, "wslab", 115 * MB, 116 * MB, 9 * MB, 0, 20)));
        assertThat(larger).contains("100/s ≤ 114 MB (seed stack) | 115.0 MB (peak 116.0) after the p99.9 rounds; 100.0 after the cell | **missed**")
                .contains("| " + fixed + " (after the p99.9 rounds) | wslab | 115.0 |");

        String smaller = Footprint.markdown(report, List.of(
                new Footprint.Sample(fixed, "wslab", 100 * MB, 105 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(cells.get(1).spec().label(), "wslab", 110 * MB, 112 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(fixed + Footprint.AFTER_ROUNDS, "wslab", 98 * MB, 112 * MB, 9 * MB, 0, 20)));
        assertThat(smaller).contains("100/s ≤ 114 MB (seed stack) | 100.0 MB (peak 105.0) | **met**");
    }

    @Test
    void withRoundsTheTailVerdictsCompareTheMediansOfTheRounds() {
        // One run: wslab 0.80 ms against netty's 0.70. The rounds: wslab 0.60, 2.00, 0.65 (median 0.65),
        // netty 0.70, 0.90, 0.50 (median 0.70). An outlier round moves neither median.
        List<CellResult> cells = List.of(
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 800),
                result(Transport.NETTY_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 700));
        List<Footprint.Sample> samples = List.of(
                new Footprint.Sample(cells.get(0).spec().label(), "wslab", 100 * MB, 100 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(cells.get(1).spec().label(), "netty", 400 * MB, 400 * MB, 7 * MB, -1, 24));
        RunReport report = new RunReport("footprint", "test", new RunReport.Environment("17", "vm", "os", 2, "cpu", "0", "0",
                "start", "end"), cells, List.of());
        java.util.Map<String, List<Long>> rounds = new java.util.LinkedHashMap<>();
        rounds.put("wslab-ws", List.of(600L, 2000L, 650L));
        rounds.put("netty-ws", List.of(700L, 900L, 500L));

        String page = Footprint.markdown(report, samples, rounds);

        assertThat(page).contains("≤ the seed stack's 0.91 ms | 0.65 ms (median of 3 rounds) | **met**");
        assertThat(page).contains("best peer's in the same rounds (netty-ws, 0.70 ms) | 0.65 ms (median of 3 rounds) | **met**");
        assertThat(page).contains("| wslab-ws | 0.60 | 2.00 | 0.65 | 0.65 |");
        assertThat(page).contains("| netty-ws | 0.70 | 0.90 | 0.50 | 0.70 |");
        assertThat(Footprint.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2); // (2 + 3) / 2, in whole microseconds
        assertThat(page).doesNotContain("counted from the moment each send began");

        java.util.Map<String, List<Long>> fromSend = new java.util.LinkedHashMap<>();
        fromSend.put("wslab-ws", List.of(500L, 600L, 550L));
        fromSend.put("netty-ws", List.of(650L, 700L, 450L));
        String withFromSend = Footprint.markdown(report, samples, rounds, fromSend);
        assertThat(withFromSend).contains("counted from the moment each send began")
                .contains("| wslab-ws | 0.50 | 0.60 | 0.55 | 0.55 |")
                .contains("| netty-ws | 0.65 | 0.70 | 0.45 | 0.65 |")
                // The verdicts stay on the intended send times.
                .contains("best peer's in the same rounds (netty-ws, 0.70 ms) | 0.65 ms (median of 3 rounds) | **met**");
    }

    @Test
    void theSeedsStackMeasuredInTheSameRoundsIsAPeerAndARowOfItsOwn() {
        // wslab 0.65 ms; Netty 0.90; the NestJS stack 0.60, the best peer; socket.io alone 0.70. A Node process has
        // no heap to probe: its column shows a dash.
        List<CellResult> cells = List.of(
                result(Transport.WSLAB_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 800),
                result(Transport.NETTY_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 900),
                result(Transport.SOCKETIO_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 700),
                result(Transport.NESTJS_WEBSOCKET, CellSpec.Mode.FIXED_RATE, 10, 600));
        List<Footprint.Sample> samples = List.of(
                new Footprint.Sample(cells.get(0).spec().label(), "wslab", 100 * MB, 100 * MB, 9 * MB, 0, 20),
                new Footprint.Sample(cells.get(1).spec().label(), "netty", 400 * MB, 400 * MB, 7 * MB, -1, 24),
                new Footprint.Sample(cells.get(2).spec().label(), "socketio_node", 60 * MB, 60 * MB, -1, -1, 11),
                new Footprint.Sample(cells.get(3).spec().label(), "nestjs_node", 90 * MB, 95 * MB, -1, -1, 11));
        RunReport report = new RunReport("footprint", "test", new RunReport.Environment("17", "vm", "os", 2, "cpu", "0", "0",
                "start", "end"), cells, List.of());
        java.util.Map<String, List<Long>> rounds = new java.util.LinkedHashMap<>();
        rounds.put("wslab-ws", List.of(650L));
        rounds.put("netty-ws", List.of(900L));
        rounds.put("socketio-ws", List.of(700L));
        rounds.put("nestjs-ws", List.of(600L));

        String page = Footprint.markdown(report, samples, rounds);

        assertThat(page).contains("best peer's in the same rounds (nestjs-ws, 0.60 ms) | 0.65 ms (median of 1 rounds) | **missed**")
                .contains("≤ the seed's stack (NestJS + socket.io on Node.js) in the same rounds on this host (nestjs-ws, 0.60 ms) "
                        + "| 0.65 ms (median of 1 rounds) | **missed**")
                .contains("| nestjs-ws 128B 10c/1r 100/s | nestjs_node | 90.0 | 95.0 | — | — | 11 |");
        RunReport withoutNode = new RunReport("footprint", "test", report.environment(), cells.subList(0, 2), List.of());
        assertThat(Footprint.markdown(withoutNode, samples.subList(0, 2), java.util.Map.of()))
                .doesNotContain("the seed's stack (NestJS");
    }

    @Test
    void theShippedOptionsAreReadFromChatDemosJvmOptions() {
        // Tests run in the benchmarks folder: ../chat-demo/jvm.options is the file ./wslab chat reads.
        assertThat(Footprint.shippedJvm()).contains("-XX:+UseSerialGC", "-Xmx96m");
        assertThat(Footprint.includesShipped(Footprint.shippedJvm())).isTrue();
        assertThat(Footprint.includesShipped(List.of("-Xmx512m"))).isFalse();
    }
}
