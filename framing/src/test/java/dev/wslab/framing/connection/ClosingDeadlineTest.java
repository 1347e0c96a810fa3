package dev.wslab.framing.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.Payload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection's closing rules and timers (issue 10: the close timeout must always hold). From the moment
 * any Close is queued, the transport is gone within the close timeout: the driver is told to drop it even if
 * our Close could never be written because the peer stopped reading.
 */
class ClosingDeadlineTest {

    private static final long SECOND = 1_000_000_000L;
    private final Peer client = new Peer(Role.CLIENT);
    private final Limits limits = Limits.DEFAULTS.withCloseTimeout(Duration.ofSeconds(5));

    @Test
    void whenThePeerClosesAndStopsReadingTheServerDropsTcpAtTheDeadline() {
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, limits);
        Received.all(server, client.send(Frame.close(CloseStatus.NORMAL)), 10 * SECOND);
        // Our answering Close is queued; the driver closes TCP once it is written ...
        assertThat(server.shouldCloseTransport()).isTrue();
        assertThat(server.shouldDropTransport()).isFalse();
        // ... and if it never can be (the peer stopped reading), the deadline says: now, written or not.
        assertThat(server.nextDeadlineNanos()).hasValue(15 * SECOND);
        assertThat(server.onTimer(15 * SECOND - 1)).isEmpty();
        assertThat(server.shouldDropTransport()).isFalse();
        server.onTimer(15 * SECOND);
        assertThat(server.shouldDropTransport()).isTrue();
    }

    @Test
    void aFailedConnectionIsDroppedAtTheDeadlineToo() {
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, limits);
        List<Event> events = Received.all(server, new Peer(Role.SERVER).send(Frame.text("unmasked")), 0);
        assertThat(events).last().isInstanceOf(Event.Closed.class);
        assertThat(server.closeSent()).map(CloseStatus::code).hasValue(1002);
        assertThat(server.nextDeadlineNanos()).hasValue(5 * SECOND);
        server.onTimer(5 * SECOND);
        assertThat(server.shouldDropTransport()).isTrue();
    }

    @Test
    void ourOwnCloseUnansweredEndsWith1006AndADrop() {
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, limits);
        server.close(CloseStatus.of(1008, "slow consumer"), 0);
        List<Event> events = server.onTimer(5 * SECOND);
        assertThat(events).singleElement().isInstanceOfSatisfying(Event.Closed.class, closed -> {
            assertThat(closed.code()).isEqualTo(1006);
            assertThat(closed.sent()).map(CloseStatus::code).hasValue(1008);
            assertThat(closed.reason()).contains("did not answer our Close within 5000 ms");
        });
        assertThat(server.shouldDropTransport()).isTrue();
    }

    @Test
    void theTransportGoneDisarmsEveryTimer() {
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, limits);
        server.close(CloseStatus.NORMAL, 0);
        server.onTransportClosed();
        assertThat(server.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void keepAlivePingsASilentPeerAndDropsItWithoutAPong() {
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, limits.withPongTimeout(Duration.ofSeconds(10)));
        server.keepAlive(Duration.ofSeconds(30), 0);
        assertThat(server.nextDeadlineNanos()).hasValue(30 * SECOND);
        // Any byte from the peer restarts the silence.
        Received.all(server, client.send(Frame.text("hi")), 20 * SECOND);
        assertThat(server.nextDeadlineNanos()).hasValue(50 * SECOND);
        assertThat(server.onTimer(50 * SECOND)).isEmpty();
        assertThat(client.read(server)).last().satisfies(f -> assertThat(f.opcode()).isEqualTo(dev.wslab.framing.Opcode.PING));
        assertThat(server.nextDeadlineNanos()).as("the pong deadline").hasValue(60 * SECOND);
        // A Pong disarms it; silence again means another Ping 30 s after the last byte.
        Received.all(server, client.send(Frame.pong(Payload.EMPTY)), 55 * SECOND);
        assertThat(server.nextDeadlineNanos()).hasValue(85 * SECOND);
        server.onTimer(85 * SECOND);
        List<Event> events = server.onTimer(95 * SECOND);
        assertThat(events).singleElement().isInstanceOfSatisfying(Event.Closed.class,
                closed -> assertThat(closed.reason()).contains("no Pong arrived"));
        assertThat(server.shouldDropTransport()).isTrue();
    }
}
