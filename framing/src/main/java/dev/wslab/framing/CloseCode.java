package dev.wslab.framing;

import java.util.Optional;

/**
 * The close status codes registered for RFC 6455 (§7.4.1 and the IANA "WebSocket Close Code Number
 * Registry", §11.7).
 *
 * <p>Not every registered code may travel in a Close frame: 1005, 1006 and 1015 exist only so that an
 * API can <em>report</em> "no code was sent", "the connection dropped" and "TLS failed" (§7.4.1 says
 * they "MUST NOT be set as a status code in a Close control frame by an endpoint"). The single rule for
 * what may appear on the wire is {@link #isValidOnWire(int)}; every other class asks it.
 */
public enum CloseCode {
    /** 1000: the purpose for which the connection was established has been fulfilled. */
    NORMAL_CLOSURE(1000, "Normal Closure"),
    /** 1001: the endpoint is going away (server shutting down, browser leaving the page). */
    GOING_AWAY(1001, "Going Away"),
    /** 1002: the peer broke a rule of the protocol. */
    PROTOCOL_ERROR(1002, "Protocol Error"),
    /** 1003: the endpoint cannot accept this kind of data (for example binary when it only takes text). */
    UNSUPPORTED_DATA(1003, "Unsupported Data"),
    /** 1005: reported when a Close frame carried no status code. Never sent. */
    NO_STATUS_RECEIVED(1005, "No Status Received"),
    /** 1006: reported when the connection closed without a Close frame. Never sent. */
    ABNORMAL_CLOSURE(1006, "Abnormal Closure"),
    /** 1007: a message's data was not consistent with its type (for example invalid UTF-8 in text). */
    INVALID_PAYLOAD_DATA(1007, "Invalid Frame Payload Data"),
    /** 1008: a message violated the endpoint's policy (a generic code when no other fits). */
    POLICY_VIOLATION(1008, "Policy Violation"),
    /** 1009: a message or frame was too big to process. */
    MESSAGE_TOO_BIG(1009, "Message Too Big"),
    /** 1010: the client expected the server to negotiate an extension, and it did not. */
    MANDATORY_EXTENSION(1010, "Mandatory Extension"),
    /** 1011: the server hit an unexpected condition. */
    INTERNAL_ERROR(1011, "Internal Error"),
    /** 1012: the service is restarting (IANA registry). */
    SERVICE_RESTART(1012, "Service Restart"),
    /** 1013: try again later, for example under overload (IANA registry). */
    TRY_AGAIN_LATER(1013, "Try Again Later"),
    /** 1014: a gateway or proxy got an invalid response from upstream (IANA registry). */
    BAD_GATEWAY(1014, "Bad Gateway"),
    /** 1015: reported when the TLS handshake failed. Never sent. */
    TLS_HANDSHAKE(1015, "TLS Handshake");

    private final int code;
    private final String title;

    CloseCode(int code, String title) {
        this.code = code;
        this.title = title;
    }

    /**
     * The numeric code.
     *
     * @return the value as written big-endian in the first two bytes of a Close body (RFC 6455 §5.5.1)
     */
    public int code() {
        return code;
    }

    /**
     * The registry's name for the code, e.g. "Normal Closure".
     *
     * @return the IANA WebSocket Close Code Number Registry's name (RFC 6455 §11.7)
     */
    public String title() {
        return title;
    }

    /**
     * Whether this code may be sent in a Close frame; see {@link #isValidOnWire(int)}.
     *
     * @return false for 1005, 1006 and 1015, which only report what happened locally
     */
    public boolean isValidOnWire() {
        return isValidOnWire(code);
    }

    /**
     * The one rule that decides whether a status code may appear in a Close frame.
     *
     * <ul>
     *   <li>0–999: not used (§7.4.2).</li>
     *   <li>1000–1003 and 1007–1014: registered codes an endpoint may send.</li>
     *   <li>1004: reserved; 1005, 1006, 1015: reserved for reporting only (§7.4.1: MUST NOT be sent).</li>
     *   <li>1016–2999: reserved for future revisions of the protocol (§7.4.2).</li>
     *   <li>3000–3999: registered by libraries, frameworks and applications; 4000–4999: private use.</li>
     *   <li>5000 and above: not defined by RFC 6455 at all.</li>
     * </ul>
     *
     * <p>Peers disagree at the edges (some accept 1014 or codes of 5000 and more); we follow the IANA
     * registry, which lists 1012–1014 as assigned.
     *
     * @param code any int, as read from a Close body or chosen by the application
     * @return true if the code may be sent; a received Close with any other code fails the connection
     *         with 1002 (RFC 6455 §7.4)
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * The registered constant for {@code code}, or empty if the code has no name here.
     *
     * @param code any int
     * @return the constant, or empty for unregistered codes (including valid 3000–4999 ones)
     */
    public static Optional<CloseCode> of(int code) {
        for (CloseCode closeCode : values()) {
            if (closeCode.code == code) {
                return Optional.of(closeCode);
            }
        }
        return Optional.empty();
    }

    /**
     * Explains any status code in words, e.g. {@code "1000 Normal Closure"} or
     * {@code "4001 (private use, 4000-4999)"}.
     *
     * @param code any int, valid on the wire or not
     * @return the code followed by its name or its range, and a warning for codes that must never be sent
     */
    public static String describe(int code) {
        Optional<CloseCode> known = of(code);
        if (known.isPresent()) {
            CloseCode closeCode = known.get();
            return code + " " + closeCode.title + (closeCode.isValidOnWire() ? "" : " (must never be sent)");
        }
        if (code == 1004) {
            return "1004 (reserved, must never be sent)";
        }
        if (code >= 0 && code <= 999) {
            return code + " (unused range 0-999, invalid)";
        }
        if (code >= 1016 && code <= 2999) {
            return code + " (reserved for future protocol revisions, invalid)";
        }
        if (code >= 3000 && code <= 3999) {
            return code + " (registered for libraries and frameworks, 3000-3999)";
        }
        if (code >= 4000 && code <= 4999) {
            return code + " (private use, 4000-4999)";
        }
        return code + " (undefined, invalid)";
    }
}
