package dev.wslab.chat.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpServerExchange;
import dev.wslab.chat.limits.RateLimiter;
import io.undertow.util.Headers;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** Small helpers for JSON over Undertow: write an object or an error (bodies are read by {@link JsonBody}). */
public final class JsonHttp {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonHttp() {}

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes {@code body} as JSON with {@code status}; ends the exchange.
     *
     * @throws IllegalStateException for a 429 without {@code Retry-After}: use {@link #sendTooMany}
     */
    public static void send(HttpServerExchange exchange, int status, Object body) {
        if (status == 429 && !exchange.getResponseHeaders().contains(Headers.RETRY_AFTER)) {
            throw new IllegalStateException("a 429 tells the client when to retry: use JsonHttp.sendTooMany");
        }
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json);
    }

    /** Writes {@code {"error": code, "reason": reason}} with {@code status}. */
    public static void sendError(HttpServerExchange exchange, int status, String code, String reason) {
        send(exchange, status, Map.of("error", code, "reason", reason));
    }

    /**
     * 429 Too Many Requests (RFC 6585 §4) with {@code Retry-After} (RFC 9110 §10.2.3): every "too many"
     * tells the client when trying again makes sense, in whole seconds rounded up.
     *
     * @param retryAfter when a retry may succeed (a rate limit's refill, or when a left-behind resource ends)
     */
    public static void sendTooMany(HttpServerExchange exchange, Duration retryAfter, String code, String reason) {
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(RateLimiter.retryAfterSeconds(retryAfter)));
        sendError(exchange, 429, code, reason);
    }
}
