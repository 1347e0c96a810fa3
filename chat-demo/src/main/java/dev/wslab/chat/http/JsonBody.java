package dev.wslab.chat.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads a JSON request body without holding a thread while the bytes trickle in (Undertow's
 * receiver: the callback runs once the whole body is there), with three bounds:
 * <ul>
 *   <li>{@code Content-Type} must be {@code application/json}, else 415 (RFC 9110 §15.5.16): a page on
 *       another site can send {@code text/plain} or a form without asking us first (no CORS preflight),
 *       but not JSON;</li>
 *   <li>at most {@code maxBytes}, else 413 (RFC 9110 §15.5.14), refused from {@code Content-Length}
 *       before reading when it says so;</li>
 *   <li>the whole body within {@code deadline}, else 408 (RFC 9110 §15.5.9) and the connection is
 *       closed: a client sending one byte a minute costs us a socket, never a worker.</li>
 * </ul>
 */
public final class JsonBody {

    /** What to do with a body that arrived whole and parsed; runs on the IO thread. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param exchange the request
         * @param body     the parsed JSON (any JSON value; the handler checks its shape)
         */
        void handle(HttpServerExchange exchange, JsonNode body);
    }

    private final int maxBytes;
    private final Duration deadline;

    /**
     * @param maxBytes largest body accepted
     * @param deadline longest time to receive it
     */
    public JsonBody(int maxBytes, Duration deadline) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    /** Largest body accepted, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** What to do with a body that arrived whole, unparsed; runs on the IO thread. */
    @FunctionalInterface
    public interface TextHandler {
        /**
         * @param exchange the request
         * @param text     the body, decoded as UTF-8
         */
        void handle(HttpServerExchange exchange, String text);
    }

    /**
     * Reads the body of {@code exchange} (call it on the IO thread, from the handler) and hands it to
     * {@code handler}, or answers 415, 413, 408 or 400 itself.
     *
     * @param exchange the request
     * @param handler  what to do with the parsed body
     */
    public void read(HttpServerExchange exchange, Handler handler) {
        readText(exchange, (ex, text) -> {
            JsonNode json;
            try {
                json = JsonHttp.mapper().readTree(text);
            } catch (IOException e) {
                json = null;
            }
            if (json == null) {
                JsonHttp.sendError(ex, 400, "bad_json", "the body is not valid JSON");
                return;
            }
            handler.handle(ex, json);
        });
    }

    /**
     * Same bounds as {@link #read}, but hands over the text unparsed (for a caller that parses it
     * itself, such as the chat's command decoder).
     *
     * @param exchange the request
     * @param handler  what to do with the text
     */
    public void readText(HttpServerExchange exchange, TextHandler handler) {
        if (!isJson(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            exchange.setPersistent(false); // the body is not read; do not read the next request out of it
            JsonHttp.sendError(exchange, 415, "unsupported_media_type", "send the body as Content-Type: application/json");
            return;
        }
        exchange.setMaxEntitySize(maxBytes);
        boolean[] settled = {false};
        // The timer and the receiver's callbacks all run on this connection's IO thread: no race between them.
        XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
            if (!settled[0]) {
                settled[0] = true;
                exchange.setPersistent(false);
                exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
                JsonHttp.sendError(exchange, 408, "request_timeout",
                        "the body did not arrive within " + deadline.toMillis() / 1000.0 + " s");
                IoUtils.safeClose(exchange.getConnection());
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
            if (settled[0]) {
                return;
            }
            settled[0] = true;
            timer.remove();
            handler.handle(ex, new String(bytes, StandardCharsets.UTF_8));
        }, (ex, error) -> {
            if (settled[0]) {
                return;
            }
            settled[0] = true;
            timer.remove();
            ex.setPersistent(false);
            if (error instanceof RequestTooBigException) {
                JsonHttp.sendError(ex, 413, "body_too_large", "the body is limited to " + maxBytes + " bytes");
            } else {
                JsonHttp.sendError(ex, 400, "bad_request", "the body could not be read");
            }
        });
    }

    /** {@code application/json}, with or without parameters such as {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }
}
