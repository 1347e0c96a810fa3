package dev.wslab.chat.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol) for the JSON routes, so that a
 * page served from another origin listed in {@code --allowed-origins} (the seed's front end ran on
 * :9000) can log in and poll. Which origins may call at all is {@link PublicOrigins}' decision,
 * made by {@link FrontDoor} before this runs; this class only writes the headers that let the
 * browser hand the answer to the page.
 *
 * <ul>
 *   <li>{@code Access-Control-Allow-Origin} names the caller's exact origin, never {@code *}, and
 *       {@code Vary: Origin} tells caches the answer depends on it. Allowing every origin is the
 *       explicit setting {@code --allowed-origins '*'}, and even then the answer names the origin.</li>
 *   <li>No {@code Access-Control-Allow-Credentials}: the chat authenticates with a bearer token the
 *       page sends itself, never a cookie, so a browser never attaches anything ambient.</li>
 *   <li>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here,
 *       204, naming the methods and the two request headers the chat needs: {@code Authorization} and
 *       {@code Content-Type}.</li>
 * </ul>
 */
final class Cors {

    /** Paths whose answers a cross-origin page may read: the account API and the polling transport. */
    static final List<String> PREFIXES = List.of("/api/", "/poll/");

    static final String ALLOWED_METHODS = "GET, POST, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type";
    /** Answers a page may read besides the simple ones: where a new poll session is, and when to retry. */
    static final String EXPOSED_HEADERS = "Location, Retry-After, WWW-Authenticate";
    /** How long a browser may reuse a preflight's answer, in seconds. */
    static final String MAX_AGE = "600";

    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    static final HttpString MAX_AGE_HEADER = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private Cors() {}

    /** Whether the path is one of the cross-origin readable routes. */
    static boolean covers(String path) {
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the CORS answer for an allowed {@code origin}; answers a preflight in full.
     *
     * @return true when the exchange was a preflight and has been answered
     */
    static boolean apply(HttpServerExchange exchange, String origin) {
        exchange.getResponseHeaders().add(Headers.VARY, "Origin");
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
        boolean preflight = exchange.getRequestMethod().equals(Methods.OPTIONS)
                && exchange.getRequestHeaders().contains(REQUEST_METHOD);
        if (!preflight) {
            exchange.getResponseHeaders().put(EXPOSE_HEADERS, EXPOSED_HEADERS);
            return false;
        }
        exchange.getResponseHeaders().put(ALLOW_METHODS, ALLOWED_METHODS);
        exchange.getResponseHeaders().put(ALLOW_HEADERS, ALLOWED_HEADERS);
        exchange.getResponseHeaders().put(MAX_AGE_HEADER, MAX_AGE);
        exchange.setStatusCode(204);
        exchange.endExchange();
        return true;
    }
}
