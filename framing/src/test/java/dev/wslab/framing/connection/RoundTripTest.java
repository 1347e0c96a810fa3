package dev.wslab.framing.connection;

import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Encode → decode round trips: any messages, fragment sizes, masks and chunkings give back the same thing. */
class RoundTripTest {

    private static final Limits ROOMY = Limits.DEFAULTS.withMaxSizes(1 << 20);

    /** Splits {@code wire} at random points into heap or direct buffers. */
    private static List<ByteBuffer> chunk(byte[] wire, long seed) {
        Random random = new Random(seed);
        List<ByteBuffer> chunks = new ArrayList<>();
        int at = 0;
        while (at < wire.length) {
            int size = 1 + random.nextInt(random.nextBoolean() ? 3 : Math.max(1, wire.length));
            size = Math.min(size, wire.length - at);
            ByteBuffer chunk = random.nextBoolean() ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
            chunk.put(wire, at, size).flip();
            chunks.add(chunk);
            at += size;
        }
        return chunks;
    }

    @Property(tries = 300)
    void messagesSurviveAnyFragmentSizeMaskAndChunking(@ForAll("messages") List<Object> messages,
                                                       @ForAll @IntRange(min = 1, max = 300) int fragmentSize,
                                                       @ForAll long seed, @ForAll Role senderRole) {
        WebSocketConnection sender = new WebSocketConnection(senderRole, ROOMY.withOutboundFragmentSize(fragmentSize),
                MaskingKeySource.fromRandom(new Random(seed)));
        WebSocketConnection receiver = new WebSocketConnection(senderRole.peer(), ROOMY);
        List<Event> expected = new ArrayList<>();
        for (Object message : messages) {
            if (message instanceof String text) {
                sender.sendText(text);
                expected.add(new Event.Text(text));
            } else {
                byte[] data = (byte[]) message;
                sender.sendBinary(data);
                expected.add(new Event.Binary(Payload.of(data)));
            }
        }
        byte[] wire = Hex.concat(sender.takeOutbound());
        assertThat((long) wire.length).isEqualTo(sender.bytesSent());
        List<Event> received = new ArrayList<>();
        for (ByteBuffer chunk : chunk(wire, seed)) {
            received.addAll(Received.all(receiver, chunk, 0));
            assertThat(chunk.hasRemaining()).as("receive consumes everything").isFalse();
        }
        assertThat(received).isEqualTo(expected);
        assertThat(receiver.bytesReceived()).isEqualTo(wire.length);
    }

