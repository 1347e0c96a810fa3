package dev.wslab.framing.connection;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebSocketConnection#receive}: each event reaches the handler as soon as its frame ends, so the
 * application can answer a message before what follows it in the same read (a Close, a broken frame) is
 * looked at — right by construction, with one call per read.
 */
class ReceiveOrderTest {

    private static final Limits ROOMY = Limits.DEFAULTS.withMaxSizes(1 << 17);

    private final Peer client = new Peer(Role.CLIENT);

    /** An echo application: answers every text message from inside the handler, and reports what it could send. */
    private static List<Boolean> echoFrameByFrame(WebSocketConnection server, ByteBuffer read) {
        List<Boolean> accepted = new ArrayList<>();
        server.receive(read, 0, event -> {
            if (event instanceof Event.Text text) {
                accepted.add(server.sendText(text.text()));
            }
        });
        return accepted;
    }

    @Test
    void aMessageAndACloseInOneReadLetTheApplicationReplyBeforeTheCloseIsAnswered() {
        // Autobahn case 7.1.1: "Hello" and Close(1000) arrive in one TCP segment; the echo must come first.
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        ByteBuffer read = client.send(Frame.text("Hello"), Frame.close(CloseStatus.of(1000, "bye")));

        assertThat(echoFrameByFrame(server, read)).containsExactly(true);

        List<Frame> sent = client.read(server);
        assertThat(sent).extracting(Frame::opcode).containsExactly(Opcode.TEXT, Opcode.CLOSE);
        assertThat(sent.get(0).payload().asUtf8()).isEqualTo("Hello");
        assertThat(CloseStatus.fromBody(sent.get(1).payload().toByteArray()).code()).isEqualTo(1000);
        assertThat(server.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(server.shouldCloseTransport()).isTrue();
    }

    @Test
    void aMessageAndABrokenFrameInOneReadLetTheApplicationReplyBeforeTheConnectionFails() {
        // Autobahn cases 3.x / 5.15: a good message, then a frame that breaks a rule (here RSV1, §5.2).
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        byte[] good = Hex.concat(client.send(Frame.text("ok")));
        byte[] broken = Hex.concat(client.send(Frame.text("bad")));
        broken[0] |= 0x40;
        ByteBuffer read = ByteBuffer.wrap(Hex.concat(ByteBuffer.wrap(good), ByteBuffer.wrap(broken)));

        assertThat(echoFrameByFrame(server, read)).containsExactly(true);

        List<Frame> sent = client.read(server);
        assertThat(sent).extracting(Frame::opcode).containsExactly(Opcode.TEXT, Opcode.CLOSE);
        assertThat(CloseStatus.fromBody(sent.get(1).payload().toByteArray()).code()).isEqualTo(1002);
    }

    @Test
    void afterThePeersCloseTheRestOfTheBufferIsConsumedAndIgnored() {
        // RFC 6455 §5.5.1: nothing may follow a Close, so nothing after it is processed.
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        ByteBuffer read = client.send(Frame.close(CloseStatus.of(1001, "")), Frame.text("late"));

        List<Event> events = Received.all(server, read, 0);

        assertThat(events).hasSize(2).last().isInstanceOf(Event.Closed.class);
        assertThat(read.hasRemaining()).isFalse();
        assertThat(server.bytesReceived()).isEqualTo(read.limit());
    }

    /**
     * Whatever the messages, fragments, control frames, trailing Close or garbage, the role and the read
     * sizes: an echoing application gets exactly the events, and sends exactly the bytes, it would for the
     * whole input in one read.
     */
    @Property(tries = 300)
    void anyChunkingGivesTheEventsAndAnswersOfOneRead(
            @ForAll("streams") List<Frame> frames,
            @ForAll boolean garbageAfter, @ForAll Role receiver,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 200) Integer> readSizes) {
        Peer sender = new Peer(receiver.peer()); // masked frames to a server, unmasked to a client (§5.1)
        List<ByteBuffer> encoded = new ArrayList<>();
        for (Frame frame : frames) {
            encoded.add(sender.send(frame));
        }
        if (garbageAfter) {
            encoded.add(ByteBuffer.wrap(new byte[] {(byte) 0xF3, 0x00, 0x7F}));
        }
        byte[] wire = Hex.concat(encoded.toArray(new ByteBuffer[0]));

        WebSocketConnection whole = new WebSocketConnection(receiver, ROOMY, MaskingKeySource.fixed(7));
        List<Event> expected = new ArrayList<>();
        whole.receive(ByteBuffer.wrap(wire), 0, echo(whole, expected));

        WebSocketConnection stepped = new WebSocketConnection(receiver, ROOMY, MaskingKeySource.fixed(7));
        List<Event> received = new ArrayList<>();
        int offset = 0;
        int read = 0;
        while (offset < wire.length) {
            int size = Math.min(readSizes.get(read++ % readSizes.size()), wire.length - offset);
            ByteBuffer buffer = ByteBuffer.wrap(wire, offset, size);
            stepped.receive(buffer, 0, echo(stepped, received));
            assertThat(buffer.hasRemaining()).isFalse();
            offset += size;
        }

        assertThat(received).isEqualTo(expected);
        assertThat(stepped.state()).isEqualTo(whole.state());
        assertThat(stepped.bytesReceived()).isEqualTo(whole.bytesReceived()).isEqualTo(wire.length);
        assertThat(Hex.concat(stepped.takeOutbound())).isEqualTo(Hex.concat(whole.takeOutbound()));
    }

    @Provide
    Arbitrary<List<Frame>> streams() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<List<Frame>> message = Arbitraries.oneOf(
                text.map(t -> List.of(Frame.text(t))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> List.of(Frame.binary(b))),
                // A fragmented text message with a Ping between its fragments (§5.4).
                text.map(t -> List.of(new Frame(false, Opcode.TEXT, Payload.ofUtf8(t)),
                        Frame.ping(Payload.ofUtf8("p")),
                        new Frame(true, Opcode.CONTINUATION, Payload.ofUtf8(t)))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(125).map(b -> List.of(Frame.pong(Payload.of(b)))));
        Arbitrary<List<Frame>> close = Arbitraries.of(
                List.<Frame>of(),
                List.of(Frame.close(CloseStatus.of(1000, "done"))),
                List.of(Frame.close(CloseStatus.NO_STATUS)));
        return message.list().ofMaxSize(6).flatMap(messages -> close.map(tail -> {
            List<Frame> all = new ArrayList<>();
            messages.forEach(all::addAll);
            all.addAll(tail);
            return all;
        }));
    }

    private static java.util.function.Consumer<Event> echo(WebSocketConnection connection, List<Event> log) {
        return event -> {
            log.add(event);
            if (event instanceof Event.Text text) {
                connection.sendText(text.text());
            }
        };
    }

    private static List<Integer> ends(List<ByteBuffer> frames) {
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (ByteBuffer frame : frames) {
            end += frame.remaining();
            ends.add(end);
        }
        return ends;
    }
}
