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

    /** Requires every component and a {@code closeCode} that may be sent in a Close frame (RFC 6455 §7.4.1). */
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

    /** A 1002 Protocol Error violation. */
    public static ProtocolViolation protocolError(String field, String explanation, String rfcSection) {
        return new ProtocolViolation(CloseCode.PROTOCOL_ERROR, field, explanation, rfcSection);
    }

    /** A 1007 Invalid Frame Payload Data violation. */
    public static ProtocolViolation invalidPayload(String field, String explanation, String rfcSection) {
        return new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, field, explanation, rfcSection);
    }

    /** A 1009 Message Too Big violation. */
    public static ProtocolViolation tooBig(String field, String explanation, String rfcSection) {
        return new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, field, explanation, rfcSection);
    }

    /** One line for logs and the annotator: {@code "1002 Protocol Error in RSV1: ... (RFC 6455 §5.2)"}. */
    public String describe() {
        return closeCode.code() + " " + closeCode.title() + " in " + field + ": " + explanation + " (" + rfcSection + ")";
    }
}
