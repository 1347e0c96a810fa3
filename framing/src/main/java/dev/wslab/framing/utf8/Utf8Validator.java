package dev.wslab.framing.utf8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A streaming, fail-fast UTF-8 validator (RFC 3629, as RFC 6455 §5.6 and §8.1 require for text).
 *
 * <p>Feed it bytes in any number of pieces; a character split across pieces (or across the frames of a
 * fragmented message) is fine. It stops at the <em>first byte that cannot continue any valid UTF-8
 * text</em> and remembers where that was, so a WebSocket endpoint can fail a text message as soon as the
 * impossible byte arrives, long before the message ends (RFC 6455 §8.1: "MUST _Fail the WebSocket
 * Connection_" on invalid UTF-8).
 *
 * <p>Rejected, exactly like the JDK's strict decoder: bytes C0, C1 and F5–FF; overlong forms (E0 followed
 * by 80–9F, F0 followed by 80–8F); UTF-16 surrogates U+D800–U+DFFF (ED followed by A0–BF); code points
 * above U+10FFFF (F4 followed by 90–BF); stray or missing continuation bytes.
 *
 * <p>How: a deterministic automaton with 9 states, one table lookup per byte, and a shortcut that skips
 * 8 ASCII bytes at a time while no character is open. Not thread-safe; one validator per message stream.
 */
public final class Utf8Validator {

    private static final int ACCEPT = 0;
    private static final int NEED_1 = 1;
    private static final int NEED_2 = 2;
    private static final int NEED_3 = 3;
    /** After E0: the next byte must be A0–BF, else the form is overlong. */
    private static final int AFTER_E0 = 4;
    /** After ED: the next byte must be 80–9F, else it encodes a surrogate. */
    private static final int AFTER_ED = 5;
    /** After F0: the next byte must be 90–BF, else the form is overlong. */
    private static final int AFTER_F0 = 6;
    /** After F4: the next byte must be 80–8F, else the code point is above U+10FFFF. */
    private static final int AFTER_F4 = 7;
    private static final int REJECT = 8;

    private static final byte[] NEXT_STATE = buildTable();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private int state = ACCEPT;
    private long bytesAccepted;
    private long failurePosition = -1;

    /** A validator at the start of a text. */
    public Utf8Validator() {
    }

    /**
     * Validates the next piece of the text.
     *
     * @param bytes  holds the piece; not changed
     * @param offset index of the piece's first byte
     * @param length the piece's size in bytes; it may end in the middle of a character, the next piece continues it
     * @return false if the text is invalid (now or already before); true if it may still be valid
     */
    public boolean feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (failurePosition >= 0) {
            return false;
        }
        int s = state;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (s == ACCEPT) {
                // Plain ASCII is the common case: skip 8 bytes at once while none has its high bit set.
                while (i + Long.BYTES <= end && (((long) LONGS.get(bytes, i)) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                if (i == end) {
                    break;
                }
            }
            int next = NEXT_STATE[(s << 8) | (bytes[i] & 0xFF)];
            if (next == REJECT) {
                failurePosition = bytesAccepted + (i - offset);
                bytesAccepted = failurePosition;
                state = s;
                return false;
            }
            s = next;
            i++;
        }
        state = s;
        bytesAccepted += length;
        return true;
    }

    /**
     * {@link #feed(byte[], int, int)} over a whole array.
     *
     * @param bytes the next piece of the text
     * @return false if the text is invalid (now or already before)
     */
    public boolean feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * Validates the buffer's remaining bytes without moving its position.
     *
     * @param buffer the next piece, from its position to its limit
     * @return false if the text is invalid (now or already before)
     */
    public boolean feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            return feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        if (failurePosition >= 0) {
            return false;
        }
        int s = state;
        int start = buffer.position();
        for (int i = start; i < buffer.limit(); i++) {
            int next = NEXT_STATE[(s << 8) | (buffer.get(i) & 0xFF)];
            if (next == REJECT) {
                failurePosition = bytesAccepted + (i - start);
                bytesAccepted = failurePosition;
                state = s;
                return false;
            }
            s = next;
        }
        state = s;
        bytesAccepted += buffer.remaining();
        return true;
    }

    /**
     * True once an impossible byte was seen.
     *
     * @return true from the first impossible byte until {@link #reset()}
     */
    public boolean isFailed() {
        return failurePosition >= 0;
    }

    /**
     * Where the first impossible byte is, counted from the first byte fed since construction or
     * {@link #reset()}; -1 if none was seen.
     *
     * @return a 0-based byte position, or -1
     */
    public long failurePosition() {
        return failurePosition;
    }

    /**
     * True if every byte so far was valid and the last character is complete. A text is valid UTF-8 exactly
     * when this holds after its last byte: a text that ends inside a character is invalid even though
     * no single byte was impossible.
     *
     * @return true if the text fed so far is complete, valid UTF-8 (RFC 3629); true before any byte
     */
    public boolean isAtCharacterBoundary() {
        return failurePosition < 0 && state == ACCEPT;
    }

    /** Forgets everything, ready for a new text. */
    public void reset() {
        state = ACCEPT;
        bytesAccepted = 0;
        failurePosition = -1;
    }

    /**
     * True if the bytes are one complete, valid UTF-8 text.
     *
     * @param bytes  holds the text
     * @param offset index of its first byte
     * @param length its size in bytes
     * @return true if the range is valid UTF-8 ending on a character boundary (RFC 6455 §8.1)
     */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(bytes, offset, length) && validator.isAtCharacterBoundary();
    }

    /**
     * {@link #isValid(byte[], int, int)} over a whole array.
     *
     * @param bytes the whole text
     * @return true if it is valid UTF-8 ending on a character boundary (RFC 6455 §8.1)
     */
    public static boolean isValid(byte[] bytes) {
        return isValid(bytes, 0, bytes.length);
    }

    private static byte[] buildTable() {
        byte[] table = new byte[9 * 256];
        java.util.Arrays.fill(table, (byte) REJECT);
        // From ACCEPT, the first byte of a character decides what must follow (RFC 3629 §4).
        fill(table, ACCEPT, 0x00, 0x7F, ACCEPT);
        fill(table, ACCEPT, 0xC2, 0xDF, NEED_1);   // C0, C1 would only start overlong 2-byte forms
        fill(table, ACCEPT, 0xE0, 0xE0, AFTER_E0);
        fill(table, ACCEPT, 0xE1, 0xEC, NEED_2);
        fill(table, ACCEPT, 0xED, 0xED, AFTER_ED);
        fill(table, ACCEPT, 0xEE, 0xEF, NEED_2);
        fill(table, ACCEPT, 0xF0, 0xF0, AFTER_F0);
        fill(table, ACCEPT, 0xF1, 0xF3, NEED_3);
        fill(table, ACCEPT, 0xF4, 0xF4, AFTER_F4); // F5-FF would start code points above U+10FFFF
        fill(table, NEED_1, 0x80, 0xBF, ACCEPT);
        fill(table, NEED_2, 0x80, 0xBF, NEED_1);
        fill(table, NEED_3, 0x80, 0xBF, NEED_2);
        fill(table, AFTER_E0, 0xA0, 0xBF, NEED_1);
        fill(table, AFTER_ED, 0x80, 0x9F, NEED_1);
        fill(table, AFTER_F0, 0x90, 0xBF, NEED_2);
        fill(table, AFTER_F4, 0x80, 0x8F, NEED_2);
        return table;
    }

    private static void fill(byte[] table, int state, int fromByte, int toByte, int next) {
        for (int b = fromByte; b <= toByte; b++) {
            table[(state << 8) | b] = (byte) next;
        }
    }
}
