package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.Redactor;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.limits.RateLimiter;
import dev.wslab.chat.limits.SessionQuota;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HttpFields;
import dev.wslab.handshake.UpgradeRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.Optional;
import org.xnio.StreamConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Undertow handler of one WebSocket path. It runs on the IO thread and never dispatches:
 * {@code upgradeChannel} must be called from the handler that returns, so Undertow writes the 101 and
 * hands over the connection on this same thread.
 *
 * <p>Order of checks, each answered before any 101: the handshake rules (400, 403 for a refused
 * Origin, 405, 426), then the bearer token (401 with {@code WWW-Authenticate}, RFC 6750 §3), then the
 * user's session cap (429). Host and a browser's Origin were already checked in front of every route
 * ({@code FrontDoor}, 421).
 */
final class UpgradeHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(UpgradeHandler.class);

    private final Endpoint endpoint;
    private final BearerAuthenticator authenticator;
    private final ConnectionRegistry registry;
    private final WireTap tap;
    private final Duration keepAliveInterval;
    private final SessionQuota quota;

    UpgradeHandler(Endpoint endpoint, BearerAuthenticator authenticator, ConnectionRegistry registry, WireTap tap,
                   Duration keepAliveInterval, SessionQuota quota) {
        this.quota = quota;
        this.endpoint = endpoint;
        this.authenticator = authenticator;
        this.registry = registry;
        this.tap = tap;
        this.keepAliveInterval = keepAliveInterval;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        UpgradeRequest request = toUpgradeRequest(exchange);
        String peer = String.valueOf(exchange.getSourceAddress());
        String target = Redactor.redact(request.target());
        HandshakeDecision decision = endpoint.handshake().decide(request);
        if (decision instanceof HandshakeDecision.Rejected rejected) {
            reject(exchange, rejected, peer, target);
            return;
        }
        TokenCheck.Valid auth = null;
        if (endpoint.requiresToken()) {
            TokenCheck check = authenticator.check(exchange);
            if (check instanceof TokenCheck.Invalid invalid) {
                reject(exchange, new HandshakeDecision.Rejected(401, invalid.description(), "RFC 6750 §3.1",
                        HttpFields.of().with("WWW-Authenticate", BearerAuthenticator.challenge(invalid.description()))),
                        peer, target);
                return;
            }
            auth = (TokenCheck.Valid) check;
        }
        Endpoint connectionEndpoint = endpoint;
        if (auth != null) {
            // Reserved before the 101, so parallel upgrades cannot all pass one count.
            Optional<SessionQuota.Slot> slot = quota.tryReserve(auth.user().id());
            if (slot.isEmpty()) {
                registry.ops().metrics().rateLimited(ChatMetrics.Limit.MAX_SESSIONS_PER_USER, ChatMetrics.WEBSOCKET);
                // Retry-After (RFC 9110 §10.2.3): by then a connection whose tab vanished without a Close has
                // missed its keep-alive Pong and been dropped, freeing its slot.
                long retry = RateLimiter.retryAfterSeconds(keepAliveInterval.plus(endpoint.limits().pongTimeout()));
                reject(exchange, new HandshakeDecision.Rejected(429, "user " + auth.user().name() + " already has "
                        + quota.maxPerUser() + " chat sessions open, the most one user may have; close one first",
                        "RFC 6585 §4", HttpFields.of().with("Retry-After", Long.toString(retry))), peer, target);
                return;
            }
            connectionEndpoint = new QuotaEndpoint(endpoint, slot.get());
        }
        Endpoint admitted = connectionEndpoint;
        HandshakeDecision.Accepted accepted = (HandshakeDecision.Accepted) decision;
        for (HttpFields.Field field : accepted.headers().all()) {
            exchange.getResponseHeaders().put(new HttpString(field.name()), field.value());
        }
        String connectionId = ConnectionDriver.nextId();
        WireTap.TappedConnection tapped = new WireTap.TappedConnection(connectionId, endpoint.name(),
                Optional.ofNullable(auth).map(TokenCheck.Valid::user), request, accepted);
        exchange.upgradeChannel(new OneShotUpgrade(admitted, tapped, auth));
        // No dispatch: returning ends the exchange, Undertow writes the 101 and calls the listener above.
    }

    /**
     * Starts the connection's driver, once, and then lets go of the handshake. Undertow keeps the
     * upgrade listener as long as the connection lives, so a listener that kept the upgrade request
     * (every header, the bearer token among them: 11 header objects and about 1.3 KB per connection,
     * seen in the capacity benchmark's heap histogram) would keep it for every idle connection.
     */
    private final class OneShotUpgrade implements HttpUpgradeListener {
        private final Endpoint endpoint;
        private WireTap.TappedConnection tapped;
        private TokenCheck.Valid auth;

        OneShotUpgrade(Endpoint endpoint, WireTap.TappedConnection tapped, TokenCheck.Valid auth) {
            this.endpoint = endpoint;
            this.tapped = tapped;
            this.auth = auth;
        }

        @Override
        public void handleUpgrade(StreamConnection connection, HttpServerExchange upgraded) {
            WireTap.TappedConnection handshake = tapped;
            TokenCheck.Valid authenticated = auth;
            tapped = null;
            auth = null;
            registry.ops().metrics().handshake(true, 101);
            new ConnectionDriver(connection, upgraded.getConnection().getByteBufferPool(), endpoint, registry, tap,
                    handshake, keepAliveInterval, authenticated).start();
        }
    }

    private void reject(HttpServerExchange exchange, HandshakeDecision.Rejected rejected, String peer, String target) {
        registry.ops().metrics().handshake(false, rejected.status());
        log.info("{} {}: upgrade refused with {} {}: {} ({})", peer, LogSafe.quote(target), rejected.status(),
                StatusCodes.getReason(rejected.status()), LogSafe.quote(Redactor.redact(rejected.reason())),
                rejected.rfcSection());
        exchange.setStatusCode(rejected.status());
        for (HttpFields.Field field : rejected.headers().all()) {
            exchange.getResponseHeaders().add(new HttpString(field.name()), field.value());
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        // The client asked to leave HTTP; after a refusal there is nothing more to say on this connection.
        exchange.setPersistent(false);
        exchange.getResponseSender().send(rejected.body());
    }

    /** The exchange as our handshake module sees a request: method, target, version, every header line. */
    static UpgradeRequest toUpgradeRequest(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        String target = exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
        HttpFields.Builder fields = HttpFields.builder();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            for (String value : values) {
                fields.add(name, value);
            }
        }
        return UpgradeRequest.of(exchange.getRequestMethod().toString(), target, exchange.getProtocol().toString(),
                fields.build());
    }
}
