package dev.wslab.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The late-delivery file as the runner writes it, and the attribution over a hand-made {@code perf sched
 * timehist} excerpt (the lines' shape is perf 6.1's, copied from a real recording).
 */
class TailAttributionTest {

    private static final List<String> TIMEHIST = List.of(
            "           time    cpu  task name                       wait time  sch delay   run time",
            "                        [tid/pid]                          (msec)     (msec)     (msec)",
            "--------------- ------  ------------------------------  ---------  ---------  ---------",
            // a server's VM Thread ran 1.8 ms from 100.000200: a young collection
            "     100.002000 [0001]  VM Thread[501/500]                  0.000      0.000      1.800",
            "     100.002100 [0000]  <idle>                              0.013      0.000      6.376",
            // the generator's C2 compiler thread ran 6.5 ms from 200.000000
            "     200.006500 [0001]  C2 CompilerThre[25764/900]          0.025      0.000      6.500",
            "     200.006600 [0001]  sender-1[26005/900]                16.710      3.763      0.089",
            "     200.006700 [0000]  XNIO-1 I/O-1[502/500]               9.498      0.017      0.190",
            "     200.006710 [0000]  XNIO-1 I/O-1[502/500]                                            awakened: ws-client-1[26010/900]",
            // a kernel thread (no pid) 2.5 ms from 300.000000
            "     300.002500 [0000]  kdamond.0[108]                      0.010      0.000      2.500");

    @Test
    void theRunnersFileRoundTripsIntoLateMessagesGroupedPerMessage(@TempDir Path dir) throws Exception {
        SlowDeliveries slow = new SlowDeliveries();
        slow.startCell("round 1 wslab-ws");
        slow.offer(3, 7, 100_000_000_000L, 100_001_500_000L, 2_500); // the generator began the send 1.5 ms late
        slow.offer(3, 7, 100_000_000_000L, 100_001_500_000L, 2_900); // the same message, another member
        slow.offer(4, 1, 150_000_000_000L, 150_000_000_000L, 900);   // on time: not kept
        Path file = dir.resolve("slow.tsv");
        slow.write(file, Map.of(500L, "wslab-ws server"));

        List<String> lines = Files.readAllLines(file);
        assertThat(TailAttribution.processes(lines)).containsEntry(500L, "wslab-ws server");
        assertThat(TailAttribution.lateMessages(lines)).containsExactly(
                new TailAttribution.LateMessage("round 1 wslab-ws", 3, 7, 100_000_000L, 2_900, 2, 1_500));
    }

    @Test
    void eachLateMessageIsPutDownToTheLongestOtherThreadInItsWindow() {
        List<TailAttribution.Run> runs = TailAttribution.runs(TIMEHIST);
        assertThat(runs).hasSize(5); // the header, the idle line and the wake-up line are not stretches
        Map<Long, String> processes = Map.of(500L, "wslab-ws server", 900L, "load generator");

        assertThat(TailAttribution.causeOf(late(100_000_000L, 2_500), runs, processes))
                .hasToString("VM Thread: collector pause or safepoint (wslab-ws server)");
        assertThat(TailAttribution.causeOf(late(200_001_000L, 4_000), runs, processes))
                .hasToString("JIT compiler thread (load generator)");
        assertThat(TailAttribution.causeOf(late(300_000_500L, 2_200), runs, processes))
                .hasToString("kdamond.N (another process)");
        assertThat(TailAttribution.causeOf(late(400_000_000L, 2_200), runs, processes).toString())
                .startsWith("nothing else ran");
    }

    @Test
    void theReportTalliesCausesPerServer() {
        String report = TailAttribution.report(Map.of(500L, "wslab-ws server"),
                List.of(late(100_000_000L, 2_500), late(100_500_000L, 2_100)), TailAttribution.runs(TIMEHIST));
        assertThat(report).contains("| wslab-ws | VM Thread: collector pause or safepoint (wslab-ws server) | 1 | 2.50 |")
                .contains("| wslab-ws | nothing else ran ≥ 300 µs: wake-up latency | 1 | 2.10 |");
    }

    @Test
    void theReportCountsTheMessagesTheGeneratorBeganToSendLate() {
        List<TailAttribution.LateMessage> messages = List.of(
                new TailAttribution.LateMessage("round 1 wslab-ws", 0, 1, 100_000_000L, 2_500, 10, 1_800),
                new TailAttribution.LateMessage("round 1 wslab-ws", 0, 2, 100_500_000L, 2_100, 10, 40),
                new TailAttribution.LateMessage("round 2 netty-ws", 1, 3, 300_000_000L, 2_300, 10, 999));
        String report = TailAttribution.report(Map.of(500L, "wslab-ws server"), messages, TailAttribution.runs(TIMEHIST));
        assertThat(report).contains("| netty-ws | 1 | 0 |").contains("| wslab-ws | 2 | 1 |")
                .contains("| round 1 wslab-ws | 0/1 | 10 | 2.50 | 1.80 |");
        // a file from before the runner recorded the send: no count, and the column says so
        String old = TailAttribution.report(Map.of(), List.of(late(100_000_000L, 2_500)), TailAttribution.runs(TIMEHIST));
        assertThat(old).doesNotContain("sent ≥ 1 ms late |").contains("| 2.50 | — |");
    }

    @Test
    void aFileWithoutTheSendColumnIsStillRead() {
        assertThat(TailAttribution.lateMessages(List.of("cell\tsender\tseq\tsent_us\tlatency_us",
                "round 1 wslab-ws\t3\t7\t100\t2500"))).containsExactly(
                new TailAttribution.LateMessage("round 1 wslab-ws", 3, 7, 100, 2_500, 1, -1));
    }

    @Test
    void aLineThatIsNotALateDeliveryIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> TailAttribution.lateMessages(List.of("cell\tsender\tseq\tsent_us\tlatency_us",
                "round 1 wslab-ws\t3\tseven\t100\t2500")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 is not a late delivery");
    }

    @Test
    void slowDeliveriesAreBookedOnlyInTheLatencyRounds() {
        assertThatThrownBy(() -> TransportRunner.Options.parse(new String[] {"--footprint", "--slow-deliveries", "/tmp/x.tsv"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use it with --latency-rounds");
        assertThat(TransportRunner.Options.parse(new String[] {"--footprint", "--latency-rounds", "3", "--slow-deliveries", "/tmp/x.tsv"})
                .slowDeliveries()).isEqualTo(Path.of("/tmp/x.tsv"));
    }

    private static TailAttribution.LateMessage late(long sentMicros, long latencyMicros) {
        return new TailAttribution.LateMessage("round 1 wslab-ws", 0, (int) (sentMicros % 1000), sentMicros, latencyMicros, 10,
                -1);
    }
}
