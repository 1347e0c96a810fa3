package dev.wslab.handshake;

import java.util.Objects;

/**
 * The verdict of one server-side rule on one request, for reports such as the explainer's.
 *
 * @param rule       the rule in words, e.g. {@code the method is GET}
 * @param rfcSection where it is written, e.g. {@code RFC 6455 §4.2.1 item 1}
 * @param passed     whether the request satisfies it
 * @param detail     what was found, e.g. {@code method is "POST"}
 */
public record HandshakeCheck(String rule, String rfcSection, boolean passed, String detail) {
    /**
     * Requires every text component.
     *
     * @param rule       the rule in words; never null
     * @param rfcSection where it is written; never null
     * @param passed     false marks a rule that alone makes the server refuse
     * @param detail     what was found in the request; never null
     */
    public HandshakeCheck {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(rfcSection, "rfcSection");
        Objects.requireNonNull(detail, "detail");
    }
}
