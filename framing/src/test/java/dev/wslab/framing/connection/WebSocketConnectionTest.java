package dev.wslab.framing.connection;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.Payload;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebSocketConnectionTest {

    private final WebSocketConnection server = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
    private final Peer client = new Peer(Role.CLIENT);

    @Test
    void deliversATextMessage() {
        assertThat(Received.all(server, client.send(Frame.text("Hello")), 0)).containsExactly(new Event.Text("Hello"));
        assertThat(server.state()).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void messagesAfterAKeptTextBufferDecodeExactlyAndABinaryPayloadIsNeverReused() {
        // The reader keeps a small array after a text message (its String holds a copy) for the next one.
        assertThat(Received.all(server, client.send(Frame.text("a longer line")), 0)).containsExactly(new Event.Text("a longer line"));
        assertThat(Received.all(server, client.send(Frame.text("short")), 0)).containsExactly(new Event.Text("short"));
        List<Event> binary = Received.all(server, client.send(Frame.binary(new byte[] {1, 2, 3})), 0);
        Payload payload = ((Event.Binary) binary.get(0)).payload();
        assertThat(Received.all(server, client.send(Frame.text("xyz")), 0)).containsExactly(new Event.Text("xyz"));
        assertThat(Received.all(server, client.send(Frame.binary(new byte[] {7, 7, 7})), 0)).hasSize(1);
        assertThat(payload.toByteArray()).containsExactly(1, 2, 3);
        assertThat(Received.all(server, client.send(Frame.text("é".repeat(300))), 0)).containsExactly(new Event.Text("é".repeat(300)));
        assertThat(Received.all(server, client.send(Frame.text("ok")), 0)).containsExactly(new Event.Text("ok"));
    }

    @Test
    void sendsTextThatThePeerDecodes() {
        assertThat(server.sendText("hi")).isTrue();
        assertThat(server.hasOutbound()).isTrue();
        assertThat(client.read(server)).containsExactly(Frame.text("hi"));
        assertThat(server.hasOutbound()).isFalse();
    }

    @Test
    void takeOutboundIntoASinkHandsOverTheSameBuffersInOrderAndEmptiesTheOutbox() {
        WebSocketConnection other = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        for (WebSocketConnection connection : List.of(server, other)) {
            connection.sendText("one");
            connection.sendBinary(new byte[] {1, 2, 3});
            connection.ping(new byte[] {9}, 0);
        }
        List<ByteBuffer> taken = new java.util.ArrayList<>();
        server.takeOutbound(taken::add);
        assertThat(server.hasOutbound()).isFalse();
        assertThat(dev.wslab.framing.Hex.concat(taken.toArray(new ByteBuffer[0])))
                .isEqualTo(dev.wslab.framing.Hex.concat(other.takeOutbound()));
    }

    @Test
    void pingIsAnsweredWithAPongCarryingTheSameData() {
        List<Event> events = Received.all(server, client.send(Frame.ping(Payload.ofUtf8("abc"))), 0);
        assertThat(events).containsExactly(new Event.Ping(Payload.ofUtf8("abc")));
        assertThat(client.read(server)).containsExactly(Frame.pong(Payload.ofUtf8("abc")));
    }

    @Test
    void rfc6455_5_5_2_pingAfterOurOwnCloseIsStillAnsweredWithAPong() {
        assertThat(server.close(CloseStatus.NORMAL, 0)).isTrue();
        assertThat(client.read(server)).containsExactly(Frame.close(CloseStatus.NORMAL));

        List<Event> events = Received.all(server, client.send(Frame.ping(Payload.ofUtf8("still there?"))), 1);

        assertThat(server.state()).isEqualTo(ConnectionState.CLOSE_SENT);
        assertThat(events).containsExactly(new Event.Ping(Payload.ofUtf8("still there?")));
        assertThat(client.read(server)).containsExactly(Frame.pong(Payload.ofUtf8("still there?")));
    }

    @Test
    void rfc6455_5_5_2_pingAfterThePeersCloseIsNotAnswered() {
        Received.all(server, client.send(Frame.close(CloseStatus.NORMAL)), 0);
        client.read(server);
        assertThat(server.state()).isEqualTo(ConnectionState.CLOSED);

        List<Event> events = Received.all(server, client.send(Frame.ping(Payload.ofUtf8("late"))), 1);

        assertThat(events).isEmpty();
        assertThat(server.hasOutbound()).isFalse();
    }

    @Test
    void closeIsEchoedAndTheServerClosesTheTransport() {
        List<Event> events = Received.all(server, client.send(Frame.close(CloseStatus.of(CloseCode.GOING_AWAY, "bye"))), 0);
        assertThat(events).containsExactly(
                new Event.CloseReceived(CloseStatus.of(CloseCode.GOING_AWAY, "bye")),
                new Event.Closed(1001, "bye", true, true, java.util.Optional.of(CloseStatus.of(1001, ""))));
        assertThat(client.read(server)).containsExactly(Frame.close(CloseStatus.of(CloseCode.GOING_AWAY)));
        assertThat(server.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(server.shouldCloseTransport()).isTrue();
    }

    @Test
    void unmaskedFrameFromAClientFailsWith1002() {
        Peer unmaskingClient = new Peer(Role.SERVER);
        List<Event> events = Received.all(server, unmaskingClient.send(Frame.text("x")), 0);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class, v -> {
            assertThat(v.code()).isEqualTo(CloseCode.PROTOCOL_ERROR);
            assertThat(v.rfcSection()).isEqualTo("RFC 6455 §5.1");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(Event.Closed.class, c -> {
            // RFC 6455 §7.1.5: no Close received, so 1006; the 1002 we sent is reported apart.
            assertThat(c.code()).isEqualTo(1006);
            assertThat(c.sent()).hasValueSatisfying(sent -> assertThat(sent.code()).isEqualTo(1002));
        });
        assertThat(client.read(server)).singleElement().satisfies(f -> assertThat(f.opcode()).isEqualTo(Opcode.CLOSE));
        assertThat(server.shouldCloseTransport()).isTrue();
    }

    @Test
    void clientInitiatedCloseHandshake() {
        WebSocketConnection clientSide = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);
        Peer serverPeer = new Peer(Role.SERVER);
        assertThat(clientSide.close(CloseStatus.NORMAL, 100)).isTrue();
        assertThat(clientSide.state()).isEqualTo(ConnectionState.CLOSE_SENT);
        assertThat(serverPeer.read(clientSide)).containsExactly(Frame.close(CloseStatus.NORMAL));
        assertThat(clientSide.sendText("late")).isFalse();
        List<Event> events = Received.all(clientSide, serverPeer.send(Frame.close(CloseStatus.NORMAL)), 200);
        assertThat(events).containsExactly(new Event.CloseReceived(CloseStatus.NORMAL),
                new Event.Closed(1000, "", true, false, java.util.Optional.of(CloseStatus.NORMAL)));
        assertThat(clientSide.shouldCloseTransport()).isFalse();
        // The transport must be gone within the close timeout of our Close (sent at 100), whoever answers when.
        assertThat(clientSide.nextDeadlineNanos()).hasValue(100 + Limits.DEFAULTS.closeTimeoutNanos());
        assertThat(clientSide.onTimer(100 + Limits.DEFAULTS.closeTimeoutNanos())).isEmpty();
        assertThat(clientSide.shouldCloseTransport()).isTrue();
        assertThat(clientSide.shouldDropTransport()).isTrue();
    }

    @Test
    void countsBytes() {
        ByteBuffer in = client.send(Frame.text("Hello"));
        int size = in.remaining();
        Received.all(server, in, 0);
        server.sendText("Hello");
        assertThat(server.bytesReceived()).isEqualTo(size);
        assertThat(server.bytesSent()).isEqualTo(7);
    }
}
