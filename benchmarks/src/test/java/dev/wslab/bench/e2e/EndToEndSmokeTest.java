package dev.wslab.bench.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI smoke of the end-to-end runner: one tiny cell per transport, real server JVMs on loopback (the
 * cluster cells with a real redis-server, which CI installs).
 * The clients go through the counting proxy, so the byte counts are cross-checked too. It asserts
 * that the runner's self-checks pass (every message delivered once and in order, the WebSocket byte
 * accounting, the proxy's count, the short-polling median) and that the outputs are written — never
 * a speed.
 */
class EndToEndSmokeTest {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aTinyCellPerTransportPassesItsSelfChecks(@TempDir Path out) throws Exception {
        TransportRunner.Options options = new TransportRunner.Options(Profile.SMOKE, out, Set.of(), "256m", true, true, false, null, null, null, 0, null, false);

        RunReport report = TransportRunner.run(options, "EndToEndSmokeTest");
        TransportRunner.write(report, options);

        assertThat(report.cells()).isNotEmpty();
        assertThat(report.cells()).extracting(c -> c.spec().transport().id())
                .containsExactly(Transport.WSLAB_WEBSOCKET.id(), Transport.WSLAB_DEFLATE_WEBSOCKET.id(),
                        Transport.UNDERTOW_WEBSOCKET.id(),
                        Transport.NETTY_WEBSOCKET.id(),
                        Transport.NETTY_UNCONSOLIDATED_WEBSOCKET.id(),
                        Transport.WSLAB_REDIS_WEBSOCKET.id(), Transport.WSLAB_CLUSTER_WEBSOCKET.id(),
                        Transport.LONG_POLLING.id(), Transport.shortPolling(100).id());
        for (CellResult cell : report.cells()) {
            assertThat(cell.checks()).as(cell.spec().label()).allMatch(CellResult.Check::passed);
            assertThat(cell.delivered()).as(cell.spec().label()).isPositive();
            // The cells on Redis count its commands; the others have none to count.
            assertThat(Double.isNaN(cell.redisCommandsPerSent())).as(cell.spec().label())
                    .isEqualTo(!cell.spec().transport().server().redis());
        }
        assertThat(out.resolve("e2e-results-smoke.json")).isNotEmptyFile();
        assertThat(out.resolve("e2e-results-smoke.md")).isNotEmptyFile();
        assertThat(out.resolve(Charts.BYTES)).isNotEmptyFile();
        assertThat(out.resolve(Charts.LATENCY)).isNotEmptyFile();
    }

    /**
     * The event-loop generator ({@code --event-loop-clients}): one thread reads every WebSocket client, and
     * the books are the same — every message delivered once and in order, and the frame accounting equal to
     * the bytes the counting proxy relayed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneEventLoopThreadReadsEveryClientWithTheSameBooks(@TempDir Path out) throws Exception {
        TransportRunner.Options options = new TransportRunner.Options(Profile.SMOKE, out,
                Set.of(Transport.WSLAB_WEBSOCKET.id(), Transport.NETTY_WEBSOCKET.id()), "256m", false, true, false,
                null, null, null, 0, null, true);

        RunReport report = TransportRunner.run(options, "EndToEndSmokeTest, event loop");

        assertThat(report.cells()).extracting(c -> c.spec().transport().id())
                .containsExactly(Transport.WSLAB_WEBSOCKET.id(), Transport.NETTY_WEBSOCKET.id());
        for (CellResult cell : report.cells()) {
            assertThat(cell.checks()).as(cell.spec().label()).allMatch(CellResult.Check::passed)
                    .extracting(CellResult.Check::name)
                    .anyMatch(name -> name.startsWith("WebSocket frame cost"));
            assertThat(cell.delivered()).as(cell.spec().label()).isEqualTo(cell.expectedDeliveries()).isPositive();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("the runner stops its event loop").doesNotContain("client-event-loop");
    }

    /**
     * The Node.js peers (socket.io alone, and as a NestJS gateway: the seed's stack), real Node processes whose
     * dependencies the runner installs with {@code npm ci}: the generator speaks socket.io's packets to them, and
     * the books, the byte accounting (through the counting proxy) and the footprint probe hold as for the JVMs.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theNodePeersPassTheSameChecks(@TempDir Path out) throws Exception {
        TransportRunner.Options options = new TransportRunner.Options(Profile.SMOKE, out,
                Set.of(Transport.SOCKETIO_WEBSOCKET.id(), Transport.NESTJS_WEBSOCKET.id()), "256m", false, true, true,
                null, null, null, 0, null, true);

        RunReport report = TransportRunner.run(options, "EndToEndSmokeTest, Node.js peers");

        assertThat(report.cells()).extracting(c -> c.spec().transport().id())
                .containsExactly(Transport.SOCKETIO_WEBSOCKET.id(), Transport.NESTJS_WEBSOCKET.id());
        for (CellResult cell : report.cells()) {
            assertThat(cell.checks()).as(cell.spec().label()).allMatch(CellResult.Check::passed)
                    .extracting(CellResult.Check::name)
                    .anyMatch(name -> name.startsWith("WebSocket frame cost"));
            assertThat(cell.delivered()).as(cell.spec().label()).isEqualTo(cell.expectedDeliveries()).isPositive();
            assertThat(cell.serverCpuMicrosPerDelivered()).as("the Node process's CPU is read").isPositive();
        }
    }
}
