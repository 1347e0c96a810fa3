package dev.wslab.chat.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpServerExchange;
import dev.wslab.chat.limits.RateLimiter;
import dev.wslab.chat.storage.StorageException;
import dev.wslab.chat.storage.StorageUnavailableException;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
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
        exchange.getResponseSender().send(ByteBuffer.wrap(jsonResponse(exchange, status, body)));
    }

    /** Sets {@code status} and the JSON headers, and returns {@code body} as JSON bytes to send. */
    private static byte[] jsonResponse(HttpServerExchange exchange, int status, Object body) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        return json;
    }

    /**
     * Writes {@code {"error": code, "reason": reason}} with {@code status} and flushes it, but leaves the
     * exchange open: {@code flushed} runs once the whole answer has left (then the caller ends the exchange
     * or closes the connection), {@code failed} if it could not be written. For a refusal sent while the
     * request body is still arriving (see {@link JsonBody}).
     */
    public static void sendErrorThen(HttpServerExchange exchange, int status, String code, String reason,
                                     Runnable flushed, Runnable failed) {
        byte[] json = jsonResponse(exchange, status, Map.of("error", code, "reason", reason));
        exchange.setResponseContentLength(json.length); // the sender only sets it for itself when it ends the exchange
        exchange.getResponseSender().send(ByteBuffer.wrap(json), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                sender.close(new IoCallback() { // shut the response down and flush it: written is not yet sent
                    @Override
                    public void onComplete(HttpServerExchange ex2, Sender sender2) {
                        flushed.run();
                    }

                    @Override
                    public void onException(HttpServerExchange ex2, Sender sender2, IOException e) {
                        failed.run();
                    }
                });
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                failed.run();
            }
        });
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

    /**
     * 503 Service Unavailable (RFC 9110 §15.6.4) with {@code Retry-After} (§10.2.3): the server cannot take this
     * request now but will soon, and says when to come back.
     */
    public static void sendUnavailable(HttpServerExchange exchange, long retryAfterSeconds, String code, String reason) {
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retryAfterSeconds));
        sendError(exchange, 503, code, reason);
    }

    /**
     * The answer to a request the storage failed: 503 {@code storage_unavailable} with {@code Retry-After}
     * (RFC 9110 §15.6.4) while the storage is away (it is opened again by itself), otherwise 500
     * {@code storage_error}; the reason says what the storage said. Nothing is answered if a response
     * has already started.
     */
    public static void sendStorageError(HttpServerExchange exchange, StorageException e) {
        if (exchange.isResponseStarted()) {
            return;
        }
        if (e instanceof StorageUnavailableException) {
            exchange.setPersistent(false);
            sendUnavailable(exchange, STORAGE_RETRY_AFTER_SECONDS, "storage_unavailable", "the server's storage is unavailable at the moment ("
                    + e.getMessage() + "); nothing was changed, try again in a few seconds");
        } else {
            sendError(exchange, 500, "storage_error", "the server's storage failed: " + e.getMessage());
        }
    }

    /** How long a client waits before retrying a request refused while the storage is away. */
    public static final long STORAGE_RETRY_AFTER_SECONDS = 2;
}
