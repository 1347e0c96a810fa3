package dev.wslab.framing.connection;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.Payload;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection's rules (RFC 6455 §5.4, §5.5, §7, §8.1), one test per rule. Unless a test says otherwise,
 * this side is the server and {@code client} is the peer.
 */
class ConnectionRulesTest {

    private static final long SECOND = 1_000_000_000L;

    private final WebSocketConnection server = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
    private final Peer client = new Peer(Role.CLIENT);

    private static Frame frame(boolean fin, Opcode opcode, String text) {
        return new Frame(fin, opcode, Payload.ofUtf8(text));
    }

    private static Frame frame(boolean fin, Opcode opcode, byte[] bytes) {
        return new Frame(fin, opcode, Payload.of(bytes));
    }

    private static Event.Violation violationIn(List<Event> events) {
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.get(events.size() - 1)).isInstanceOf(Event.Closed.class);
        return events.stream().filter(Event.Violation.class::isInstance).map(Event.Violation.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no violation in " + events));
    }

    /** Asserts the connection failed with {@code code}: a Close with that code went out, TCP should close. */
    private void assertFailedWith(List<Event> events, CloseCode code) {
        assertThat(violationIn(events).code()).isEqualTo(code);
        assertThat(events.get(events.size() - 1)).isEqualTo(events.stream().filter(Event.Closed.class::isInstance)
                .findFirst().orElseThrow());
        Event.Closed closed = (Event.Closed) events.get(events.size() - 1);
        // RFC 6455 §7.1.5: no Close was received, so the connection's close code is 1006; ours is reported as sent.
        assertThat(closed.code()).isEqualTo(1006);
        assertThat(closed.sent()).hasValueSatisfying(status -> assertThat(status.code()).isEqualTo(code.code()));
        assertThat(closed.clean()).isFalse();
        List<Frame> sent = client.read(server);
        assertThat(sent).last().satisfies(f -> {
            assertThat(f.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(CloseStatus.fromBody(f.payload().toByteArray()).code()).isEqualTo(code.code());
        });
        assertThat(server.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(server.shouldCloseTransport()).isTrue();
    }

    // ---------------------------------------------------------------- §5.4 fragmentation

    @Test
    void fragmentedTextIsAssembledWithControlFramesInterleaved() {
        List<Event> events = Received.all(server, client.send(
                frame(false, Opcode.TEXT, "Hel"),
                Frame.ping(Payload.ofUtf8("p1")),
                frame(false, Opcode.CONTINUATION, "l"),
                Frame.pong(Payload.ofUtf8("unsolicited")),
                frame(true, Opcode.CONTINUATION, "o")), 0);
        assertThat(events).containsExactly(
                new Event.Ping(Payload.ofUtf8("p1")),
                new Event.Pong(Payload.ofUtf8("unsolicited")),
                new Event.Text("Hello"));
        assertThat(client.read(server)).containsExactly(Frame.pong(Payload.ofUtf8("p1")));
    }

    @Test
    void fragmentedBinaryIsAssembled() {
        List<Event> events = Received.all(server, client.send(
                frame(false, Opcode.BINARY, new byte[] {1, 2}),
                frame(false, Opcode.CONTINUATION, new byte[0]),
                frame(true, Opcode.CONTINUATION, new byte[] {3})), 0);
        assertThat(events).containsExactly(new Event.Binary(Payload.of(new byte[] {1, 2, 3})));
    }

    @Test
    void continuationWithoutStartFailsWith1002() {
        List<Event> events = Received.all(server, client.send(frame(true, Opcode.CONTINUATION, "x")), 0);
        assertFailedWith(events, CloseCode.PROTOCOL_ERROR);
        assertThat(violationIn(events).rfcSection()).isEqualTo("RFC 6455 §5.4");
    }

    @Test
    void newDataFrameInsideUnfinishedMessageFailsWith1002() {
        List<Event> events = Received.all(server, client.send(frame(false, Opcode.TEXT, "a"), frame(true, Opcode.BINARY, "b")), 0);
        assertFailedWith(events, CloseCode.PROTOCOL_ERROR);
        assertThat(violationIn(events).explanation()).contains("unfinished");
    }

    // ---------------------------------------------------------------- §8.1 UTF-8

    @Test
    void invalidUtf8InTextFailsWith1007() {
        List<Event> events = Received.all(server, client.send(frame(true, Opcode.TEXT, Hex.bytes("48 c0 af"))), 0);
        assertFailedWith(events, CloseCode.INVALID_PAYLOAD_DATA);
        assertThat(violationIn(events).explanation()).contains("byte 1");
        assertThat(violationIn(events).rfcSection()).isEqualTo("RFC 6455 §8.1");
    }

    @Test
    void invalidUtf8FailsAtTheFragmentThatContainsIt_beforeTheMessageEnds() {
        List<Event> first = Received.all(server, client.send(frame(false, Opcode.TEXT, "valid ")), 0);
        assertThat(first).isEmpty();
        List<Event> second = Received.all(server, client.send(frame(false, Opcode.CONTINUATION, Hex.bytes("f4 90 80 80"))), 0);
        assertFailedWith(second, CloseCode.INVALID_PAYLOAD_DATA);
        assertThat(violationIn(second).explanation()).contains("byte 7");
    }

    @Test
    void invalidUtf8FailsWhileALargeTextFrameIsStillArriving() {
        byte[] text = ("ok " + "x".repeat(5000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        text[1] = (byte) 0xff;
        ByteBuffer wire = client.send(frame(true, Opcode.TEXT, text));
        ByteBuffer firstChunk = wire.duplicate().limit(100);
        List<Event> events = Received.all(server, firstChunk, 0);
        assertFailedWith(events, CloseCode.INVALID_PAYLOAD_DATA);
        assertThat(violationIn(events).explanation()).contains("byte 1 ");
    }

    @Test
    void invalidUtf8FailsWhileALargeContinuationFrameIsStillArriving() {
        Received.all(server, client.send(frame(false, Opcode.TEXT, "abc")), 0);
        byte[] rest = new byte[3000];
        java.util.Arrays.fill(rest, (byte) 'y');
        rest[10] = (byte) 0xc0;
        ByteBuffer wire = client.send(frame(true, Opcode.CONTINUATION, rest));
        List<Event> events = Received.all(server, wire.duplicate().limit(50), 0);
        assertThat(violationIn(events).explanation()).contains("byte 13 ");
    }

    @Test
    void validTextDeliveredInTinyChunksIsValidatedOnceAndDelivered() {
        String text = "κόσμε €😀 ".repeat(50);
        ByteBuffer wire = client.send(frame(false, Opcode.TEXT, text.substring(0, 7)),
                frame(true, Opcode.CONTINUATION, text.substring(7)));
        List<Event> events = new java.util.ArrayList<>();
        while (wire.hasRemaining()) {
            ByteBuffer chunk = wire.duplicate();
            chunk.limit(Math.min(wire.limit(), wire.position() + 3));
            wire.position(chunk.limit());
            events.addAll(Received.all(server, chunk, 0));
        }
        assertThat(events).containsExactly(new Event.Text(text));
    }

    @Test
    void utf8CharacterSplitAcrossFragmentsIsAccepted() {
        byte[] euro = Hex.bytes("e2 82 ac");
        List<Event> events = Received.all(server, client.send(
                frame(false, Opcode.TEXT, new byte[] {euro[0]}),
                frame(false, Opcode.CONTINUATION, new byte[] {euro[1]}),
                frame(true, Opcode.CONTINUATION, new byte[] {euro[2]})), 0);
        assertThat(events).containsExactly(new Event.Text("€"));
    }

    @Test
    void textEndingInTheMiddleOfACharacterFailsWith1007() {
        assertFailedWith(Received.all(server, client.send(frame(true, Opcode.TEXT, Hex.bytes("e2 82"))), 0),
                CloseCode.INVALID_PAYLOAD_DATA);
    }

    @Test
    void fragmentedTextEndingInTheMiddleOfACharacterFailsWith1007() {
        assertFailedWith(Received.all(server, client.send(frame(false, Opcode.TEXT, "ok"),
                frame(true, Opcode.CONTINUATION, Hex.bytes("e2 82"))), 0), CloseCode.INVALID_PAYLOAD_DATA);
    }

    // ---------------------------------------------------------------- §10.4 sizes

    @Test
    void messageTooBigFailsWith1009() {
        WebSocketConnection small = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withMaxSizes(1000));
        List<Event> events = Received.all(small, client.send(frame(true, Opcode.BINARY, new byte[1001])), 0);
        assertThat(violationIn(events).code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
    }

    @Test
    void messageTooBigIsDecidedFromTheHeaderBeforeThePayloadArrives() {
        WebSocketConnection small = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withMaxSizes(1000));
        // A masked BINARY header announcing 2^40 bytes, and not a single payload byte.
        List<Event> events = Received.all(small, Hex.buffer("82 ff 00 00 01 00 00 00 00 00 01 02 03 04"), 0);
        assertThat(violationIn(events).code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(violationIn(events).explanation()).contains("1099511627776");
    }

    @Test
    void fragmentsAddingUpBeyondTheMessageLimitFailWith1009() {
        WebSocketConnection small = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withMaxSizes(1000));
        List<Event> events = Received.all(small, client.send(frame(false, Opcode.TEXT, "a".repeat(600)),
                frame(true, Opcode.CONTINUATION, "b".repeat(401))), 0);
        assertThat(violationIn(events).code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
    }

    @Test
    void messageExactlyAtTheLimitIsDelivered() {
        WebSocketConnection small = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withMaxSizes(1000));
        assertThat(Received.all(small, client.send(frame(false, Opcode.TEXT, "a".repeat(600)),
                frame(true, Opcode.CONTINUATION, "b".repeat(400))), 0))
                .containsExactly(new Event.Text("a".repeat(600) + "b".repeat(400)));
    }

    // ---------------------------------------------------------------- §5.1 masking by role

    @Test
    void serverFailsUnmaskedFramesWith1002() {
        List<Event> events = Received.all(server, Hex.buffer("81 05 48 65 6c 6c 6f"), 0);
        assertFailedWith(events, CloseCode.PROTOCOL_ERROR);
        assertThat(violationIn(events).explanation()).contains("MASK");
    }

    @Test
    void clientFailsMaskedFramesWith1002() {
        WebSocketConnection clientSide = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);
        List<Event> events = Received.all(clientSide, Hex.buffer("81 85 37 fa 21 3d 7f 9f 4d 51 58"), 0);
        assertThat(violationIn(events).code()).isEqualTo(CloseCode.PROTOCOL_ERROR);
        // RFC 6455 §7.1.1: a client lets the server close TCP first; it lingers until the close deadline at most.
        assertThat(clientSide.shouldCloseTransport()).isFalse();
        assertThat(clientSide.nextDeadlineNanos()).hasValue(Limits.DEFAULTS.closeTimeoutNanos());
        clientSide.onTimer(Limits.DEFAULTS.closeTimeoutNanos());
        assertThat(clientSide.shouldCloseTransport()).isTrue();
        assertThat(clientSide.shouldDropTransport()).isTrue();
    }

    @Test
    void clientMasksEveryFrameWithAFreshKey() {
        WebSocketConnection clientSide = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);
        clientSide.sendText("same");
        clientSide.sendText("same");
        ByteBuffer[] out = clientSide.takeOutbound();
        byte[] a = Hex.concat(out[0]);
        byte[] b = Hex.concat(out[1]);
        assertThat(a[1] & 0x80).as("MASK bit").isEqualTo(0x80);
        assertThat(java.util.Arrays.copyOfRange(a, 2, 6)).isNotEqualTo(java.util.Arrays.copyOfRange(b, 2, 6));
        assertThat(Received.all(server, ByteBuffer.wrap(Hex.concat(out)), 0))
                .containsExactly(new Event.Text("same"), new Event.Text("same"));
    }

    // ---------------------------------------------------------------- §5.5.1 close frames

    @Test
    void closeWithOneBytePayloadFailsWith1002() {
        List<Event> events = Received.all(server, client.send(new Frame(true, Opcode.CLOSE, Payload.of(new byte[] {3}))), 0);
        assertFailedWith(events, CloseCode.PROTOCOL_ERROR);
        assertThat(violationIn(events).rfcSection()).isEqualTo("RFC 6455 §5.5.1");
    }

    @Test
    void closeWithInvalidCodeFailsWith1002() {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            WebSocketConnection fresh = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
            List<Event> events = Received.all(fresh, client.send(new Frame(true, Opcode.CLOSE,
                    Payload.of(new byte[] {(byte) (code >>> 8), (byte) code}))), 0);
            assertThat(violationIn(events).code()).as("code %d", code).isEqualTo(CloseCode.PROTOCOL_ERROR);
            assertThat(violationIn(events).explanation()).contains(Integer.toString(code));
        }
    }

