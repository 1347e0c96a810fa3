package dev.wslab.chat.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds the bearer token in an upgrade request. Browsers cannot set headers on a WebSocket, so they
 * offer the token as a second subprotocol, {@code Sec-WebSocket-Protocol: wslab.chat.v1, bearer.<jwt>}
 * (the server answers with {@code wslab.chat.v1} only, never echoing the token); other clients send
 * {@code Authorization: Bearer <jwt>} (RFC 6750 §2.1). The seed's {@code ?token=} is honoured only
 * when enabled, because URLs end up in proxy logs and browser history (RFC 6750 §2.3, §5.3).
 */
public final class TokenLocator {

    /** The subprotocol prefix that marks a token offered through {@code Sec-WebSocket-Protocol}. */
    public static final String SUBPROTOCOL_PREFIX = "bearer.";

    private final boolean allowQueryToken;

    public TokenLocator(boolean allowQueryToken) {
        this.allowQueryToken = allowQueryToken;
    }

    /** Where a token was found. */
    public enum Source {
        AUTHORIZATION_HEADER,
        SUBPROTOCOL,
        QUERY
    }

    /** The outcome of looking for a token. */
    public sealed interface Located {}

    /** A token, and where it came from. */
    public record Found(String token, Source source) implements Located {
        @Override
        public String toString() {
            return "Found[" + Redactor.REDACTED + ", " + source + "]";
        }
    }

    /** No usable token; {@code description} tells the client how to send one. */
    public record Missing(String description) implements Located {}

    /**
     * @param authorization     the {@code Authorization} header value, or null
     * @param subprotocolValues every {@code Sec-WebSocket-Protocol} header value (each may list several)
     * @param rawQuery          the request's query string without '?', or null
     */
    public Located locate(String authorization, List<String> subprotocolValues, String rawQuery) {
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
            if (value.regionMatches(true, 0, "Bearer ", 0, 7) && value.substring(7).trim().length() > 0) {
                return new Found(value.substring(7).trim(), Source.AUTHORIZATION_HEADER);
            }
            return new Missing("the Authorization header is not 'Bearer <token>'");
        }
        for (String header : subprotocolValues) {
            for (String offered : header.split(",")) {
                String protocol = offered.trim();
                if (protocol.startsWith(SUBPROTOCOL_PREFIX) && protocol.length() > SUBPROTOCOL_PREFIX.length()) {
                    return new Found(protocol.substring(SUBPROTOCOL_PREFIX.length()), Source.SUBPROTOCOL);
                }
            }
        }
        String queryToken = queryParameter(rawQuery, "token");
        if (queryToken != null && !queryToken.isEmpty()) {
            if (allowQueryToken) {
                return new Found(queryToken, Source.QUERY);
            }
            return new Missing("a token in the query string is not accepted on this server; send it as "
                    + "'Sec-WebSocket-Protocol: wslab.chat.v1, bearer.<token>' or 'Authorization: Bearer <token>'");
        }
        return new Missing("no token: send 'Sec-WebSocket-Protocol: wslab.chat.v1, bearer.<token>' or "
                + "'Authorization: Bearer <token>' (get a token from POST /api/login)");
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    return URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return value;
                }
            }
        }
        return null;
    }
}
