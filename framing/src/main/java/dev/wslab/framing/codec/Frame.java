package dev.wslab.framing.codec;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;

import java.util.Objects;

/**
 * One valid frame, unmasked: the FIN bit, the opcode and the application data.
 *
 * <p>Masking and the length form are wire details, decided by the encoder (from its {@link
 * dev.wslab.framing.Role}) and checked by the decoder; a {@code Frame} is what remains once they are
 * dealt with. The constructor enforces the rules a frame value can check alone (RFC 6455 §5.5): control
 * frames are never fragmented and carry at most 125 bytes. Rules that need context (fragment order,
 * message size, UTF-8) belong to the decoder and the connection.
 *
 * @param fin     true for the final (or only) frame of a message; always true for control frames
 * @param opcode  the opcode
 * @param payload the unmasked application data
 */
public record Frame(boolean fin, Opcode opcode, Payload payload) {

    /**
     * Checks the control-frame rules of RFC 6455 §5.5: a control frame is final and carries at most 125 bytes.
     *
     * @param fin     false only for a data frame that more fragments follow (RFC 6455 §5.4)
     * @param opcode  the frame type
     * @param payload the unmasked data; at most 125 bytes for a control frame
     * @throws IllegalArgumentException if a control frame is not final or too long
     */
    public Frame {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(payload, "payload");
        if (opcode.isControl() && !fin) {
            throw new IllegalArgumentException("RFC 6455 §5.5: control frames MUST NOT be fragmented, so " + opcode
                    + " needs FIN=1");
        }
        if (opcode.isControl() && payload.length() > Limits.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("RFC 6455 §5.5: control frames carry at most 125 bytes, " + opcode
                    + " got " + payload.length());
        }
    }

    /**
     * A single-frame text message.
     *
     * @param text the message; encoded as UTF-8, which RFC 6455 §5.6 requires of text
     * @return a final TEXT frame
     */
    public static Frame text(String text) {
        return new Frame(true, Opcode.TEXT, Payload.ofUtf8(text));
    }

    /**
     * A single-frame binary message.
     *
     * @param data the message; copied, so later changes to the array do not reach the frame
     * @return a final BINARY frame
     */
    public static Frame binary(byte[] data) {
        return new Frame(true, Opcode.BINARY, Payload.of(data));
    }

    /**
     * A ping with the given payload (at most 125 bytes).
     *
     * @param payload application data the Pong must echo (RFC 6455 §5.5.2); {@link Payload#EMPTY} for none
     * @return a PING frame
     */
    public static Frame ping(Payload payload) {
        return new Frame(true, Opcode.PING, payload);
    }

    /**
     * A pong with the given payload (at most 125 bytes).
     *
     * @param payload the Ping's data when answering one (RFC 6455 §5.5.3), anything for a heartbeat
     * @return a PONG frame
     */
    public static Frame pong(Payload payload) {
        return new Frame(true, Opcode.PONG, payload);
    }

    /**
     * A close frame carrying {@code status} ({@link CloseStatus#NO_STATUS} gives an empty body).
     *
     * @param status the code and reason to send (RFC 6455 §5.5.1)
     * @return a CLOSE frame whose body is the 2-byte code followed by the UTF-8 reason, or empty
     */
    public static Frame close(CloseStatus status) {
        return new Frame(true, Opcode.CLOSE, Payload.wrap(status.toBody()));
    }

    /**
     * True for CLOSE, PING and PONG.
     *
     * @return true if this frame may arrive between the fragments of a message (RFC 6455 §5.4)
     */
    public boolean isControl() {
        return opcode.isControl();
    }
}
