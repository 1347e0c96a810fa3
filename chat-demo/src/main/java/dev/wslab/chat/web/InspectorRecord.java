package dev.wslab.chat.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the frame inspector, as the page receives it (one JSON object in the side channel's
 * {@code events} list). {@code type} says which record it is; {@code at} is the server's clock in epoch
 * milliseconds; {@code connectionId} tells connections apart across reconnects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface InspectorRecord {

    /** The upgrade: the request as the server received it (tokens redacted) and the 101 it answered. */
    record Handshake(String type, String connectionId, long at, String request, String response)
            implements InspectorRecord {
        Handshake(String connectionId, long at, String request, String response) {
            this("handshake", connectionId, at, request, response);
        }
    }

    /**
     * One frame exactly as it crossed the wire.
     *
     * @param direction     {@code in} (browser → server, as the server read it) or {@code out} (as the server wrote it)
     * @param opcodeName    TEXT, BINARY, CONTINUATION, CLOSE, PING or PONG
     * @param maskingKey    the 4 key bytes in hex when masked (RFC 6455 §5.3), else null
     * @param lengthForm    {@code 7-bit}, {@code 16-bit} or {@code 64-bit} (RFC 6455 §5.2)
     * @param headerLength  bytes of header: 2, plus 2 or 8 for an extended length, plus 4 for the key
     * @param wireHex       the first payload bytes as they were on the wire (masked, when masked)
     * @param preview       the payload unmasked: text in quotes, binary as hex, a close frame's code and reason;
     *                      for a frame of a compressed message (permessage-deflate, RFC 7692) what it inflates to
     * @param inflatedLength for a frame of a compressed message, how many bytes its payload inflated to
     *                      ({@code payloadLength} is then the compressed size on the wire); null otherwise
     */
    record Frame(String type, String connectionId, long at, String direction, boolean fin, boolean rsv1, boolean rsv2,
                 boolean rsv3, int opcode, String opcodeName, boolean masked, String maskingKey, long payloadLength,
                 String lengthForm, int headerLength, String wireHex, String preview, Long inflatedLength)
            implements InspectorRecord {}

    /** The bytes broke a rule of RFC 6455; the server closes with {@code closeCode}. Decoding stops here. */
    record Violation(String type, String connectionId, long at, String direction, String explanation, int closeCode,
                     String rfcSection) implements InspectorRecord {
        Violation(String connectionId, long at, String direction, String explanation, int closeCode, String rfcSection) {
            this("violation", connectionId, at, direction, explanation, closeCode, rfcSection);
        }
    }

    /** The TCP connection is gone. */
    record Closed(String type, String connectionId, long at, String reason) implements InspectorRecord {
        Closed(String connectionId, long at, String reason) {
            this("closed", connectionId, at, reason);
        }
    }
}