    @Test
    void closeWithInvalidUtf8ReasonFailsWith1007() {
        List<Event> events = Received.all(server, client.send(new Frame(true, Opcode.CLOSE, Payload.of(Hex.bytes("03 e8 ff fe")))), 0);
        assertFailedWith(events, CloseCode.INVALID_PAYLOAD_DATA);
    }

    @Test
    void emptyCloseIsReportedAs1005AndEchoedEmpty() {
        List<Event> events = Received.all(server, client.send(new Frame(true, Opcode.CLOSE, Payload.EMPTY)), 0);
        assertThat(events).containsExactly(new Event.CloseReceived(CloseStatus.NO_STATUS),
                new Event.Closed(1005, "", true, true, java.util.Optional.of(CloseStatus.NO_STATUS)));
        assertThat(client.read(server)).containsExactly(new Frame(true, Opcode.CLOSE, Payload.EMPTY));
    }

    @Test
    void closeIsEchoedWithTheSameCode() {
        Received.all(server, client.send(Frame.close(CloseStatus.of(4001, "room closed"))), 0);
        assertThat(client.read(server)).containsExactly(Frame.close(CloseStatus.of(4001, "")));
    }

    @Test
    void dataAfterTheCloseIsIgnored() {
        List<Event> events = Received.all(server, client.send(Frame.close(CloseStatus.NORMAL), Frame.text("too late")), 0);
        assertThat(events).doesNotContain(new Event.Text("too late"));
        assertThat(Received.all(server, client.send(Frame.text("later still")), 0)).isEmpty();
    }

