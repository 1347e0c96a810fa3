package dev.wslab.handshake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server's answer to an upgrade request, as a value: {@link Accepted} (switch to WebSocket) or
 * {@link Rejected} (an ordinary HTTP error response, then close). Made by
 * {@link ServerHandshake#decide(UpgradeRequest)}.
 *
 * <pre>{@code
 * HandshakeDecision decision = server.decide(request);
 * socket.write(decision.toResponseBytes());
 * if (decision instanceof HandshakeDecision.Accepted accepted) {
 *     // from here on the bytes are WebSocket frames
 * }
 * }</pre>
 */
public sealed interface HandshakeDecision {

    /**
     * The complete HTTP response head (and body, for a rejection), ready to write to the socket.
     *
     * @return a new array: status line, header lines, empty line, then the body if any (RFC 9112 §2.1)
     */
    byte[] toResponseBytes();

    /**
     * The HTTP status: 101 when accepted.
     *
     * @return 101 when accepted, otherwise a 4xx or 5xx code
     */
    int status();

    /**
     * The response header fields.
     *
     * @return the fields this decision sends; for a rejection, without the framing headers added on the wire
     */
    HttpFields headers();

    /**
     * The handshake succeeded: answer {@code 101 Switching Protocols} (RFC 6455 §4.2.2 step 5).
     *
     * @param accept      the {@code Sec-WebSocket-Accept} value proving the key was read
     * @param subprotocol the subprotocol the server chose among those offered, if any
     * @param extensions  the extensions accepted, in the order they apply
     * @param headers     every response header field: {@code Upgrade}, {@code Connection},
     *                    {@code Sec-WebSocket-Accept}, and when present {@code Sec-WebSocket-Protocol},
     *                    {@code Sec-WebSocket-Extensions} and any extra headers
     */
    record Accepted(String accept, Optional<String> subprotocol, List<ExtensionOffer> extensions,
                    HttpFields headers) implements HandshakeDecision {

        /** Header names the handshake itself owns; extra headers may not repeat them. */
        private static final Set<String> HANDSHAKE_FIELDS = Set.of("upgrade", "connection", "sec-websocket-accept",
                "sec-websocket-protocol", "sec-websocket-extensions");

        /**
         * Copies {@code extensions}; {@code subprotocol} is empty when none was selected (RFC 6455 §4.2.2 step 5).
         *
         * @param accept      the {@code Sec-WebSocket-Accept} value, 28 base64 characters
         * @param subprotocol the selected subprotocol; empty when none
         * @param extensions  the accepted extensions in the order they apply; copied, may be empty
         * @param headers     the full 101 response fields
         */
        public Accepted {
            Objects.requireNonNull(accept, "accept");
            Objects.requireNonNull(subprotocol, "subprotocol");
            extensions = List.copyOf(extensions);
            Objects.requireNonNull(headers, "headers");
        }

        /** Builds the standard 101 headers (RFC 6455 §4.2.2 step 5) for these values. */
        static Accepted of(String accept, Optional<String> subprotocol, List<ExtensionOffer> extensions) {
            // RFC 6455 §4.2.2 step 5.2-5.3: Upgrade: websocket and Connection: Upgrade.
            HttpFields headers = HttpFields.of()
                    .with("Upgrade", "websocket")
                    .with("Connection", "Upgrade")
                    .with("Sec-WebSocket-Accept", accept);
            if (subprotocol.isPresent()) {
                // RFC 6455 §4.2.2 step 5.5: the one subprotocol selected, if any.
                headers = headers.with("Sec-WebSocket-Protocol", subprotocol.get());
            }
            if (!extensions.isEmpty()) {
                // RFC 6455 §4.2.2 step 5.6: the extensions in use, if any.
                headers = headers.with("Sec-WebSocket-Extensions", ExtensionOffer.toHeaderValue(extensions));
            }
            return new Accepted(accept, subprotocol, extensions, headers);
        }

        /**
         * A copy with one more response header, e.g. {@code Set-Cookie} or a server name.
         *
         * @param name  a token that is not one of the handshake's own fields
         * @param value the field value; must not hold CR, LF or other control characters
         * @return a new decision with the header appended; this one is unchanged
         * @throws IllegalArgumentException if the name is one the handshake sets itself, is not a
         *                                  token, or the value contains CR/LF
         */
        public Accepted withHeader(String name, String value) {
            requireExtraHeaderName(name);
            return new Accepted(accept, subprotocol, extensions, headers.with(name, value));
        }

        static void requireExtraHeaderName(String name) {
            if (name != null && HANDSHAKE_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is set by the handshake itself");
            }
        }

        @Override
        public int status() {
            return 101;
        }

        /**
         * The response as a value, e.g. to feed {@link ClientHandshake#validate(UpgradeResponse)} in a test.
         *
         * @return an {@code HTTP/1.1 101 Switching Protocols} response with {@link #headers()}
         */
        public UpgradeResponse toResponse() {
            return UpgradeResponse.of(101, headers);
        }

        /** {@code HTTP/1.1 101 Switching Protocols}, the headers and the empty line; no body. */
        @Override
        public byte[] toResponseBytes() {
            return toResponse().toBytes();
        }
    }

    /**
     * The request is not an acceptable WebSocket handshake; answer with an HTTP error and close
     * (RFC 6455 §4.2.1: the server MUST stop processing the handshake and return an error code).
     *
     * @param status     the HTTP status, e.g. 400, 403, 426
     * @param reason     what was wrong, in words for a person (also the response body)
     * @param rfcSection the rule broken, e.g. {@code RFC 6455 §4.2.1}
     * @param headers    headers this rejection requires, e.g. {@code Sec-WebSocket-Version: 13} on a
     *                   426 (RFC 6455 §4.2.2); the framing headers are added by {@link #toResponseBytes()}
     */
    record Rejected(int status, String reason, String rfcSection, HttpFields headers) implements HandshakeDecision {

        /**
         * Requires a 4xx or 5xx {@code status}: anything else is not a refusal (RFC 6455 §4.2.2).
         *
         * @param status     the HTTP status, 400 to 599
         * @param reason     what was wrong, for a person
         * @param rfcSection the rule broken
         * @param headers    extra headers this rejection needs; may be empty
         */
        public Rejected {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a rejection needs a 4xx or 5xx status, got " + status);
            }
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rfcSection, "rfcSection");
            Objects.requireNonNull(headers, "headers");
        }

        /**
         * A rejection without extra headers.
         *
         * @param status     the HTTP status, 400 to 599, e.g. 400 for a malformed handshake
         * @param reason     what was wrong, for a person; also the response body
         * @param rfcSection the rule broken, e.g. {@code RFC 6455 §4.2.1}
         * @return the rejection, with no extra headers
         */
        public static Rejected of(int status, String reason, String rfcSection) {
            return new Rejected(status, reason, rfcSection, HttpFields.of());
        }

        /**
         * The standard reason phrase of {@link #status()}, e.g. {@code Bad Request}.
         *
         * @return the RFC 9110 §15 phrase, e.g. {@code Forbidden} for 403
         */
        public String reasonPhrase() {
            return StatusCodes.reasonPhrase(status);
        }

        /**
         * The short text body sent with the response: the reason and the section.
         *
         * @return one line of text ending in LF, naming the reason and the RFC section
         */
        public String body() {
            return "WebSocket handshake refused: " + reason + " (" + rfcSection + ")\n";
        }

        /**
         * The complete response: status line, {@link #headers()}, {@code Content-Type},
         * {@code Content-Length} and {@code Connection: close}, then the {@link #body()} in UTF-8.
         */
        @Override
        public byte[] toResponseBytes() {
            byte[] body = body().getBytes(StandardCharsets.UTF_8);
            HttpFields all = headers
                    .with("Content-Type", "text/plain; charset=utf-8")
                    .with("Content-Length", Integer.toString(body.length))
                    .with("Connection", "close");
            byte[] head = new UpgradeResponse(HttpVersion.HTTP_1_1, status, reasonPhrase(), all).toBytes();
            byte[] out = new byte[head.length + body.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(body, 0, out, head.length, body.length);
            return out;
        }
    }
}
