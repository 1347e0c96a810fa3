package dev.wslab.client;

import dev.wslab.framing.Limits;
import dev.wslab.handshake.DeflateOffer;
import dev.wslab.handshake.ExtensionOffer;
import dev.wslab.handshake.PerMessageDeflate;
import dev.wslab.handshake.HttpFields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How {@link WebSocketClient#connect(java.net.URI, ClientOptions)} opens a connection: what the upgrade
 * request offers and carries, how long each step may take, and the limits of the connection after it.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *         .subprotocols("wslab.chat.v1")
 *         .header("Authorization", "Bearer " + token)
 *         .limits(Limits.DEFAULTS.withMaxMessageSize(1 << 20))
 *         .build();
 * }</pre>
 *
 * @param subprotocols      subprotocols to offer, most preferred first (RFC 6455 §4.1 item 10)
 * @param headers           extra request headers, e.g. {@code Authorization} or {@code Cookie} (§4.1 item 12)
 * @param origin            an {@code Origin} to send, as a browser would (§4.1 item 8); none by default
 * @param limits            frame/message limits and the close timeout of the connection (see {@link Limits})
 * @param connectTimeout    how long the TCP connect may take
 * @param handshakeTimeout  how long the server may take to answer the upgrade request
 * @param maxQueuedBytes    how many bytes of outgoing frames may wait for the socket before a sending
 *                          thread is made to wait (backpressure; the reader thread is never held)
 * @param listener          where events go; empty means they are queued for {@link WebSocketSession#nextEvent}
 * @param sslContext        the TLS context for {@code wss://} URIs (whose trust managers decide which server
 *                          certificates are accepted); empty means {@link SSLContext#getDefault()}
 * @param extensions        extensions to offer in {@code Sec-WebSocket-Extensions}, most preferred first
 *                          (RFC 6455 §9.1); by default {@code permessage-deflate; client_max_window_bits}
 *                          (RFC 7692, {@link DeflateOffer#standard()}), which {@link Builder#deflate(boolean)}
 *                          turns off; when the server accepts it, the session compresses and inflates messages
 * @param readTimeout       how long the server may stay silent: after that a Ping is sent, and without an
 *                          answer within the pong timeout of the {@link Limits} the session ends with
 *                          {@code Closed(1006)}; empty (the default) never probes
 */
public record ClientOptions(List<String> subprotocols, HttpFields headers, Optional<String> origin, Limits limits,
                            Duration connectTimeout, Duration handshakeTimeout, long maxQueuedBytes,
                            Optional<EventListener> listener, Optional<SSLContext> sslContext,
                            List<ExtensionOffer> extensions, Optional<Duration> readTimeout) {

    /** Default TCP connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time the server has to answer the upgrade. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default bound on outgoing bytes waiting for the socket: 4 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    /** The default offer: permessage-deflate with context takeover both ways; the server may shrink our window. */
    public static final ExtensionOffer DEFAULT_DEFLATE_OFFER = DeflateOffer.standard().toExtension();

    /**
     * No subprotocol, no extra header, {@link Limits#DEFAULTS}, the default timeouts, events queued,
     * permessage-deflate offered.
     */
    public static final ClientOptions DEFAULTS = builder().build();

    public ClientOptions {
        subprotocols = List.copyOf(subprotocols);
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(limits, "limits");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive, was " + maxQueuedBytes);
        }
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(sslContext, "sslContext");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(readTimeout, "readTimeout");
        readTimeout.ifPresent(d -> requirePositive(d, "readTimeout"));
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** Builds {@link ClientOptions}; every setting has a default. */
    public static final class Builder {
        private List<String> subprotocols = List.of();
        private final List<HttpFields.Field> headers = new ArrayList<>();
        private Optional<String> origin = Optional.empty();
        private Limits limits = Limits.DEFAULTS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private Optional<EventListener> listener = Optional.empty();
        private Optional<SSLContext> sslContext = Optional.empty();
        private List<ExtensionOffer> extensions = List.of(DEFAULT_DEFLATE_OFFER);
        private Optional<Duration> readTimeout = Optional.empty();

        private Builder() {
        }

        /** Subprotocols to offer, most preferred first; the server picks at most one. */
        public Builder subprotocols(String... offered) {
            return subprotocols(List.of(offered));
        }

        /** Subprotocols to offer, most preferred first; the server picks at most one. */
        public Builder subprotocols(List<String> offered) {
            this.subprotocols = List.copyOf(offered);
            return this;
        }

        /** Adds a request header (may be repeated). The handshake's own fields cannot be set here. */
        public Builder header(String name, String value) {
            headers.add(new HttpFields.Field(name, value));
            return this;
        }

        /** Sends {@code Origin: value}. */
        public Builder origin(String value) {
            this.origin = Optional.of(value);
            return this;
        }

        /** The connection's limits (largest accepted frame and message, close timeout, fragment size). */
        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        /** How long the TCP connect may take. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** How long the server may take to answer the upgrade request. */
        public Builder handshakeTimeout(Duration value) {
            this.handshakeTimeout = value;
            return this;
        }

        /** Bound on outgoing bytes waiting for the socket before senders wait. */
        public Builder maxQueuedBytes(long value) {
            this.maxQueuedBytes = value;
            return this;
        }

        /**
         * Delivers events to {@code value} on the session's reader thread instead of queueing them for
         * {@link WebSocketSession#nextEvent}.
         */
        public Builder listener(EventListener value) {
            this.listener = Optional.of(value);
            return this;
        }

        /**
         * The TLS context used for {@code wss://} URIs, e.g. one whose trust manager accepts a test's
         * self-signed certificate. Hostname verification stays on whatever the context trusts.
         */
        public Builder sslContext(SSLContext value) {
            this.sslContext = Optional.of(value);
            return this;
        }

        /**
         * Extensions to offer, most preferred first (RFC 6455 §9.1), replacing the default offer, e.g.
         * {@code List.of(new DeflateOffer(...).toExtension())} or {@code List.of()} for none. The server's
         * choice is checked against the offer; an accepted permessage-deflate runs in the session, any
         * other accepted extension's framing is the caller's business.
         */
        public Builder extensions(List<ExtensionOffer> offers) {
            this.extensions = List.copyOf(offers);
            return this;
        }

        /**
         * Whether to offer permessage-deflate (RFC 7692): on by default, with {@link #DEFAULT_DEFLATE_OFFER}
         * first among the offers; off removes every permessage-deflate offer, so messages go uncompressed.
         *
         * @param on true to offer it (the default), false not to
         * @return this builder
         */
        public Builder deflate(boolean on) {
            List<ExtensionOffer> others = new ArrayList<>();
            for (ExtensionOffer offer : extensions) {
                if (!PerMessageDeflate.isPerMessageDeflate(offer)) {
                    others.add(offer);
                }
            }
            if (on) {
                others.add(0, DEFAULT_DEFLATE_OFFER);
            }
            this.extensions = List.copyOf(others);
            return this;
        }

        /**
         * Probes a silent server: after {@code value} without a byte from it, a Ping; without an answer within
         * the pong timeout, the session ends ({@code Closed(1006)}). Decided by the sans-IO connection.
         */
        public Builder readTimeout(Duration value) {
            this.readTimeout = Optional.of(value);
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(subprotocols, HttpFields.of(headers), origin, limits, connectTimeout,
                    handshakeTimeout, maxQueuedBytes, listener, sslContext, extensions, readTimeout);
        }
    }
}