    @Test
    void sendingDataAfterOurCloseIsRefused() {
        assertThat(server.close(CloseStatus.NORMAL, 0)).isTrue();
        assertThat(server.sendText("x")).isFalse();
        assertThat(server.sendBinary(new byte[1])).isFalse();
        assertThat(server.sendTextPart("x", true)).isFalse();
        assertThat(server.ping(new byte[0])).isFalse();
        assertThat(server.close(CloseStatus.NORMAL, 0)).as("only one Close").isFalse();
        assertThat(client.read(server)).containsExactly(Frame.close(CloseStatus.NORMAL));
    }

    @Test
    void messagesStillArriveWhileWaitingForTheCloseAnswer() {
        server.close(CloseStatus.NORMAL, 0);
        client.read(server);
        assertThat(Received.all(server, client.send(Frame.text("in flight"), Frame.ping(Payload.EMPTY)), 0))
                .containsExactly(new Event.Text("in flight"), new Event.Ping(Payload.EMPTY));
        // RFC 6455 §5.5.2: our own Close does not excuse us from answering a Ping; only a received one does.
        assertThat(client.read(server)).as("a Pong even after our Close").containsExactly(Frame.pong(Payload.EMPTY));
        assertThat(Received.all(server, client.send(Frame.close(CloseStatus.NORMAL)), 0)).containsExactly(
                new Event.CloseReceived(CloseStatus.NORMAL), new Event.Closed(1000, "", true, false, java.util.Optional.of(CloseStatus.NORMAL)));
        assertThat(server.hasOutbound()).as("our Close was already sent; no second one").isFalse();
        assertThat(server.shouldCloseTransport()).isTrue();
    }

