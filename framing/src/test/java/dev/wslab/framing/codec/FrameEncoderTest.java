package dev.wslab.framing.codec;

import dev.wslab.framing.Hex;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameEncoderTest {

    private final FrameEncoder server = new FrameEncoder(Role.SERVER);

    @ParameterizedTest(name = "length {0} -> {1}")
    @CsvSource({
            "0, 82 00",
            "125, 82 7d",
            "126, 82 7e 00 7e",
            "127, 82 7e 00 7f",
            "65535, 82 7e ff ff",
            "65536, 82 7f 00 00 00 00 00 01 00 00"
    })
    void usesTheMinimalLengthFormAtEveryBoundary(int length, String header) {
        ByteBuffer encoded = server.encode(Frame.binary(new byte[length]));
        int headerBytes = Hex.bytes(header).length;
        assertThat(Hex.of(encoded.duplicate().limit(headerBytes))).isEqualTo(header);
        assertThat(encoded.remaining()).isEqualTo(headerBytes + length);
        assertThat(FrameEncoder.headerLength(length, false)).isEqualTo(headerBytes);
        assertThat(FrameEncoder.headerLength(length, true)).isEqualTo(headerBytes + 4);
    }

    @Test
    void serverNeverMasks() {
        ByteBuffer encoded = server.encode(Frame.text("abc"));
        assertThat(encoded.get(1) & 0x80).isZero();
    }

    @Test
    void clientMasksEveryFrameWithTheNextKeyAndLeavesTheSourceAlone() {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, MaskingKeySource.fromRandom(new Random(1)));
        Random expectedKeys = new Random(1);
        byte[] data = "the same payload".getBytes();
        for (int i = 0; i < 3; i++) {
            ByteBuffer encoded = client.encode(Frame.binary(data));
            assertThat(encoded.get(1) & 0x80).isEqualTo(0x80);
            assertThat(encoded.getInt(2)).isEqualTo(expectedKeys.nextInt());
        }
        assertThat(data).isEqualTo("the same payload".getBytes());
    }

    @Test
    void encodesIntoDirectAndLittleEndianBuffersTheSameWay() {
        FrameEncoder a = new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(0x37fa213d));
        byte[] payload = new byte[300];
        new Random(3).nextBytes(payload);
        ByteBuffer heap = a.encode(Frame.binary(payload));
        ByteBuffer direct = ByteBuffer.allocateDirect(a.frameLength(300)).order(ByteOrder.LITTLE_ENDIAN);
        a.encode(true, Opcode.BINARY, payload, 0, payload.length, direct);
        direct.flip();
        assertThat(Hex.of(direct)).isEqualTo(Hex.of(heap));
    }

    @Test
    void fragmentsAMessageIntoFramesOfTheGivenSize() {
        ByteBuffer wire = server.encodeFragments(Opcode.TEXT, true, "abcdefghij".getBytes(), 4);
        assertThat(Hex.of(wire)).isEqualTo("01 04 61 62 63 64 00 04 65 66 67 68 80 02 69 6a");
        assertThat(server.fragmentsLength(10, 4)).isEqualTo(wire.remaining());
    }

    @Test
    void anEmptyMessageIsStillOneFrame() {
        assertThat(Hex.of(server.encodeFragments(Opcode.BINARY, true, new byte[0], 4))).isEqualTo("82 00");
        assertThat(server.fragmentsLength(0, 4)).isEqualTo(2);
    }

    @Test
    void aPartThatIsNotLastLeavesFinClear() {
        assertThat(Hex.of(server.encodeFragments(Opcode.CONTINUATION, false, "ab".getBytes(), 10))).isEqualTo("00 02 61 62");
    }

    @Test
    void exactMultipleOfTheFragmentSizeMakesNoEmptyTrailingFrame() {
        assertThat(Hex.of(server.encodeFragments(Opcode.BINARY, true, new byte[] {1, 2, 3, 4}, 2)))
                .isEqualTo("02 02 01 02 80 02 03 04");
        assertThat(server.fragmentsLength(4, 2)).isEqualTo(8);
    }

    @Test
    void controlFramesCannotBeFragmentedOrOversized() {
        assertThatThrownBy(() -> server.encode(false, Opcode.PING, new byte[0], 0, 0, ByteBuffer.allocate(10)))
                .hasMessageContaining("§5.5");
        assertThatThrownBy(() -> server.encode(true, Opcode.PONG, new byte[126], 0, 126, ByteBuffer.allocate(200)))
                .hasMessageContaining("125");
        assertThatThrownBy(() -> server.encodeFragments(Opcode.CLOSE, true, new byte[0], 4))
                .hasMessageContaining("only data frames");
    }

    @Test
    void writeHeaderWritesAnyHeaderEvenABrokenOne() {
        ByteBuffer out = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        FrameEncoder.writeHeader(new FrameHeader(false, true, true, true, 0xB, true, 5, LengthForm.SIXTY_FOUR_BIT,
                0x01020304), out);
        assertThat(Hex.of(out.flip())).isEqualTo("7b ff 00 00 00 00 00 00 00 05 01 02 03 04");
    }

    @Test
    void tooSmallADestinationOverflows() {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(1));
        assertThatThrownBy(() -> client.encode(true, Opcode.BINARY, new byte[10], 0, 10, ByteBuffer.allocate(12)))
                .isInstanceOf(java.nio.BufferOverflowException.class);
    }
}
