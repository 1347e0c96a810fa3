package dev.wslab.framing;

import java.util.Objects;

/**
 * A broken protocol rule, as a value: which close code answers it, which part of the frame or message
 * broke it, what is wrong in plain words, and the RFC 6455 section that states the rule.
 *
 * <p>The decoder, the close-frame parser and the connection all report violations this way instead of
 * throwing; the connection turns one into a Close frame with {@link #closeCode()} and an event the
 * application can show to a person.
 *
 * @param closeCode   the code to fail the connection with (1002, 1007 or 1009 in practice)
 * @param field       the offending part, named as the RFC names it ("RSV1", "opcode", "payload length",
 *                    "MASK", "close code", "payload" ...)
 * @param explanation what is wrong, in words a student understands
 * @param rfcSection  where the rule is written, e.g. {@code "RFC 6455 §5.2"}
 */
public record ProtocolViolation(CloseCode closeCode, String field, String explanation, String rfcSection) {

    /**
     * Requires every component and a {@code closeCode} that may be sent in a Close frame (RFC 6455 §7.4.1).
     *
     * @param closeCode   the code of the Close that answers the violation; must be valid on the wire
     * @param field       the offending part, as the RFC names it
     * @param explanation what is wrong, for a person
     * @param rfcSection  where the rule is written
     * @throws IllegalArgumentException if {@code closeCode} may not be sent (1005, 1006, 1015)
     */
    public ProtocolViolation {
        Objects.requireNonNull(closeCode, "closeCode");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(rfcSection, "rfcSection");
        if (!closeCode.isValidOnWire()) {
            throw new IllegalArgumentException("a violation is answered with a Close frame, so its code must be sendable: "
                    + closeCode);
        }
    }

    /**
     * A 1002 Protocol Error violation: the bytes break the framing rules (RFC 6455 §7.4.1).
     *
     * @param field       the offending part, as the RFC names it, e.g. {@code "RSV1"}
     * @param explanation what is wrong, for a person
     * @param rfcSection  the rule's section, e.g. {@code "RFC 6455 §5.2"}
     * @return a violation answered with 1002
     */
    public static ProtocolViolation protocolError(String field, String explanation, String rfcSection) {
        return new ProtocolViolation(CloseCode.PROTOCOL_ERROR, field, explanation, rfcSection);
    }

    /**
     * A 1007 Invalid Frame Payload Data violation: well-framed, but the content is wrong, typically text that
     * is not UTF-8 (RFC 6455 §8.1).
     *
     * @param field       the offending part, as the RFC names it, e.g. {@code "payload"}
     * @param explanation what is wrong, for a person
     * @param rfcSection  the rule's section, e.g. {@code "RFC 6455 §8.1"}
     * @return a violation answered with 1007
     */
    public static ProtocolViolation invalidPayload(String field, String explanation, String rfcSection) {
        return new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, field, explanation, rfcSection);
    }

    /**
     * A 1009 Message Too Big violation: a frame or message exceeds our {@link Limits} (RFC 6455 §10.4).
     *
     * @param field       the offending part, as the RFC names it, e.g. {@code "payload length"}
     * @param explanation what is wrong, for a person
     * @param rfcSection  the rule's section, e.g. {@code "RFC 6455 §10.4"}
     * @return a violation answered with 1009
     */
    public static ProtocolViolation tooBig(String field, String explanation, String rfcSection) {
        return new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, field, explanation, rfcSection);
    }

    /**
     * One line for logs and the annotator: {@code "1002 Protocol Error in RSV1: ... (RFC 6455 §5.2)"}.
     *
     * @return code, title, field, explanation and section in one sentence
     */
    public String describe() {
        return closeCode.code() + " " + closeCode.title() + " in " + field + ": " + explanation + " (" + rfcSection + ")";
    }
}