    // ---------------------------------------------------------------- §7 timeouts and the transport

    @Test
    void closeTimeoutEndsTheConnectionWith1006() {
        server.close(CloseStatus.NORMAL, 10 * SECOND);
        assertThat(server.nextDeadlineNanos()).hasValue(15 * SECOND);
        assertThat(server.onTimer(15 * SECOND - 1)).isEmpty();
        List<Event> events = server.onTimer(15 * SECOND);
        assertThat(events).singleElement().isInstanceOfSatisfying(Event.Closed.class, closed -> {
            assertThat(closed.code()).isEqualTo(1006);
            assertThat(closed.clean()).isFalse();
            assertThat(closed.reason()).contains("did not answer our Close");
        });
        assertThat(server.shouldCloseTransport()).isTrue();
        assertThat(server.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void pongTimeoutEndsTheConnectionWith1006() {
        WebSocketConnection conn = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withPongTimeout(Duration.ofSeconds(3)));
        assertThat(conn.ping(new byte[] {1}, 100)).isTrue();
        assertThat(conn.ping(new byte[] {2}, 2 * SECOND)).isTrue();
        assertThat(conn.nextDeadlineNanos()).as("the first unanswered ping sets the deadline").hasValue(100 + 3 * SECOND);
        List<Event> events = conn.onTimer(100 + 3 * SECOND);
        assertThat(events).singleElement().isInstanceOfSatisfying(Event.Closed.class, closed -> {
            assertThat(closed.code()).isEqualTo(1006);
            assertThat(closed.reason()).contains("no Pong");
        });
        assertThat(conn.shouldCloseTransport()).isTrue();
    }

    @Test
    void aPongDisarmsThePongTimeout() {
        server.ping(new byte[] {1}, 0);
        assertThat(server.nextDeadlineNanos()).isPresent();
        assertThat(Received.all(server, client.send(Frame.pong(Payload.of(new byte[] {1}))), SECOND))
                .containsExactly(new Event.Pong(Payload.of(new byte[] {1})));
        assertThat(server.nextDeadlineNanos()).isEmpty();
        assertThat(server.onTimer(100 * SECOND)).isEmpty();
        assertThat(server.state()).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void aPingWithoutDeadlineArmsNothing() {
        server.ping(new byte[0]);
        assertThat(server.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void deadlinesWorkAcrossNanoTimeOverflow() {
        long nearMax = Long.MAX_VALUE - SECOND;
        server.close(CloseStatus.NORMAL, nearMax);
        assertThat(server.onTimer(nearMax + SECOND)).as("wrapped, still before the deadline").isEmpty();
        assertThat(server.onTimer(nearMax + 5 * SECOND)).hasSize(1);
    }

    @Test
    void transportLossBeforeTheHandshakeIs1006() {
        List<Event> events = server.onTransportClosed();
        assertThat(events).containsExactly(new Event.Closed(1006,
                "the TCP connection closed before the closing handshake completed", false, true));
        assertThat(server.onTransportClosed()).as("Closed exactly once").isEmpty();
        assertThat(Received.all(server, client.send(Frame.text("ghost")), 0)).isEmpty();
    }

    @Test
    void transportLossAfterTheHandshakeEmitsNothingMore() {
        Received.all(server, client.send(Frame.close(CloseStatus.NORMAL)), 0);
        assertThat(server.onTransportClosed()).isEmpty();
    }

    @Test
    void closedIsEmittedExactlyOnceWhateverHappensAfter() {
        List<Event> all = new java.util.ArrayList<>(Received.all(server, Hex.buffer("81 05 48 65 6c 6c 6f"), 0));
        all.addAll(Received.all(server, client.send(Frame.close(CloseStatus.NORMAL)), 0));
        all.addAll(server.onTimer(Long.MAX_VALUE));
        all.addAll(server.onTransportClosed());
        assertThat(all.stream().filter(Event.Closed.class::isInstance)).hasSize(1);
    }

    @Test
    void clientWaitsForTheServerToCloseTcpThenGivesUp() {
        WebSocketConnection clientSide = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);
        Peer serverPeer = new Peer(Role.SERVER);
        List<Event> events = Received.all(clientSide, serverPeer.send(Frame.close(CloseStatus.of(CloseCode.GOING_AWAY))), SECOND);
        assertThat(events).containsExactly(new Event.CloseReceived(CloseStatus.of(CloseCode.GOING_AWAY)),
                new Event.Closed(1001, "", true, true, java.util.Optional.of(CloseStatus.of(1001, ""))));
        assertThat(serverPeer.read(clientSide)).containsExactly(Frame.close(CloseStatus.of(CloseCode.GOING_AWAY)));
        assertThat(clientSide.shouldCloseTransport()).as("RFC 6455 §7.1.1: the server closes first").isFalse();
        assertThat(clientSide.nextDeadlineNanos()).hasValue(6 * SECOND);
        assertThat(clientSide.onTimer(6 * SECOND)).isEmpty();
        assertThat(clientSide.shouldCloseTransport()).isTrue();
    }

    // ---------------------------------------------------------------- sending

    @Test
    void largeMessagesAreSplitIntoFragmentsOfTheConfiguredSize() {
        WebSocketConnection conn = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withOutboundFragmentSize(4));
        conn.sendText("abcdefghij");
        assertThat(client.read(conn)).containsExactly(frame(false, Opcode.TEXT, "abcd"),
                frame(false, Opcode.CONTINUATION, "efgh"), frame(true, Opcode.CONTINUATION, "ij"));
    }

    @Test
    void streamedMessageWithAPingInBetween() {
        server.sendTextPart("Hel", false);
        server.ping(new byte[] {9});
        server.sendTextPart("lo", true);
        server.sendBinary(ByteBuffer.wrap(new byte[] {1}));
        assertThat(client.read(server)).containsExactly(frame(false, Opcode.TEXT, "Hel"),
                Frame.ping(Payload.of(new byte[] {9})), frame(true, Opcode.CONTINUATION, "lo"),
                frame(true, Opcode.BINARY, new byte[] {1}));
    }

    @Test
    void streamedBinaryFromByteBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
        server.sendBinaryPart(direct, false);
        server.sendBinaryPart(new byte[] {4}, true);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(client.read(server)).containsExactly(frame(false, Opcode.BINARY, new byte[] {1, 2, 3}),
                frame(true, Opcode.CONTINUATION, new byte[] {4}));
    }

    @Test
    void interleavingTwoMessagesIsAProgrammingError() {
        server.sendTextPart("a", false);
        assertThatThrownBy(() -> server.sendText("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("§5.4");
        assertThatThrownBy(() -> server.sendBinaryPart(new byte[1], true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void controlPayloadsOver125BytesAreAProgrammingError() {
        assertThatThrownBy(() -> server.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("125");
        assertThatThrownBy(() -> server.pong(new byte[126])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void violationReasonSentToThePeerFitsInACloseFrame() {
        Received.all(server, Hex.buffer("81 05 48 65 6c 6c 6f"), 0);
        Frame close = client.read(server).get(0);
        assertThat(close.payload().length()).isLessThanOrEqualTo(125);
        assertThat(CloseStatus.fromBody(close.payload().toByteArray()).reason()).startsWith("the client sent an unmasked frame");
    }

    @Test
    void violationEventsExplainInWordsAndCiteTheRfc() {
        Event.Violation violation = violationIn(Received.all(server, client.send(frame(true, Opcode.CONTINUATION, "x")), 0));
        assertThat(violation.describe()).isEqualTo("1002 Protocol Error: opcode: a CONTINUATION frame arrived, but no "
                + "fragmented message was started by a TEXT or BINARY frame (RFC 6455 §5.4)");
    }
}
