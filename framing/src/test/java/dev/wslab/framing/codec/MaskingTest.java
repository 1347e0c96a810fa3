package dev.wslab.framing.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    /** The obvious definition from RFC 6455 §5.3: byte i XOR key byte (i mod 4). */
    private static byte[] reference(byte[] data, int off, int len, int key, int keyOffset) {
        byte[] out = data.clone();
        for (int i = 0; i < len; i++) {
            int keyByte = (key >>> (8 * (3 - ((keyOffset + i) & 3)))) & 0xFF;
            out[off + i] = (byte) (data[off + i] ^ keyByte);
        }
        return out;
    }

    @Test
    void masksHelloWithTheRfcKey() {
        byte[] hello = "Hello".getBytes();
        Masking.mask(hello, 0, 5, 0x37fa213d, 0);
        assertThat(hello).containsExactly(0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void returnsTheKeyOffsetForTheNextByte() {
        assertThat(Masking.mask(new byte[10], 0, 7, 1, 2)).isEqualTo(1);
        assertThat(Masking.maskCopy(new byte[10], 0, new byte[10], 0, 5, 1, 0)).isEqualTo(1);
    }

    @Property
    void inPlaceMaskingMatchesTheDefinition(@ForAll @Size(max = 70) byte[] data, @ForAll int key,
                                            @ForAll @IntRange(max = 3) int keyOffset, @ForAll @IntRange(max = 5) int cut) {
        int off = Math.min(cut, data.length);
        int len = data.length - off;
        byte[] expected = reference(data, off, len, key, keyOffset);
        byte[] actual = data.clone();
        Masking.mask(actual, off, len, key, keyOffset);
        assertThat(actual).isEqualTo(expected);
    }

    @Property
    void maskCopyMatchesTheDefinitionAndLeavesTheSourceAlone(@ForAll @Size(max = 70) byte[] data, @ForAll int key,
                                                              @ForAll @IntRange(max = 3) int keyOffset) {
        byte[] src = data.clone();
        byte[] dst = new byte[data.length + 3];
        Masking.maskCopy(src, 0, dst, 3, data.length, key, keyOffset);
        byte[] expected = reference(data, 0, data.length, key, keyOffset);
        for (int i = 0; i < data.length; i++) {
            assertThat(dst[3 + i]).isEqualTo(expected[i]);
        }
        assertThat(src).isEqualTo(data);
    }

    @Property
    void maskingInPiecesEqualsMaskingAtOnce(@ForAll @Size(max = 70) byte[] data, @ForAll int key,
                                            @ForAll @IntRange(max = 70) int split) {
        int at = Math.min(split, data.length);
        byte[] whole = data.clone();
        Masking.mask(whole, 0, whole.length, key, 0);
        byte[] pieces = data.clone();
        int next = Masking.mask(pieces, 0, at, key, 0);
        Masking.mask(pieces, at, data.length - at, key, next);
        assertThat(pieces).isEqualTo(whole);
    }

    @Property
    void directBuffersOfEitherByteOrderMaskLikeArrays(@ForAll @Size(max = 70) byte[] data, @ForAll int key,
                                                      @ForAll @IntRange(max = 3) int keyOffset, @ForAll boolean bigEndian) {
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 1)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        direct.position(1);
        direct.put(data);
        Masking.mask(direct, 1, data.length, key, keyOffset);
        byte[] actual = new byte[data.length];
        direct.position(1);
        direct.get(actual);
        assertThat(actual).isEqualTo(reference(data, 0, data.length, key, keyOffset));
    }

    @Property
    void maskingTwiceRestoresTheData(@ForAll @Size(max = 100) byte[] data, @ForAll int key) {
        byte[] copy = data.clone();
        Masking.mask(copy, 0, copy.length, key, 0);
        Masking.mask(copy, 0, copy.length, key, 0);
        assertThat(copy).isEqualTo(data);
    }
}
