package dev.wslab.chat.http;

import dev.wslab.chat.limits.LogSafe;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request, the WebSocket upgrade included, before any route runs:
 * <ol>
 *   <li>{@code Host} must name this server ({@link PublicOrigins}), else 421 Misdirected Request
 *       (RFC 9110 §15.5.20): the defence against DNS rebinding, where a foreign domain resolves to us;</li>
 *   <li>a browser's {@code Origin} must be one of ours (scheme, host and port, RFC 6454 §5), else 403:
 *       another site's page may not post to the API (an HTML form needs no CORS preflight). The
 *       WebSocket upgrade's Origin is judged by the handshake with the same {@link PublicOrigins}
 *       (RFC 6455 §10.2), so its 403 names the handshake rule;</li>
 *   <li>an allowed origin's requests to {@code /api/*} and {@code /poll/*} get the CORS headers, and
 *       their preflight {@code OPTIONS} is answered here ({@link Cors});</li>
 *   <li>every answer gets the security headers: a Content-Security-Policy that allows only our own
 *       scripts, styles and connections and no framing, {@code nosniff}, no referrer, and
 *       {@code Cache-Control: no-store} on the API.</li>
 * </ol>
 */
public final class FrontDoor implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

    /** The page loads only its own files and talks only to this server; nobody may frame it. */
    static final String CSP_BASE = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");

    private final PublicOrigins origins;
    private final HttpHandler next;

    /**
     * @param origins this server's public names and trusted origins
     * @param next    the routes
     */
    public FrontDoor(PublicOrigins origins, HttpHandler next) {
        this.origins = origins;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        int localPort = ((InetSocketAddress) exchange.getDestinationAddress()).getPort();
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        boolean upgrade = isUpgrade(exchange);
        if (host == null && !upgrade) {
            // RFC 9112 §3.2: an HTTP/1.1 request without Host is malformed (the upgrade's handshake says the same).
            exchange.setPersistent(false);
            JsonHttp.sendError(exchange, 400, "bad_request", "a request needs a Host header (RFC 9112 §3.2)");
            return;
        }
        if (host != null && !origins.allowsHost(host, localPort)) {
            log.info("{} {} {}: 421, Host {} is not one of this server's names ({})", exchange.getSourceAddress(),
                    exchange.getRequestMethod(), LogSafe.quote(exchange.getRequestPath()), LogSafe.quote(host),
                    origins.describe());
            exchange.setPersistent(false);
            exchange.setReasonPhrase("Misdirected Request");
            JsonHttp.sendError(exchange, 421, "misdirected_request",
                    "this server answers only to " + origins.describe() + " (see --public-host)");
            return;
        }
        Optional<String> origin = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.ORIGIN));
        // The upgrade's Origin is judged by the handshake itself (RFC 6455 §4.2.2 step 4, with the same
        // PublicOrigins), so its 403 names the handshake rule; every other route is judged here. A
        // refused origin's preflight gets the same 403 and no CORS headers, so the browser stops there.
        if (!upgrade && !origins.allowsOrigin(origin, localPort)) {
            log.info("{} {} {}: 403, Origin {} is not one of this server's origins", exchange.getSourceAddress(),
                    exchange.getRequestMethod(), LogSafe.quote(exchange.getRequestPath()), LogSafe.quote(origin.get()));
            exchange.setPersistent(false);
            JsonHttp.sendError(exchange, 403, "forbidden_origin",
                    "pages from " + origin.get() + " may not use this server (RFC 6454 §5, RFC 6455 §10.2)");
            return;
        }
        if (!upgrade) {
            addSecurityHeaders(exchange, host);
        }
        if (!upgrade && origin.isPresent() && Cors.covers(exchange.getRequestPath())
                && Cors.apply(exchange, origin.get().trim())) {
            return; // a preflight, answered
        }
        next.handleRequest(exchange);
    }

    private void addSecurityHeaders(HttpServerExchange exchange, String host) {
        // The Host was checked above, so naming it in connect-src cannot be steered by a client. It is
        // listed as ws(s):// because older browsers do not let 'self' cover WebSocket URLs.
        String ws = origins.scheme().equals("https") ? "wss://" : "ws://";
        exchange.getResponseHeaders().put(CSP, CSP_BASE + "; connect-src 'self' " + ws + host.trim());
        exchange.getResponseHeaders().put(NOSNIFF, "nosniff");
        exchange.getResponseHeaders().put(FRAME_OPTIONS, "DENY");
        exchange.getResponseHeaders().put(REFERRER_POLICY, "no-referrer");
        String path = exchange.getRequestPath();
        if (path.startsWith("/api/") || path.equals("/api")) {
            // API answers are per user and per moment: never stored by a cache (JSON answers elsewhere,
            // e.g. the polling transport's, set the same through JsonHttp).
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        }
    }

    private static boolean isUpgrade(HttpServerExchange exchange) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
