package dev.wslab.framing;

import dev.wslab.framing.utf8.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a Close frame: a status code and a reason (RFC 6455 §5.5.1).
 *
 * <p>On the wire the body is either empty, or a 2-byte big-endian code followed by a UTF-8 reason. A
 * control frame carries at most 125 bytes (§5.5), so the reason holds at most {@value #MAX_REASON_BYTES}
 * bytes of UTF-8 — bytes, not characters: "é" counts twice.
 *
 * <p>A status is either sendable ({@link CloseCode#isValidOnWire(int)}) or {@link #NO_STATUS}, which
 * stands for an empty body: that is what a peer's empty Close frame is reported as (code 1005, §7.4.1),
 * and sending it produces an empty Close frame. Any other code is refused at construction, so a
 * {@code CloseStatus} can always be put on the wire as it is.
 *
 * @param code   the status code
 * @param reason the reason, never null, at most 123 bytes of UTF-8
 */
public record CloseStatus(int code, String reason) {

    /** The reason's limit: 125 bytes of control payload minus 2 bytes of code. */
    public static final int MAX_REASON_BYTES = 123;

    /** An empty Close body, reported as 1005 No Status Received (§7.1.5). */
    public static final CloseStatus NO_STATUS = new CloseStatus(CloseCode.NO_STATUS_RECEIVED.code(), "");

    /** 1000 Normal Closure with no reason. */
    public static final CloseStatus NORMAL = new CloseStatus(CloseCode.NORMAL_CLOSURE.code(), "");

    /**
     * Checks that the status can be written: no reason without a code (RFC 6455 §5.5.1), a code that
     * may appear on the wire (§7.4), and a reason that fits the 123 bytes a Close leaves after its code.
     *
     * @param code   a code valid on the wire (1000–1003, 1007–1014, 3000–4999), or 1005 for an empty body
     * @param reason the reason, never null; {@code ""} for none (the only choice with 1005); at most 123
     *               bytes of UTF-8 and no lone surrogates
     * @throws IllegalArgumentException if the code may not be sent, or the reason is too long or not text
     */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason (use \"\" for none)");
        if (code == CloseCode.NO_STATUS_RECEIVED.code()) {
            if (!reason.isEmpty()) {
                throw new IllegalArgumentException("a Close frame without a status code cannot carry a reason (RFC 6455 §5.5.1)");
            }
        } else if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException(CloseCode.describe(code) + " may not be sent in a Close frame (RFC 6455 §7.4)");
        }
        int reasonBytes = strictUtf8(reason).length;
        if (reasonBytes > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("the close reason is " + reasonBytes
                    + " bytes of UTF-8; a Close frame leaves room for at most 123 (RFC 6455 §5.5)");
        }
    }

    /**
     * A status with a registered code and no reason.
     *
     * @param code a registered code that may be sent (§7.4.1), or {@code NO_STATUS_RECEIVED} for an empty body
     * @return the status with an empty reason
     * @throws IllegalArgumentException if the code may not appear in a Close frame, such as 1006
     */
    public static CloseStatus of(CloseCode code) {
        return new CloseStatus(code.code(), "");
    }

    /**
     * A status with a registered code and a reason.
     *
     * @param code   a registered code that may be sent (§7.4.1)
     * @param reason the reason, never null, {@code ""} for none, at most 123 bytes of UTF-8
     * @return the status
     * @throws IllegalArgumentException if the code may not be sent or the reason does not fit
     */
    public static CloseStatus of(CloseCode code, String reason) {
        return new CloseStatus(code.code(), reason);
    }

    /**
     * A status with any sendable code (for example an application's 4000–4999 code) and a reason.
     *
     * @param code   1000–1003, 1007–1014 or 3000–4999 (§7.4); 1005 only with an empty reason
     * @param reason the reason, never null, {@code ""} for none, at most 123 bytes of UTF-8
     * @return the status
     * @throws IllegalArgumentException if the code may not be sent or the reason does not fit
     */
    public static CloseStatus of(int code, String reason) {
        return new CloseStatus(code, reason);
    }

    /**
     * Whether this status stands for an empty Close body.
     *
     * @return true for code 1005 ({@link #NO_STATUS}), whose body has no code and no reason; false otherwise
     */
    public boolean isEmptyBody() {
        return code == CloseCode.NO_STATUS_RECEIVED.code();
    }

    /**
     * The Close frame body (RFC 6455 §5.5.1).
     *
     * @return a new array: empty for {@link #NO_STATUS}, else the 2-byte big-endian code followed by the
     *         UTF-8 reason, 2 to 125 bytes in all
     */
    public byte[] toBody() {
        if (isEmptyBody()) {
            return new byte[0];
        }
        byte[] reasonBytes = strictUtf8(reason);
        byte[] body = new byte[2 + reasonBytes.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, body, 2, reasonBytes.length);
        return body;
    }

    /**
     * Checks a received Close body against RFC 6455 §5.5.1 and §7.4.
     *
     * @param body   the array holding the (already unmasked) Close payload
     * @param offset where the payload starts in {@code body}
     * @param length the payload length in bytes, 0 for an empty body
     * @return empty if the body is acceptable, else the violation: a 1-byte body or an invalid code is a
     *         1002 Protocol Error; a reason that is not valid UTF-8 is 1007 Invalid Frame Payload Data
     */
    public static Optional<ProtocolViolation> checkBody(byte[] body, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, body.length);
        if (length == 0) {
            return Optional.empty();
        }
        if (length == 1) {
            // RFC 6455 §5.5.1: if there is a body, its first two bytes MUST be the status code.
            return Optional.of(ProtocolViolation.protocolError("close code",
                    "the Close frame carries a 1-byte body; a body must start with a 2-byte status code, so it is either empty or at least 2 bytes long",
                    "RFC 6455 §5.5.1"));
        }
        int code = ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
        if (!CloseCode.isValidOnWire(code)) {
            // RFC 6455 §7.4: only registered and application ranges may be sent.
            return Optional.of(ProtocolViolation.protocolError("close code",
                    "the Close frame carries status code " + CloseCode.describe(code)
                            + "; only 1000-1003, 1007-1014 and 3000-4999 may be sent",
                    "RFC 6455 §7.4.1"));
        }
        Utf8Validator validator = new Utf8Validator();
        if (!validator.feed(body, offset + 2, length - 2) || !validator.isAtCharacterBoundary()) {
            // RFC 6455 §5.5.1: the reason is UTF-8; §8.1: invalid UTF-8 fails the connection with 1007.
            String where = validator.isFailed()
                    ? "byte " + validator.failurePosition() + " of the reason cannot appear there in UTF-8"
                    : "the reason ends in the middle of a UTF-8 character";
            return Optional.of(ProtocolViolation.invalidPayload("close reason",
                    "the close reason is not valid UTF-8: " + where, "RFC 6455 §5.5.1, §8.1"));
        }
        return Optional.empty();
    }

    /**
     * {@link #checkBody(byte[], int, int)} over a whole array.
     *
     * @param body the whole (already unmasked) Close payload, possibly empty
     * @return empty if the body is acceptable, else the violation (1002 or 1007)
     */
    public static Optional<ProtocolViolation> checkBody(byte[] body) {
        return checkBody(body, 0, body.length);
    }

    /**
     * Reads a Close body that {@link #checkBody(byte[], int, int)} accepted.
     *
     * @param body   the array holding the (already unmasked) Close payload
     * @param offset where the payload starts in {@code body}
     * @param length the payload length in bytes, 0 for an empty body
     * @return the status; {@link #NO_STATUS} for an empty body, a reason of {@code ""} for a 2-byte body
     * @throws IllegalArgumentException if the body breaks a rule (call {@code checkBody} first)
     */
    public static CloseStatus fromBody(byte[] body, int offset, int length) {
        Optional<ProtocolViolation> violation = checkBody(body, offset, length);
        if (violation.isPresent()) {
            throw new IllegalArgumentException(violation.get().describe());
        }
        if (length == 0) {
            return NO_STATUS;
        }
        int code = ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
        return new CloseStatus(code, new String(body, offset + 2, length - 2, StandardCharsets.UTF_8));
    }

    /**
     * {@link #fromBody(byte[], int, int)} over a whole array.
     *
     * @param body the whole (already unmasked) Close payload, possibly empty
     * @return the status; {@link #NO_STATUS} for an empty body
     * @throws IllegalArgumentException if the body breaks a rule (call {@code checkBody} first)
     */
    public static CloseStatus fromBody(byte[] body) {
        return fromBody(body, 0, body.length);
    }

    /**
     * The status for people to read, for logs and error messages.
     *
     * @return for example {@code "1000 Normal Closure"} or {@code "4001 (private use, 4000-4999): bye"};
     *         the reason follows a colon only when it is not empty
     */
    public String describe() {
        return CloseCode.describe(code) + (reason.isEmpty() ? "" : ": " + reason);
    }

    private static byte[] strictUtf8(String text) {
        // String.getBytes would silently turn a lone surrogate into '?'; a reason must be real text.
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the close reason is not valid Unicode text (it contains a lone surrogate)", e);
        }
    }
}
