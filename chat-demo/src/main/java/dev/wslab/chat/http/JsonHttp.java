package dev.wslab.chat.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.UncheckedIOException;
import java.util.Map;

/** Small helpers for JSON over Undertow: write an object or an error (bodies are read by {@link JsonBody}). */
public final class JsonHttp {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonHttp() {}

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code body} as JSON with {@code status}; ends the exchange. */
    public static void send(HttpServerExchange exchange, int status, Object body) {
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
}
