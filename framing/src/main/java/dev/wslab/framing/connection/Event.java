package dev.wslab.framing.connection;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.codec.Payload;

import java.util.Objects;

/**
 * What a {@link WebSocketConnection} tells the application. A closed set: handle it with {@code instanceof}
 * patterns (Java 17).
 *
 * <pre>{@code
 * for (Event event : connection.receive(bytes, System.nanoTime())) {
 *     if (event instanceof Event.Text text) {
 *         room.broadcast(text.text());
 *     } else if (event instanceof Event.Violation violation) {
 *         log.warn("peer broke {}: {}", violation.rfcSection(), violation.explanation());
 *     } else if (event instanceof Event.Closed closed) {
 *         room.leave(user);
 *     }
 * }
 * }</pre>
 *
 * <p>Every connection emits exactly one {@link Closed}, always last.
 */
public sealed interface Event permits Event.Text, Event.Binary, Event.Ping, Event.Pong, Event.CloseReceived,
        Event.Closed, Event.Violation {

    /** A complete text message, already checked to be valid UTF-8 (RFC 6455 §5.6, §8.1). */
    record Text(String text) implements Event {
        /**
         * Requires the text.
         *
         * @param text the whole message, decoded from UTF-8 checked per RFC 6455 §8.1; may be empty
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A complete binary message. */
    record Binary(Payload payload) implements Event {
        /**
         * Requires the payload.
         *
         * @param payload the whole message's bytes; {@link Payload#EMPTY} for an empty message
         */
        public Binary {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The peer sent a Ping; the connection has already queued the Pong (RFC 6455 §5.5.2). */
    record Ping(Payload payload) implements Event {
        /**
         * Requires the payload.
         *
         * @param payload the Ping's application data, 0 to 125 bytes (RFC 6455 §5.5)
         */
        public Ping {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The peer sent a Pong: an answer to our Ping, or an unsolicited heartbeat (RFC 6455 §5.5.3). */
    record Pong(Payload payload) implements Event {
        /**
         * Requires the payload.
         *
         * @param payload the Pong's application data, 0 to 125 bytes; for an answer, our Ping's data
         */
        public Pong {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * The peer sent a Close frame (RFC 6455 §5.5.1). If we had not sent one, the answering Close is already
     * queued; {@link Closed} follows in the same batch of events.
     */
    record CloseReceived(CloseStatus status) implements Event {
        /**
         * Requires the status.
         *
         * @param status what the peer sent; an empty Close body reads as {@link CloseStatus#NO_STATUS}
         */
        public CloseReceived {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * The connection is over; emitted exactly once, and last.
     *
     * @param code            the close code (RFC 6455 §7.1.5): the peer's code when the closing handshake
     *                        completed (1005 if its Close had no code); the code we sent when we failed the
     *                        connection (1002, 1007, 1009); 1006 when it ended without a closing handshake
     *                        (transport lost, close or pong timeout)
     * @param reason          the peer's reason, or our explanation
     * @param clean           true if the closing handshake completed: a Close frame went each way (§7.1.4)
     * @param initiatedByPeer true if the peer started the end (its Close, or its transport going away);
     *                        false if we did (our Close, a violation we detected, a timeout)
     */
    record Closed(int code, String reason, boolean clean, boolean initiatedByPeer) implements Event {
        /**
         * Requires the reason; see the record's description for what each component means.
         *
         * @param code            1000–4999: the peer's code, ours, or 1005/1006 for what no frame carried
         * @param reason          {@code ""} for none
         * @param clean           true if a Close frame went each way (RFC 6455 §7.1.4)
         * @param initiatedByPeer true if the peer started the end
         */
        public Closed {
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * For example {@code "1000 Normal Closure, clean, started by the peer"}.
         *
         * @return one line for logs and status displays
         */
        public String describe() {
            return CloseCode.describe(code) + (reason.isEmpty() ? "" : " \"" + reason + "\"")
                    + (clean ? ", clean" : ", not clean") + (initiatedByPeer ? ", started by the peer" : ", started by us");
        }
    }

    /**
     * The peer broke a protocol rule; the connection is being failed with {@code code} (RFC 6455 §7.1.7).
     * {@link Closed} follows in the same batch of events.
     *
     * @param code        the close code sent to the peer (1002, 1007, 1009)
     * @param explanation what was wrong, in plain words
     * @param rfcSection  the rule's section, e.g. {@code "RFC 6455 §5.2"}
     */
    record Violation(CloseCode code, String explanation, String rfcSection) implements Event {
        /**
         * Requires every component.
         *
         * @param code        the status of the Close we send: 1002, 1007 or 1009
         * @param explanation what was wrong, in plain words
         * @param rfcSection  the rule's section
         */
        public Violation {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(explanation, "explanation");
            Objects.requireNonNull(rfcSection, "rfcSection");
        }

        /**
         * The event for a violation found by the decoder or the connection.
         *
         * @param violation the broken rule
         * @return an event whose explanation starts with the offending field, e.g. {@code "RSV1: ..."}
         */
        public static Violation of(ProtocolViolation violation) {
            return new Violation(violation.closeCode(), violation.field() + ": " + violation.explanation(),
                    violation.rfcSection());
        }

        /**
         * For example {@code "1002 Protocol Error: RSV1: ... (RFC 6455 §5.2)"}.
         *
         * @return code, title, explanation and section in one line
         */
        public String describe() {
            return code.code() + " " + code.title() + ": " + explanation + " (" + rfcSection + ")";
        }
    }
}
