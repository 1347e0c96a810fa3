package dev.wslab.framing.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Client-to-server masking (RFC 6455 §5.3): every payload byte {@code i} is XORed with byte
 * {@code i % 4} of a 32-bit masking key. The same operation masks and unmasks.
 *
 * <p>The key is passed as an {@code int} whose most significant byte is the first key byte on the wire
 * (the key "37 fa 21 3d" of §5.7 is {@code 0x37fa213d}). {@code keyOffset} says which key byte lines up
 * with the first byte processed (0–3): when a payload arrives in pieces, pass the number of payload bytes
 * already processed ({@code & 3}), or simply the value the previous call returned.
 *
 * <p>Speed: the loop XORs 8 bytes at a time with the key repeated twice in a {@code long}, reading and
 * writing the array through a little-endian {@link VarHandle} view, which the JIT turns into plain 64-bit
 * loads and stores. A byte loop with {@code key[i % 4]} is two orders of magnitude slower at 64 KiB. These
 * are the exact methods the decoder and the encoder call, and the ones the benchmarks measure.
 */
public final class Masking {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * Masks (or unmasks) {@code buf[offset .. offset+length)} in place.
     *
     * @param buf       the bytes to transform; XOR with the key is its own inverse (RFC 6455 §5.3)
     * @param offset    index of the first byte
     * @param length    number of bytes, 0 or more
     * @param key       the 4-byte masking key, first wire byte most significant
     * @param keyOffset which key byte applies to {@code buf[offset]} (only the low 2 bits are used)
     * @return the key offset for the byte after the last one processed, {@code (keyOffset + length) & 3}
     */
    public static int mask(byte[] buf, int offset, int length, int key, int keyOffset) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        long keyTwice = keyTwiceLittleEndian(rotated);
        int i = offset;
        int end = offset + length;
        int longEnd = end - (Long.BYTES - 1);
        for (; i < longEnd; i += Long.BYTES) {
            LONGS.set(buf, i, (long) LONGS.get(buf, i) ^ keyTwice);
        }
        // Fewer than 8 bytes remain; 8 is a multiple of 4, so the key is still aligned as it was at offset.
        for (; i < end; i++) {
            buf[i] ^= (byte) (rotated >>> 24);
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyOffset + length) & 3;
    }

    /**
     * Copies {@code length} bytes from {@code src} to {@code dst}, masking (or unmasking) them on the way:
     * one pass over the memory instead of a copy followed by a mask.
     *
     * @param src       the bytes to read; not changed
     * @param srcOffset index of the first byte read
     * @param dst       where the masked bytes go; may be {@code src} only if the ranges are identical
     * @param dstOffset index of the first byte written
     * @param length    number of bytes, 0 or more
     * @param key       the 4-byte masking key, first wire byte most significant
     * @param keyOffset which key byte applies to the first byte (only the low 2 bits are used)
     * @return the key offset for the byte after the last one processed
     */
    public static int maskCopy(byte[] src, int srcOffset, byte[] dst, int dstOffset, int length, int key,
                               int keyOffset) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        long keyTwice = keyTwiceLittleEndian(rotated);
        int i = 0;
        int longEnd = length - (Long.BYTES - 1);
        for (; i < longEnd; i += Long.BYTES) {
            LONGS.set(dst, dstOffset + i, (long) LONGS.get(src, srcOffset + i) ^ keyTwice);
        }
        for (; i < length; i++) {
            dst[dstOffset + i] = (byte) (src[srcOffset + i] ^ (rotated >>> 24));
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyOffset + length) & 3;
    }

    /**
     * Masks (or unmasks) {@code length} bytes of a buffer in place, starting at absolute index
     * {@code index}; the buffer's position and limit are not changed. Heap buffers take the array path;
     * direct buffers are processed 8 bytes at a time with absolute {@code getLong}/{@code putLong}.
     *
     * @param buf       heap or direct buffer; only bytes below its limit may be touched
     * @param index     absolute index of the first byte
     * @param length    number of bytes, 0 or more
     * @param key       the 4-byte masking key, first wire byte most significant
     * @param keyOffset which key byte applies to {@code buf.get(index)} (only the low 2 bits are used)
     * @return the key offset for the byte after the last one processed
     */
    public static int mask(ByteBuffer buf, int index, int length, int key, int keyOffset) {
        Objects.checkFromIndexSize(index, length, buf.limit());
        if (buf.hasArray()) {
            return mask(buf.array(), buf.arrayOffset() + index, length, key, keyOffset);
        }
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        long keyTwiceBigEndian = ((long) rotated << 32) | (rotated & 0xFFFF_FFFFL);
        ByteOrder order = buf.order();
        long keyTwice = order == ByteOrder.BIG_ENDIAN ? keyTwiceBigEndian : Long.reverseBytes(keyTwiceBigEndian);
        int i = index;
        int end = index + length;
        int longEnd = end - (Long.BYTES - 1);
        for (; i < longEnd; i += Long.BYTES) {
            buf.putLong(i, buf.getLong(i) ^ keyTwice);
        }
        for (; i < end; i++) {
            buf.put(i, (byte) (buf.get(i) ^ (rotated >>> 24)));
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyOffset + length) & 3;
    }

    /** The key bytes in wire order, repeated twice, as a little-endian long (byte 0 least significant). */
    private static long keyTwiceLittleEndian(int rotatedKey) {
        long reversed = Integer.reverseBytes(rotatedKey) & 0xFFFF_FFFFL;
        return reversed | (reversed << 32);
    }
}
