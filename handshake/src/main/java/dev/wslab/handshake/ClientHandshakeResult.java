package dev.wslab.handshake;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ClientHandshake#validate(UpgradeResponse)} concluded about the server's response.
 */
public sealed interface ClientHandshakeResult {

    /**
     * The server accepted: the connection is now a WebSocket (RFC 6455 §4.1: "the WebSocket
     * Connection is established").
     *
     * @param subprotocol the subprotocol the server selected, one of those offered, if any
     * @param extensions  the extensions in use, each one that was offered
     */
    record Established(Optional<String> subprotocol, List<ExtensionOffer> extensions) implements ClientHandshakeResult {
        /**
         * Copies {@code extensions}.
         *
         * @param subprotocol the selected subprotocol; empty when the server selected none
         * @param extensions  the extensions in use; empty when none
         */
        public Established {
            Objects.requireNonNull(subprotocol, "subprotocol");
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * The response is not a valid acceptance, and RFC 6455 §4.1 says the client MUST fail the
     * WebSocket connection (close the TCP connection, §7.1.7).
     *
     * @param header     the header (or {@code status}) that was wrong
     * @param expected   what the client needed to see
     * @param actual     what came, or {@code (absent)}
     * @param rfcSection the rule, e.g. {@code RFC 6455 §4.1}
     */
    record Failed(String header, String expected, String actual, String rfcSection) implements ClientHandshakeResult {
        /**
         * Requires every component.
         *
         * @param header     the header (or {@code status}) that was wrong
         * @param expected   what the client needed to see
         * @param actual     what the server sent, as text, or {@code (absent)}
         * @param rfcSection the rule the response broke
         */
        public Failed {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
            Objects.requireNonNull(rfcSection, "rfcSection");
        }

        /**
         * One sentence for a person, e.g. for an exception message or a log line.
         *
         * @return the header, what was expected, what came, and the RFC section
         */
        public String message() {
            return "WebSocket handshake failed: " + header + " should be " + expected + " but was " + actual
                    + " (" + rfcSection + ")";
        }
    }
}