    @Property(tries = 300)
    void streamedPartsWithInterleavedPingsArriveAsOneMessage(@ForAll @Size(max = 6) List<@Size(max = 40) String> parts,
                                                             @ForAll @IntRange(min = 1, max = 20) int fragmentSize,
                                                             @ForAll long seed) {
        WebSocketConnection sender = new WebSocketConnection(Role.CLIENT, ROOMY.withOutboundFragmentSize(fragmentSize),
                MaskingKeySource.fromRandom(new Random(seed)));
        WebSocketConnection receiver = new WebSocketConnection(Role.SERVER, ROOMY);
        List<Event> expected = new ArrayList<>();
        StringBuilder whole = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            sender.sendTextPart(parts.get(i), i == parts.size() - 1);
            whole.append(parts.get(i));
            if (i == parts.size() - 1) {
                expected.add(new Event.Text(whole.toString()));
            }
            sender.ping(new byte[] {(byte) i});
            expected.add(new Event.Ping(Payload.of(new byte[] {(byte) i})));
        }
        List<Event> received = new ArrayList<>();
        for (ByteBuffer chunk : chunk(Hex.concat(sender.takeOutbound()), seed)) {
            received.addAll(Received.all(receiver, chunk, 0));
        }
        assertThat(received).isEqualTo(expected);
    }

    @Property(tries = 300)
    void framesRoundTripThroughEncoderAndDecoder(@ForAll("frames") List<Frame> frames, @ForAll Role senderRole,
                                                 @ForAll long seed) {
        FrameEncoder encoder = new FrameEncoder(senderRole, MaskingKeySource.fromRandom(new Random(seed)));
        List<ByteBuffer> encoded = new ArrayList<>();
        for (Frame frame : frames) {
            encoded.add(encoder.encode(frame));
        }
        FrameDecoder decoder = new FrameDecoder(senderRole.peer(), ROOMY);
        List<Frame> decoded = new ArrayList<>();
        for (ByteBuffer chunk : chunk(Hex.concat(encoded.toArray(new ByteBuffer[0])), seed)) {
            while (chunk.hasRemaining()) {
                DecodeResult result = decoder.decode(chunk);
                if (result instanceof DecodeResult.FrameDecoded frame) {
                    assertThat(frame.header().isLengthMinimal()).isTrue();
                    assertThat(frame.header().masked()).isEqualTo(senderRole == Role.CLIENT);
                    decoded.add(frame.frame());
                }
                assertThat(result).isNotInstanceOf(DecodeResult.Failed.class);
            }
        }
        assertThat(decoded).isEqualTo(frames);
    }

    @Property(tries = 500)
    void textVerdictIsTheJdkDecodersWhateverTheFragmentsAndChunks(@ForAll("utf8ish") byte[] text,
                                                                   @ForAll @IntRange(min = 1, max = 8) int fragmentSize,
                                                                   @ForAll long seed) {
        Peer client = new Peer(Role.CLIENT);
        List<Frame> frames = new ArrayList<>();
        for (int at = 0; at < text.length || frames.isEmpty(); at += fragmentSize) {
            int end = Math.min(text.length, at + fragmentSize);
            frames.add(new Frame(end == text.length, at == 0 ? Opcode.TEXT : Opcode.CONTINUATION,
                    Payload.of(java.util.Arrays.copyOfRange(text, Math.min(at, text.length), end))));
        }
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, ROOMY);
        List<Event> events = new ArrayList<>();
        for (ByteBuffer chunk : chunk(Hex.concat(client.send(frames.toArray(new Frame[0]))), seed)) {
            events.addAll(Received.all(server, chunk, 0));
        }
        java.nio.charset.CharsetDecoder strict = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        String expected;
        try {
            expected = strict.decode(ByteBuffer.wrap(text)).toString();
        } catch (java.nio.charset.CharacterCodingException invalid) {
            expected = null;
        }
        if (expected != null) {
            assertThat(events).containsExactly(new Event.Text(expected));
        } else {
            assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class,
                    v -> assertThat(v.code()).isEqualTo(dev.wslab.framing.CloseCode.INVALID_PAYLOAD_DATA));
        }
    }

    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) 0x41, (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f,
                (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xe1, (byte) 0xed,
                (byte) 0xef, (byte) 0xf0, (byte) 0xf3, (byte) 0xf4, (byte) 0xf5, (byte) 0xff);
        Arbitrary<byte[]> valid = Arbitraries.strings().ofMaxLength(12)
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Arbitraries.oneOf(interesting.array(byte[].class).ofMaxSize(16), valid);
    }

    @Provide
    Arbitrary<List<Object>> messages() {
        Arbitrary<Object> text = Arbitraries.strings().ofMaxLength(400).map(s -> s);
        Arbitrary<Object> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(700).map(b -> b);
        Arbitrary<Object> big = Arbitraries.integers().between(65530, 70000).map(n -> (Object) new byte[n]);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, text), net.jqwik.api.Tuple.of(10, binary),
                net.jqwik.api.Tuple.of(1, big)).list().ofMaxSize(5);
    }

    /** Random sequences of valid frames: whole data frames and control frames (fragment order is not needed here). */
    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<Frame> data = Combinators.combine(Arbitraries.of(Opcode.TEXT, Opcode.BINARY),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((opcode, bytes) -> new Frame(true, opcode, Payload.of(bytes)));
        Arbitrary<Frame> control = Combinators.combine(Arbitraries.of(Opcode.PING, Opcode.PONG),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(125))
                .as((opcode, bytes) -> new Frame(true, opcode, Payload.of(bytes)));
        Arbitrary<Frame> boundary = Arbitraries.of(0, 125, 126, 127, 65535, 65536)
                .map(n -> new Frame(true, Opcode.BINARY, Payload.wrap(new byte[n])));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, data), net.jqwik.api.Tuple.of(4, control),
                net.jqwik.api.Tuple.of(1, boundary)).list().ofMaxSize(6);
    }
}
