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
 * <p>How: a deterministic automaton with 9 states in the "shift" form: each state is a bit offset (0, 6, ...,
 * 48) and {@code TRANSITIONS[b]} packs, for every state at its offset, the state that byte {@code b} leads to,
 * so one step is {@code state = (TRANSITIONS[b] >>> state) & 63}. The table load does not depend on the state,
 * only a shift and a mask do: about two cycles per byte, where a {@code table[state][byte]} lookup waits for
 * the previous load on every byte. While no character is open, ASCII is skipped 32 bytes per step (four
 * {@code long} loads ORed, one test of the high bits), then 8, then 1. REJECT leads only to itself.
 * Not thread-safe; one validator per message stream.
 */
public final class Utf8Validator {

    // States are bit offsets into a TRANSITIONS entry (6 bits each, 9 states: 54 bits of a long).
    private static final int ACCEPT = 0;
    private static final int REJECT = 6;
    private static final int NEED_1 = 12;
    private static final int NEED_2 = 18;
    private static final int NEED_3 = 24;
    /** After E0: the next byte must be A0–BF, else the form is overlong. */
    private static final int AFTER_E0 = 30;
    /** After ED: the next byte must be 80–9F, else it encodes a surrogate. */
    private static final int AFTER_ED = 36;
    /** After F0: the next byte must be 90–BF, else the form is overlong. */
    private static final int AFTER_F0 = 42;
    /** After F4: the next byte must be 80–8F, else the code point is above U+10FFFF. */
    private static final int AFTER_F4 = 48;
    private static final int[] STATES = {ACCEPT, REJECT, NEED_1, NEED_2, NEED_3, AFTER_E0, AFTER_ED, AFTER_F0, AFTER_F4};
    private static final int STATE_BITS = 63;

    private static final long[] TRANSITIONS = buildTable();
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
                i = skipAscii(bytes, i, end);
                if (i == end) {
                    break;
                }
            }
            // At a non-ASCII byte or inside a character: step the automaton until a character is complete and
            // ASCII follows (back to the skip), the input ends, or a byte is impossible.
            do {
                s = (int) (TRANSITIONS[bytes[i] & 0xFF] >>> s) & STATE_BITS;
                i++;
            } while (i < end && s != REJECT && (s != ACCEPT || bytes[i] < 0));
            if (s == REJECT) {
                // The impossible byte is the last one stepped.
                failurePosition = bytesAccepted + (i - 1 - offset);
                bytesAccepted = failurePosition;
                state = REJECT;
                return false;
            }
        }
        state = s;
        bytesAccepted += length;
        return true;
    }

    /** The first index at or after {@code i} whose byte is not ASCII, or {@code end}. */
    private static int skipAscii(byte[] bytes, int i, int end) {
        for (int last = end - 4 * Long.BYTES; i <= last; i += 4 * Long.BYTES) {
            long any = (long) LONGS.get(bytes, i) | (long) LONGS.get(bytes, i + Long.BYTES)
                    | (long) LONGS.get(bytes, i + 2 * Long.BYTES) | (long) LONGS.get(bytes, i + 3 * Long.BYTES);
            if ((any & HIGH_BITS) != 0) {
                break;
            }
        }
        for (int last = end - Long.BYTES; i <= last && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0; ) {
            i += Long.BYTES;
        }
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        return i;
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
            s = (int) (TRANSITIONS[buffer.get(i) & 0xFF] >>> s) & STATE_BITS;
            if (s == REJECT) {
                failurePosition = bytesAccepted + (i - start);
                bytesAccepted = failurePosition;
                state = REJECT;
                return false;
            }
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

    private static long[] buildTable() {
        long[] table = new long[256];
        // Every transition not listed below leads to REJECT, which REJECT itself never leaves.
        for (int b = 0; b < 256; b++) {
            for (int from : STATES) {
                table[b] |= (long) REJECT << from;
            }
        }
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

    private static void fill(long[] table, int state, int fromByte, int toByte, int next) {
        for (int b = fromByte; b <= toByte; b++) {
            table[b] = (table[b] & ~((long) STATE_BITS << state)) | ((long) next << state);
        }
    }
}
