package dev.wslab.framing.codec;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every header-level rule of RFC 6455 §5.1–§5.5, one test per rule, from the server's side unless noted. */
class FrameDecoderTest {

    private static final Limits LIMITS = Limits.DEFAULTS.withMaxSizes(1 << 20);

    // ------------------------------------------------------------------------------- helpers

    /** A masked client frame with the given first byte and payload, using the minimal length form. */
    private static byte[] clientFrame(int byte0, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(14 + payload.length);
        FrameEncoder.writeHeader(new FrameHeader((byte0 & 0x80) != 0, (byte0 & 0x40) != 0, (byte0 & 0x20) != 0,
                (byte0 & 0x10) != 0, byte0 & 0x0F, true, payload.length, LengthForm.minimalFor(payload.length),
                0x01020304), out);
        int start = out.position();
        out.put(payload);
        Masking.mask(out.array(), start, payload.length, 0x01020304, 0);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static DecodeResult decodeFirst(Role receiver, Limits limits, byte[] wire) {
        FrameDecoder decoder = new FrameDecoder(receiver, limits);
        ByteBuffer in = ByteBuffer.wrap(wire);
        DecodeResult result;
        do {
            result = decoder.decode(in);
        } while (result instanceof DecodeResult.FrameDecoded && in.hasRemaining());
        return result;
    }

    private static ProtocolViolation violationOf(Role receiver, byte[] wire) {
        return violationOf(receiver, LIMITS, wire);
    }

    private static ProtocolViolation violationOf(Role receiver, Limits limits, byte[] wire) {
        DecodeResult result = decodeFirst(receiver, limits, wire);
        assertThat(result).isInstanceOf(DecodeResult.Failed.class);
        return ((DecodeResult.Failed) result).violation();
    }

    private static Frame frameOf(Role receiver, byte[] wire) {
        DecodeResult result = decodeFirst(receiver, LIMITS, wire);
        assertThat(result).isInstanceOf(DecodeResult.FrameDecoded.class);
        return ((DecodeResult.FrameDecoded) result).frame();
    }

    private static List<Frame> decodeOneByteAtATime(Role receiver, byte[] wire) {
        FrameDecoder decoder = new FrameDecoder(receiver, LIMITS);
        List<Frame> frames = new ArrayList<>();
        for (byte b : wire) {
            DecodeResult result = decoder.decode(ByteBuffer.wrap(new byte[] {b}));
            if (result instanceof DecodeResult.FrameDecoded decoded) {
                frames.add(decoded.frame());
            }
            assertThat(result).isNotInstanceOf(DecodeResult.Failed.class);
        }
        return frames;
    }

    // ------------------------------------------------------------------------------- §5.2 RSV bits

    @ParameterizedTest(name = "RSV{0}")
    @ValueSource(ints = {1, 2, 3})
    void rsvBitSetWithoutExtensionFailsWith1002(int bit) {
        byte[] wire = clientFrame(0x81 | (0x80 >>> bit), "x".getBytes());
        ProtocolViolation violation = violationOf(Role.SERVER, wire);
        assertThat(violation.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
        assertThat(violation.field()).isEqualTo("RSV" + bit);
        assertThat(violation.rfcSection()).isEqualTo("RFC 6455 §5.2");
        assertThat(violation.explanation()).contains("no extension was negotiated");
    }

    @Test
    void allRsvBitsSetReportsRsv1First() {
        assertThat(violationOf(Role.SERVER, clientFrame(0xF1, new byte[0])).field()).isEqualTo("RSV1");
    }

    // ------------------------------------------------------------------------------- §5.2 opcodes

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodeFailsWith1002(int opcode) {
        ProtocolViolation violation = violationOf(Role.SERVER, clientFrame(0x80 | opcode, new byte[0]));
        assertThat(violation.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
        assertThat(violation.field()).isEqualTo("opcode");
        assertThat(violation.explanation()).contains("reserved").contains(String.format("0x%X", opcode));
        assertThat(violation.rfcSection()).isEqualTo("RFC 6455 §5.2");
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x1, 0x2, 0x8, 0x9, 0xA})
    void everyDefinedOpcodeIsAccepted(int opcode) {
        byte[] payload = opcode == 0x8 ? new byte[] {0x03, (byte) 0xE8} : "ok".getBytes();
        assertThat(frameOf(Role.SERVER, clientFrame(0x80 | opcode, payload)).opcode().code()).isEqualTo(opcode);
    }

    // ------------------------------------------------------------------------------- §5.5 control frames

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void fragmentedControlFrameFailsWith1002(int opcode) {
        ProtocolViolation violation = violationOf(Role.SERVER, clientFrame(opcode, new byte[0]));
        assertThat(violation.field()).isEqualTo("FIN");
        assertThat(violation.rfcSection()).isEqualTo("RFC 6455 §5.5");
        assertThat(violation.explanation()).contains("must not be fragmented");
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void controlFrameLongerThan125BytesFailsWith1002(int opcode) {
        byte[] payload = new byte[126];
        payload[0] = 0x03;
        payload[1] = (byte) 0xE8;
        ProtocolViolation violation = violationOf(Role.SERVER, clientFrame(0x80 | opcode, payload));
        assertThat(violation.field()).isEqualTo("payload length");
        assertThat(violation.rfcSection()).isEqualTo("RFC 6455 §5.5");
    }

    @Test
    void controlFrameOf125BytesIsAccepted() {
        assertThat(frameOf(Role.SERVER, clientFrame(0x89, new byte[125])).payload().length()).isEqualTo(125);
    }

    // ------------------------------------------------------------------------------- §5.1 masking by role

    @Test
    void serverFailsAnUnmaskedClientFrameWith1002() {
        ProtocolViolation violation = violationOf(Role.SERVER, Hex.bytes("81 05 48 65 6c 6c 6f"));
        assertThat(violation.field()).isEqualTo("MASK");
        assertThat(violation.rfcSection()).isEqualTo("RFC 6455 §5.1");
        assertThat(violation.explanation()).contains("must be masked");
    }

    @Test
    void clientFailsAMaskedServerFrameWith1002() {
        ProtocolViolation violation = violationOf(Role.CLIENT, Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(violation.field()).isEqualTo("MASK");
        assertThat(violation.explanation()).contains("never be masked");
    }

    @Test
    void decoderUnmasksThePayload() {
        assertThat(frameOf(Role.SERVER, Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"))).isEqualTo(Frame.text("Hello"));
    }

    // ------------------------------------------------------------------------------- §5.4 fragment order

    @Test
    void controlFramesMayBeInterleavedWithFragments() {
        byte[] wire = Hex.bytes(Hex.of(clientFrame(0x01, "Hel".getBytes())) + Hex.of(clientFrame(0x89, "p".getBytes()))
                + Hex.of(clientFrame(0x80, "lo".getBytes())));
        assertThat(decodeOneByteAtATime(Role.SERVER, wire)).extracting(Frame::opcode)
                .containsExactly(Opcode.TEXT, Opcode.PING, Opcode.CONTINUATION);
    }

    // ------------------------------------------------------------------------------- §5.2 lengths

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 65537})
    void everyLengthBoundaryDecodesWithItsMinimalForm(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        byte[] wire = clientFrame(0x82, payload);
        LengthForm expectedForm = length <= 125 ? LengthForm.SEVEN_BIT
                : length <= 65535 ? LengthForm.SIXTEEN_BIT : LengthForm.SIXTY_FOUR_BIT;
        assertThat(wire.length).isEqualTo(2 + expectedForm.extraBytes() + 4 + length);
        DecodeResult result = decodeFirst(Role.SERVER, LIMITS, wire);
        assertThat(result).isInstanceOfSatisfying(DecodeResult.FrameDecoded.class, decoded -> {
            assertThat(decoded.header().lengthForm()).isEqualTo(expectedForm);
            assertThat(decoded.header().payloadLength()).isEqualTo(length);
            assertThat(decoded.frame().payload()).isEqualTo(Payload.of(payload));
        });
    }

    @Test
    void sixteenBitFormForALengthBelow126FailsWith1002() {
        ProtocolViolation violation = violationOf(Role.CLIENT, Hex.bytes("82 7e 00 7d" + " 00".repeat(125)));
        assertThat(violation.field()).isEqualTo("payload length");
        assertThat(violation.rfcSection()).isEqualTo("RFC 6455 §5.2");
        assertThat(violation.explanation()).contains("shortest form");
    }

    @Test
    void sixtyFourBitFormForALengthBelow65536FailsWith1002() {
        ProtocolViolation violation = violationOf(Role.CLIENT, Hex.bytes("82 7f 00 00 00 00 00 00 ff ff"));
        assertThat(violation.field()).isEqualTo("payload length");
        assertThat(violation.explanation()).contains("65535").contains("16-bit");
    }

    @Test
    void sixtyFourBitFormForASmallLengthFailsWith1002() {
        assertThat(violationOf(Role.CLIENT, Hex.bytes("82 7f 00 00 00 00 00 00 00 05")).explanation())
                .contains("7-bit");
    }

    @Test
    void sixtyFourBitLengthWithTheMostSignificantBitSetFailsWith1002() {
        ProtocolViolation violation = violationOf(Role.CLIENT, Hex.bytes("82 7f 80 00 00 00 00 00 00 00"));
        assertThat(violation.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
        assertThat(violation.explanation()).contains("most significant bit");
    }

    // ------------------------------------------------------------------------------- §10.4 limits → 1009

    @Test
    void frameAboveTheFrameLimitFailsWith1009FromTheHeaderAlone() {
        // Header only, announcing 2^62 bytes: if the decoder tried to allocate, the test would die.
        ProtocolViolation violation = violationOf(Role.CLIENT, Hex.bytes("82 7f 40 00 00 00 00 00 00 00"));
        assertThat(violation.closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(violation.explanation()).contains("4611686018427387904");
    }

    @Test
    void frameAtTheFrameLimitIsAcceptedAndOneMoreByteIsNot() {
        Limits limits = Limits.DEFAULTS.withMaxFramePayload(200).withMaxMessageSize(1000);
        assertThat(decodeFirst(Role.SERVER, limits, clientFrame(0x82, new byte[200])))
                .isInstanceOf(DecodeResult.FrameDecoded.class);
        assertThat(violationOf(Role.SERVER, limits, clientFrame(0x82, new byte[201])).closeCode())
                .isEqualTo(CloseCode.MESSAGE_TOO_BIG);
    }

    @Test
    void controlFramesDoNotCountTowardsTheMessageLimit() {
        Limits limits = Limits.DEFAULTS.withMaxFramePayload(200).withMaxMessageSize(200);
        byte[] wire = Hex.bytes(Hex.of(clientFrame(0x02, new byte[150])) + Hex.of(clientFrame(0x89, new byte[125]))
                + Hex.of(clientFrame(0x80, new byte[50])));
        FrameDecoder decoder = new FrameDecoder(Role.SERVER, limits);
        ByteBuffer in = ByteBuffer.wrap(wire);
        for (int i = 0; i < 3; i++) {
            assertThat(decoder.decode(in)).isInstanceOf(DecodeResult.FrameDecoded.class);
        }
    }

    // ------------------------------------------------------------------------------- incremental decoding

    @Test
    void oneByteAtATimeGivesTheSameFramesAsAllAtOnce() {
        byte[] wire = Hex.bytes(Hex.of(clientFrame(0x01, "Hel".getBytes())) + Hex.of(clientFrame(0x89, new byte[0]))
                + Hex.of(clientFrame(0x80, "lo".getBytes())) + Hex.of(clientFrame(0x82, new byte[70000])));
        List<Frame> whole = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(Role.SERVER, LIMITS);
        ByteBuffer in = ByteBuffer.wrap(wire);
        while (in.hasRemaining()) {
            if (decoder.decode(in) instanceof DecodeResult.FrameDecoded decoded) {
                whole.add(decoded.frame());
            }
        }
        assertThat(whole).hasSize(4);
        assertThat(decodeOneByteAtATime(Role.SERVER, wire)).isEqualTo(whole);
    }

    @Test
    void directInputBuffersDecodeLikeHeapBuffers() {
        byte[] wire = clientFrame(0x82, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        DecodeResult result = new FrameDecoder(Role.SERVER, LIMITS).decode(direct);
        assertThat(result).isInstanceOfSatisfying(DecodeResult.FrameDecoded.class, d -> assertThat(d.frame().payload())
                .isEqualTo(Payload.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})));
    }

    @Test
    void emptyInputNeedsMore() {
        assertThat(new FrameDecoder(Role.SERVER, LIMITS).decode(ByteBuffer.allocate(0)))
                .isSameAs(DecodeResult.NeedMoreInput.INSTANCE);
    }

    @Test
    void aFailedDecoderStaysFailedAndConsumesNothingMore() {
        FrameDecoder decoder = new FrameDecoder(Role.SERVER, LIMITS);
        DecodeResult first = decoder.decode(Hex.buffer("c1 80"));
        ByteBuffer more = ByteBuffer.wrap(clientFrame(0x81, "x".getBytes()));
        assertThat(decoder.decode(more)).isSameAs(first);
        assertThat(more.position()).isZero();
        assertThat(decoder.isFailed()).isTrue();
    }

    @Test
    void headerRecordsTheMaskingKeyAndTheFrameCountsConsumedBytes() {
        FrameDecoder decoder = new FrameDecoder(Role.SERVER, LIMITS);
        DecodeResult result = decoder.decode(Hex.buffer("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(result).isInstanceOfSatisfying(DecodeResult.FrameDecoded.class, d -> {
            assertThat(d.header().maskingKey()).isEqualTo(0x37fa213d);
            assertThat(d.header().headerLength()).isEqualTo(6);
        });
        assertThat(decoder.bytesConsumed()).isEqualTo(11);
    }
}
