package dev.wslab.framing.codec;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.utf8.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The application data of a frame or a binary message: an immutable sequence of bytes with value
 * equality.
 *
 * <p>Why not a plain {@code byte[]}: a record holding an array compares by identity, so two equal pings
 * would not be {@code equals}. This type compares by content, prints a readable preview, and never lets
 * its bytes change.
 *
 * <p>{@link #of(byte[])} copies its argument. {@link #wrap(byte[])} does not: it takes ownership of the
 * array, and the caller promises never to modify it again. The decoder uses {@code wrap} for the arrays it
 * allocates itself, so a received message is not copied twice.
 */
public final class Payload {

    /** The empty payload. */
    public static final Payload EMPTY = new Payload(new byte[0]);

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final byte[] bytes;
    /** {@link #isValidUtf8()} once known: 0 not yet, 1 valid, 2 not (the bytes never change, so one check holds). */
    private byte utf8Verdict;
    /** This payload as one unmasked final frame, once an encoder built it (see {@link #unmaskedFrame}). */
    private volatile UnmaskedFrame unmaskedFrame;

    /**
     * One unmasked final frame (FIN set, no RSV bits) holding this payload, as a read-only buffer at position 0,
     * and its opcode.
     */
    private record UnmaskedFrame(Opcode opcode, ByteBuffer readOnly) {
    }

    private Payload(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A payload holding a copy of {@code bytes}.
     *
     * @param bytes the content; copied, so the caller may change the array afterwards
     * @return a new payload, or {@link #EMPTY} if the array is empty
     */
    public static Payload of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes.clone());
    }

    /**
     * A payload holding a copy of {@code bytes[offset .. offset+length)}.
     *
     * @param bytes  holds the content; copied, not kept
     * @param offset index of the first byte to copy, 0-based
     * @param length number of bytes to copy, 0 or more; the range must lie inside the array
     * @return a new payload, or {@link #EMPTY} if {@code length} is 0
     */
    public static Payload of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Payload(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * A payload holding a copy of the buffer's remaining bytes; the buffer's position is not changed.
     *
     * @param buffer the content, from its position to its limit
     * @return a new payload, or {@link #EMPTY} if nothing remains
     */
    public static Payload of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return wrap(copy);
    }

    /**
     * A payload that takes ownership of {@code bytes} without copying. The caller must not modify the
     * array afterwards.
     *
     * @param bytes the content; kept as is, never modified again by anyone
     * @return a payload backed by {@code bytes}, or {@link #EMPTY} if the array is empty
     */
    public static Payload wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes);
    }

    /**
     * The UTF-8 encoding of {@code text}, as a text frame carries it (RFC 6455 §5.6).
     *
     * @param text any string; unpaired surrogates are encoded as {@code ?}
     * @return the encoded bytes, or {@link #EMPTY} for {@code ""}
     */
    public static Payload ofUtf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses hex digits, ignoring whitespace: {@code "48 65 6c"}.
     *
     * @param hex two digits per byte, upper or lower case; whitespace anywhere is skipped
     * @return the bytes, or {@link #EMPTY} if there are no digits
     * @throws IllegalArgumentException if a non-hex character or an odd number of digits remains
     */
    public static Payload ofHex(String hex) {
        return wrap(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    /**
     * Number of bytes.
     *
     * @return the size in bytes, 0 or more; this is the frame's payload length (RFC 6455 §5.2)
     */
    public int length() {
        return bytes.length;
    }

    /**
     * True if there are no bytes.
     *
     * @return true if {@link #length()} is 0
     */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * The byte at {@code index}.
     *
     * @param index 0-based, from 0 to {@code length() - 1}
     * @return the byte, signed as Java bytes are; mask with {@code 0xFF} for 0..255
     */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /**
     * A fresh copy of the bytes.
     *
     * @return a new array the caller owns; changing it does not change this payload
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * A read-only view of the bytes, without copying.
     *
     * @return a new read-only buffer, position 0, limit {@link #length()}; its position is the caller's to move
     */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * Copies the bytes into {@code dst} at {@code offset}.
     *
     * @param dst    receives all {@link #length()} bytes
     * @param offset index in {@code dst} of the first byte written; {@code dst} needs room up to
     *               {@code offset + length()}
     */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    /**
     * True if the bytes are one complete, valid UTF-8 text.
     *
     * @return true if valid and ending on a character boundary (RFC 6455 §8.1); true for the empty payload
     */
    public boolean isValidUtf8() {
        // Remembered: one payload sent to every member of a room is checked once, not once per connection. Two
        // threads may both check it first; they store the same answer.
        if (utf8Verdict == 0) {
            utf8Verdict = Utf8Validator.isValid(bytes) ? (byte) 1 : (byte) 2;
        }
        return utf8Verdict == 1;
    }

    /**
     * Feeds bytes {@code [fromIndex, length())} to a UTF-8 validator without copying them.
     *
     * @param validator carries the state of a text that may span several frames (RFC 6455 §8.1)
     * @param fromIndex 0-based index of the first byte to feed, from 0 to {@link #length()}; equal to
     *                  {@code length()} feeds nothing
     * @return the validator's verdict: false if the text is invalid, true if it may still be valid
     */
    public boolean feedTo(Utf8Validator validator, int fromIndex) {
        Objects.checkFromToIndex(fromIndex, bytes.length, bytes.length);
        return validator.feed(bytes, fromIndex, bytes.length - fromIndex);
    }

    /**
     * The bytes decoded as UTF-8 (invalid sequences become U+FFFD).
     *
     * @return the text; never null, {@code ""} for the empty payload
     */
    public String asUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Lower-case hex, one space between bytes: {@code "48 65 6c 6c 6f"}.
     *
     * @return two digits per byte; {@code ""} for the empty payload
     */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /**
     * A short human preview: the text in quotes if the bytes are valid UTF-8, else hex; cut after
     * {@code maxBytes} bytes with a note of the total.
     *
     * @param maxBytes how many bytes to show at most, 0 or more; longer payloads are shown as hex
     * @return a one-line preview for logs and test messages, not meant to be parsed
     */
    public String preview(int maxBytes) {
        if (bytes.length <= maxBytes) {
            return isValidUtf8() ? quote(asUtf8()) : hex();
        }
        return HEX.formatHex(bytes, 0, maxBytes) + " ... (" + bytes.length + " bytes)";
    }

    /** The array itself, for the encoder in this package; never exposed. */
    byte[] array() {
        return bytes;
    }

    /**
     * For the encoder in this package: a new read-only view (position 0) of the unmasked single frame with
     * {@code opcode} that holds this payload, if one was built before, else null. The bytes are the same for every
     * server connection sending this payload without an extension, so a broadcast builds them once
     * ({@link FrameEncoder#encodeSharedMessage}); each connection gets its own view, whose position it moves.
     */
    ByteBuffer unmaskedFrame(Opcode opcode) {
        UnmaskedFrame frame = unmaskedFrame;
        return frame != null && frame.opcode() == opcode ? frame.readOnly().duplicate() : null;
    }

    /** For the encoder in this package: remembers {@code frame} (never changed afterwards) as built from this payload. */
    void rememberUnmaskedFrame(Opcode opcode, byte[] frame) {
        unmaskedFrame = new UnmaskedFrame(opcode, ByteBuffer.wrap(frame).asReadOnlyBuffer());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Payload that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Payload[" + bytes.length + " bytes: " + preview(32) + "]";
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                quoted.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || cp == 0x7F) {
                quoted.append(String.format("\\u%04x", cp));
            } else {
                quoted.appendCodePoint(cp);
            }
        });
        return quoted.append('"').toString();
    }
}
