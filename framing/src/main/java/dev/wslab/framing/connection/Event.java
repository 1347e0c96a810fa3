package dev.wslab.framing.connection;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.codec.Payload;

import java.util.Objects;
import java.util.Optional;

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
     * @param code            the connection's close code as RFC 6455 §7.1.5 defines it: the status code of the
     *                        first Close frame <em>received</em> (1005 if that Close had no code), or 1006 when
     *                        no Close was received — the transport was lost, a deadline passed, or we failed
     *                        the connection (the code <em>we</em> sent is in {@code sent})
     * @param reason          the peer's reason when its Close arrived; otherwise what happened, in plain words
     * @param clean           true if the closing handshake completed: a Close frame went each way (§7.1.4)
     * @param initiatedByPeer true if the peer started the end (its Close, or its transport going away);
     *                        false if we did (our Close, a violation we detected, a timeout)
     * @param sent            the Close frame we sent (queued), if any: ours, our answer, or the one that
     *                        failed the connection with 1002/1007/1009
     */
    record Closed(int code, String reason, boolean clean, boolean initiatedByPeer, Optional<CloseStatus> sent)
            implements Event {
        /**
         * Requires the reason and {@code sent}; see the record's description for what each component means.
         *
         * @param code            1000–4999: the first received Close's code, 1005 if it had none, 1006 if none came
         * @param reason          {@code ""} for none
         * @param clean           true if a Close frame went each way (RFC 6455 §7.1.4)
         * @param initiatedByPeer true if the peer started the end
         * @param sent            the Close we sent, empty if none
         */
        public Closed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(sent, "sent");
        }

        /**
         * A Closed event for which we sent no Close.
         *
         * @param code            the close code (RFC 6455 §7.1.5)
         * @param reason          {@code ""} for none
         * @param clean           true if a Close frame went each way
         * @param initiatedByPeer true if the peer started the end
         */
        public Closed(int code, String reason, boolean clean, boolean initiatedByPeer) {
            this(code, reason, clean, initiatedByPeer, Optional.empty());
        }

        /**
         * For example {@code "1000 Normal Closure, clean, started by the peer"}.
         *
         * @return one line for logs and status displays
         */
        public String describe() {
            return CloseCode.describe(code) + (reason.isEmpty() ? "" : " \"" + reason + "\"")
                    + (clean ? ", clean" : ", not clean") + (initiatedByPeer ? ", started by the peer" : ", started by us")
                    + (clean ? "" : sent.map(status -> "; we sent " + status.code()).orElse(""));
        }
    }

    /**
     * The peer broke a protocol rule; the connection is being failed (RFC 6455 §7.1.7) with a Close carrying
     * {@link #code()}. {@link Closed} follows in the same batch of events, with close code 1006 (§7.1.5: no
     * Close comes back that we read) and our Close in {@link Closed#sent()}.
     *
     * @param cause the broken rule, exactly as the layer that owns it reported it
     */
    record Violation(ProtocolViolation cause) implements Event {
        /**
         * Requires the cause.
         *
         * @param cause the broken rule, with the close code to answer it with
         */
        public Violation {
            Objects.requireNonNull(cause, "cause");
        }

        /**
         * The event for a violation found by the codec, the message layer or the connection.
         *
         * @param violation the broken rule
         * @return the event
         */
        public static Violation of(ProtocolViolation violation) {
            return new Violation(violation);
        }

        /**
         * The status of the Close we send.
         *
         * @return 1002, 1007 or 1009
         */
        public CloseCode code() {
            return cause.closeCode();
        }

        /**
         * What was wrong, starting with the offending field, e.g. {@code "RSV1: RSV1 is set, ..."}.
         *
         * @return field and explanation in plain words
         */
        public String explanation() {
            return cause.field() + ": " + cause.explanation();
        }

        /**
         * Where the rule is written.
         *
         * @return e.g. {@code "RFC 6455 §5.2"}
         */
        public String rfcSection() {
            return cause.rfcSection();
        }

        /**
         * For example {@code "1002 Protocol Error: RSV1: ... (RFC 6455 §5.2)"}.
         *
         * @return code, title, explanation and section in one line
         */
        public String describe() {
            return code().code() + " " + code().title() + ": " + explanation() + " (" + rfcSection() + ")";
        }
    }
}
