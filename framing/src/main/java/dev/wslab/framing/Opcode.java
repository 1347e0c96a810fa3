package dev.wslab.framing;

import java.util.Optional;

/**
 * The frame opcodes that RFC 6455 defines (§5.2, §11.8).
 *
 * <p>The opcode is the low nibble of a frame's first byte. Values {@code 0x3}–{@code 0x7} are reserved
 * for future data frames and {@code 0xB}–{@code 0xF} for future control frames; they have no constant
 * here on purpose, because an endpoint that has not negotiated an extension must treat them as a
 * protocol error (§5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the
 * WebSocket Connection_"). Use {@link #fromCode(int)} to map a raw nibble, and {@link #describe(int)} to
 * name any nibble for a human.
 *
 * <p>Frames with the high bit of the opcode set ({@code 0x8} and above) are <em>control frames</em>
 * (§5.5); the others carry message data (§5.6).
 */
public enum Opcode {
    /** {@code 0x0}: continues a fragmented message started by a TEXT or BINARY frame (§5.4). */
    CONTINUATION(0x0),
    /** {@code 0x1}: the first (or only) frame of a text message; the payload is UTF-8 (§5.6). */
    TEXT(0x1),
    /** {@code 0x2}: the first (or only) frame of a binary message (§5.6). */
    BINARY(0x2),
    /** {@code 0x8}: starts or answers the closing handshake (§5.5.1). */
    CLOSE(0x8),
    /** {@code 0x9}: asks the peer to answer with a PONG carrying the same payload (§5.5.2). */
    PING(0x9),
    /** {@code 0xA}: answers a PING, or serves as an unsolicited heartbeat (§5.5.3). */
    PONG(0xA);

    private static final Opcode[] BY_CODE = new Opcode[16];

    static {
        for (Opcode opcode : values()) {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * The 4-bit value of this opcode on the wire.
     *
     * @return 0x0 to 0xA: the low nibble of a frame's first byte
     */
    public int code() {
        return code;
    }

    /**
     * True for CLOSE, PING and PONG: the opcodes with the most significant nibble bit set (§5.5).
     *
     * @return true if frames with this opcode must be final and carry at most 125 bytes
     */
    public boolean isControl() {
        return code >= 0x8;
    }

    /**
     * True for CONTINUATION, TEXT and BINARY (§5.6).
     *
     * @return true if frames with this opcode carry (part of) an application message
     */
    public boolean isData() {
        return code < 0x8;
    }

    /**
     * Maps a 4-bit opcode to its constant.
     *
     * @param code a value from 0 to 15 (other values give an empty result too)
     * @return the opcode, or empty if the value is reserved (3–7, 11–15) or out of range
     */
    public static Optional<Opcode> fromCode(int code) {
        if (code < 0 || code > 0xF) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }

    /**
     * True if {@code code} is a 4-bit value that RFC 6455 reserves for future use (§5.2).
     *
     * @param code any int; values outside 0–15 are not opcodes, so not reserved ones either
     * @return true for 3–7 (data) and 11–15 (control): a frame using one fails the connection with 1002
     */
    public static boolean isReserved(int code) {
        return code >= 0 && code <= 0xF && BY_CODE[code] == null;
    }

    /**
     * Names any 4-bit opcode for a human, for example {@code "TEXT (0x1)"} or
     * {@code "reserved control opcode (0xB)"}.
     *
     * @param code any int; values outside 0–15 are named as "not an opcode"
     * @return a short label with the name and the hex value, for messages and logs
     */
    public static String describe(int code) {
        String hex = String.format("0x%X", code);
        if (code < 0 || code > 0xF) {
            return "not an opcode (" + hex + ")";
        }
        Opcode opcode = BY_CODE[code];
        if (opcode != null) {
            return opcode.name() + " (" + hex + ")";
        }
        return (code >= 0x8 ? "reserved control opcode (" : "reserved data opcode (") + hex + ")";
    }
}
