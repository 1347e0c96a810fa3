package dev.wslab.framing.codec;

import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 §5.7, every example, byte for byte, in both directions. */
class RfcExamplesTest {

    private static final int RFC_KEY = 0x37fa213d;
    private static final Limits BIG = Limits.DEFAULTS.withMaxSizes(1 << 20);

    @Test
    void singleFrameUnmaskedTextHello() {
        byte[] wire = Hex.bytes("81 05 48 65 6c 6c 6f");
        assertThat(Hex.of(new FrameEncoder(Role.SERVER).encode(Frame.text("Hello")))).isEqualTo(Hex.of(wire));
        assertThat(decodeAll(Role.CLIENT, wire)).containsExactly(Frame.text("Hello"));
    }

    @Test
    void singleFrameMaskedTextHello() {
        byte[] wire = Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        FrameEncoder client = new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(RFC_KEY));
        assertThat(Hex.of(client.encode(Frame.text("Hello")))).isEqualTo(Hex.of(wire));
        assertThat(decodeAll(Role.SERVER, wire)).containsExactly(Frame.text("Hello"));
    }

    @Test
    void fragmentedUnmaskedTextHelThenLo() {
        byte[] first = Hex.bytes("01 03 48 65 6c");
        byte[] second = Hex.bytes("80 02 6c 6f");
        FrameEncoder server = new FrameEncoder(Role.SERVER);
        assertThat(Hex.of(server.encodeFragments(Opcode.TEXT, true, "Hello".getBytes(), 3)))
                .isEqualTo(Hex.of(first) + " " + Hex.of(second));
        assertThat(decodeAll(Role.CLIENT, Hex.bytes("01 03 48 65 6c 80 02 6c 6f"))).containsExactly(
                new Frame(false, Opcode.TEXT, Payload.ofUtf8("Hel")),
                new Frame(true, Opcode.CONTINUATION, Payload.ofUtf8("lo")));
    }

    @Test
    void unmaskedPingHello() {
        byte[] wire = Hex.bytes("89 05 48 65 6c 6c 6f");
        assertThat(Hex.of(new FrameEncoder(Role.SERVER).encode(Frame.ping(Payload.ofUtf8("Hello")))))
                .isEqualTo(Hex.of(wire));
        assertThat(decodeAll(Role.CLIENT, wire)).containsExactly(Frame.ping(Payload.ofUtf8("Hello")));
    }

    @Test
    void maskedPongHello() {
        byte[] wire = Hex.bytes("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
        FrameEncoder client = new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(RFC_KEY));
        assertThat(Hex.of(client.encode(Frame.pong(Payload.ofUtf8("Hello"))))).isEqualTo(Hex.of(wire));
        assertThat(decodeAll(Role.SERVER, wire)).containsExactly(Frame.pong(Payload.ofUtf8("Hello")));
    }

    @Test
    void binary256BytesUses16BitLength() {
        byte[] data = new byte[256];
        ByteBuffer encoded = new FrameEncoder(Role.SERVER).encode(Frame.binary(data));
        assertThat(Hex.of(encoded.duplicate().limit(4))).isEqualTo("82 7e 01 00");
        assertThat(encoded.remaining()).isEqualTo(4 + 256);
        assertThat(decodeAll(Role.CLIENT, Hex.concat(encoded))).containsExactly(Frame.binary(data));
    }

    @Test
    void binary64KiBUses64BitLength() {
        byte[] data = new byte[65536];
        data[65535] = 7;
        ByteBuffer encoded = new FrameEncoder(Role.SERVER).encode(Frame.binary(data));
        assertThat(Hex.of(encoded.duplicate().limit(10))).isEqualTo("82 7f 00 00 00 00 00 01 00 00");
        assertThat(encoded.remaining()).isEqualTo(10 + 65536);
        assertThat(decodeAll(Role.CLIENT, Hex.concat(encoded))).containsExactly(Frame.binary(data));
    }

    static List<Frame> decodeAll(Role receiver, byte[] wire) {
        FrameDecoder decoder = new FrameDecoder(receiver, BIG);
        ByteBuffer in = ByteBuffer.wrap(wire);
        List<Frame> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            DecodeResult result = decoder.decode(in);
            if (result instanceof DecodeResult.FrameDecoded decoded) {
                frames.add(decoded.frame());
            } else if (result instanceof DecodeResult.Failed failed) {
                throw new AssertionError(failed.violation().describe());
            }
        }
        return frames;
    }
}
