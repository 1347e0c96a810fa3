package dev.wslab.chat.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Small helpers for JSON over Undertow: read a bounded body, write an object. */
public final class JsonHttp {

    /** Bodies of the API are tiny; anything bigger is refused instead of buffered. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

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

    /**
     * Reads the request body on a worker thread (the caller must have dispatched), at most
     * {@link #MAX_BODY_BYTES}.
     *
     * @return the body, or {@code null} if it was too large (a 413 has then been sent)
     */
    public static byte[] readBody(HttpServerExchange exchange) throws IOException {
        exchange.startBlocking();
        InputStream in = exchange.getInputStream();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            exchange.setPersistent(false);
            sendError(exchange, 413, "body_too_large", "the body is limited to " + MAX_BODY_BYTES + " bytes");
            return null;
        }
        return body;
    }
}
