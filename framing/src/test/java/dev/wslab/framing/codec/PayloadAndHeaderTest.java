package dev.wslab.framing.codec;

import dev.wslab.framing.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadAndHeaderTest {

    @Test
    void payloadsCompareByContent() {
        assertThat(Payload.of(new byte[] {1, 2})).isEqualTo(Payload.of(new byte[] {1, 2}))
                .hasSameHashCodeAs(Payload.of(new byte[] {1, 2}));
        assertThat(Payload.of(new byte[] {1, 2})).isNotEqualTo(Payload.of(new byte[] {2, 1}));
        assertThat(Payload.of(new byte[0])).isSameAs(Payload.EMPTY);
    }

    @Test
    void ofCopiesAndNothingLeaksOut() {
        byte[] source = {1, 2, 3};
        Payload payload = Payload.of(source);
        source[0] = 9;
        payload.toByteArray()[1] = 9;
        assertThat(payload.toByteArray()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> payload.asReadOnlyBuffer().put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(Payload.of(new byte[] {0, 1, 2, 3}, 1, 2).toByteArray()).containsExactly(1, 2);
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {5, 6});
        assertThat(Payload.of(buffer).toByteArray()).containsExactly(5, 6);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void previewShowsTextOrHex() {
        assertThat(Payload.ofUtf8("Hi \"you\"").preview(32)).isEqualTo("\"Hi \\\"you\\\"\"");
        assertThat(Payload.ofHex("ff 00").preview(32)).isEqualTo("ff 00");
        assertThat(Payload.ofHex("ff 00").hex()).isEqualTo("ff 00");
        assertThat(Payload.wrap(new byte[40]).preview(2)).isEqualTo("00 00 ... (40 bytes)");
        assertThat(Payload.ofUtf8("a\nb").toString()).isEqualTo("Payload[3 bytes: \"a\\u000ab\"]");
        assertThat(Payload.ofUtf8("é").isValidUtf8()).isTrue();
        assertThat(Payload.ofUtf8("é").asUtf8()).isEqualTo("é");
        assertThat(Payload.ofUtf8("abc").byteAt(1)).isEqualTo((byte) 'b');
    }

    @Test
    void headerKnowsItsSizeAndWhetherItsLengthIsMinimal() {
        FrameHeader masked = FrameHeader.of(true, Opcode.TEXT, true, 70000, 0x0a0b0c0d);
        assertThat(masked.headerLength()).isEqualTo(14);
        assertThat(masked.isLengthMinimal()).isTrue();
        assertThat(masked.maskingKeyBytes()).containsExactly(0x0a, 0x0b, 0x0c, 0x0d);
        assertThat(masked.knownOpcode()).contains(Opcode.TEXT);
        FrameHeader padded = new FrameHeader(true, false, false, false, 0x2, false, 5, LengthForm.SIXTEEN_BIT, 0);
        assertThat(padded.isLengthMinimal()).isFalse();
        assertThat(padded.headerLength()).isEqualTo(4);
        assertThat(new FrameHeader(true, false, false, false, 0xB, false, 0, LengthForm.SEVEN_BIT, 0).knownOpcode()).isEmpty();
    }

    @Test
    void headerRefusesImpossibleFields() {
        assertThatThrownBy(() -> new FrameHeader(true, false, false, false, 16, false, 0, LengthForm.SEVEN_BIT, 0))
                .hasMessageContaining("4 bits");
        assertThatThrownBy(() -> new FrameHeader(true, false, false, false, 1, false, 126, LengthForm.SEVEN_BIT, 0))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new FrameHeader(true, false, false, false, 1, false, 1, LengthForm.SEVEN_BIT, 5))
                .hasMessageContaining("no masking key");
    }

    @Test
    void framesRefuseWhatSection55Forbids() {
        assertThatThrownBy(() -> new Frame(false, Opcode.PING, Payload.EMPTY)).hasMessageContaining("fragmented");
        assertThatThrownBy(() -> Frame.pong(Payload.wrap(new byte[126]))).hasMessageContaining("125");
        assertThat(Frame.ping(Payload.wrap(new byte[125])).isControl()).isTrue();
    }

    @Test
    void lengthFormsKnowTheirLimits() {
        assertThat(LengthForm.minimalFor(125)).isEqualTo(LengthForm.SEVEN_BIT);
        assertThat(LengthForm.minimalFor(126)).isEqualTo(LengthForm.SIXTEEN_BIT);
        assertThat(LengthForm.minimalFor(65535)).isEqualTo(LengthForm.SIXTEEN_BIT);
        assertThat(LengthForm.minimalFor(65536)).isEqualTo(LengthForm.SIXTY_FOUR_BIT);
        assertThat(LengthForm.announcedBy(126)).isEqualTo(LengthForm.SIXTEEN_BIT);
        assertThat(LengthForm.announcedBy(127)).isEqualTo(LengthForm.SIXTY_FOUR_BIT);
        assertThat(LengthForm.announcedBy(5)).isEqualTo(LengthForm.SEVEN_BIT);
        assertThatThrownBy(() -> LengthForm.minimalFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
