package dev.wslab.framing.codec;

import dev.wslab.framing.Opcode;

import java.util.Objects;
import java.util.Optional;

/**
 * Every field of a frame header exactly as it is on the wire (RFC 6455 §5.2), including values a valid
 * frame may not have: set RSV bits, a reserved opcode, a non-minimal length form. That makes it the
 * common language of the decoder (which then applies the rules), the annotator (which explains them) and
 * the encoder's raw mode (which can build a broken frame on purpose, for a lesson or a test).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * </pre>
 *
 * @param fin           1 if this is the final fragment of a message
 * @param rsv1          reserved bit 1 (only an extension may set it)
 * @param rsv2          reserved bit 2
 * @param rsv3          reserved bit 3
 * @param opcode        the 4-bit opcode, 0–15, possibly reserved
 * @param masked        the MASK bit
 * @param payloadLength the payload length, 0 to 2<sup>63</sup>−1
 * @param lengthForm    which of the three forms encodes the length
 * @param maskingKey    the masking key (first wire byte most significant); 0 if not masked
 */
public record FrameHeader(boolean fin, boolean rsv1, boolean rsv2, boolean rsv3, int opcode, boolean masked,
                          long payloadLength, LengthForm lengthForm, int maskingKey) {

    /**
     * Checks each field fits its bits on the wire (RFC 6455 §5.2): a 4-bit opcode and a length its
     * {@code lengthForm} can carry. Rule breaks a valid frame may not have (RSV bits, reserved opcodes, a
     * non-minimal length form) are accepted on purpose; the decoder judges them.
     *
     * @param fin           true if this is the final fragment of a message (§5.2 FIN)
     * @param rsv1          reserved bit 1; true only if an extension negotiated it
     * @param rsv2          reserved bit 2; true only if an extension negotiated it
     * @param rsv3          reserved bit 3; true only if an extension negotiated it
     * @param opcode        the 4-bit opcode, 0–15, reserved values included (§5.2)
     * @param masked        the MASK bit: true on every client-to-server frame, false from a server (§5.1)
     * @param payloadLength the payload length in bytes, 0 up to {@code lengthForm.maxLength()}
     * @param lengthForm    the form that encodes the length, never null; need not be the minimal one
     * @param maskingKey    the 32-bit masking key, first wire byte most significant; must be 0 if not masked
     * @throws IllegalArgumentException if a field does not fit its bits, or an unmasked header has a key
     */
    public FrameHeader {
        Objects.requireNonNull(lengthForm, "lengthForm");
        if (opcode < 0 || opcode > 0xF) {
            throw new IllegalArgumentException("an opcode has 4 bits, got " + opcode);
        }
        if (payloadLength < 0 || payloadLength > lengthForm.maxLength()) {
            throw new IllegalArgumentException("length " + payloadLength + " does not fit the " + lengthForm.describe());
        }
        if (!masked && maskingKey != 0) {
            throw new IllegalArgumentException("an unmasked frame has no masking key");
        }
    }

    /**
     * A header with no RSV bits and the minimal length form: what a correct encoder writes.
     *
     * @param fin           true for the final (or only) frame of a message
     * @param opcode        the frame's opcode, never null
     * @param masked        true for a frame a client sends (RFC 6455 §5.1)
     * @param payloadLength the payload length in bytes, 0 or more; 125 at most for a control frame (§5.5)
     * @param maskingKey    the 32-bit masking key, first wire byte most significant; ignored if not masked
     * @return the header, using the shortest length form that fits (§5.2)
     */
    public static FrameHeader of(boolean fin, Opcode opcode, boolean masked, long payloadLength, int maskingKey) {
        return new FrameHeader(fin, false, false, false, opcode.code(), masked, payloadLength,
                LengthForm.minimalFor(payloadLength), masked ? maskingKey : 0);
    }

    /**
     * The opcode as a constant.
     *
     * @return the opcode, or empty if it is one of the reserved values 3–7 or 0xB–0xF (§5.2)
     */
    public Optional<Opcode> knownOpcode() {
        return Opcode.fromCode(opcode);
    }

    /**
     * Whether this is a control frame (RFC 6455 §5.5).
     *
     * @return true if the opcode is 8–15, reserved ones included; false for data opcodes 0–7
     */
    public boolean isControl() {
        return opcode >= 0x8;
    }

    /**
     * The header's size on the wire.
     *
     * @return the size in bytes, 2 to 14: 2, plus 0/2/8 for the extended length, plus 4 if masked
     */
    public int headerLength() {
        return 2 + lengthForm.extraBytes() + (masked ? 4 : 0);
    }

    /**
     * Whether the length uses the shortest form, as RFC 6455 §5.2 requires.
     *
     * @return true if {@code lengthForm} is the minimal form for {@code payloadLength}; false means a
     *         receiver must fail the connection with 1002
     */
    public boolean isLengthMinimal() {
        return lengthForm == LengthForm.minimalFor(payloadLength);
    }

    /**
     * The masking key as it appears on the wire (RFC 6455 §5.3).
     *
     * @return a new 4-byte array in wire order; all zero when not masked
     */
    public byte[] maskingKeyBytes() {
        return new byte[] {(byte) (maskingKey >>> 24), (byte) (maskingKey >>> 16), (byte) (maskingKey >>> 8),
                (byte) maskingKey};
    }
}
