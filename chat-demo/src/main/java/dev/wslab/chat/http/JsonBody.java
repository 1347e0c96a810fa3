package dev.wslab.chat.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads a JSON request body without holding a thread while the bytes trickle in (Undertow's
 * receiver hands over each read as it comes; the handler runs once the whole body is there), with
 * three bounds:
 * <ul>
 *   <li>{@code Content-Type} must be {@code application/json}, else 415 (RFC 9110 §15.5.16): a page on
 *       another site can send {@code text/plain} or a form without asking us first (no CORS preflight),
 *       but not JSON;</li>
 *   <li>at most {@code maxBytes}, else 413 (RFC 9110 §15.5.14), refused from {@code Content-Length}
 *       before reading when it says so; the refused rest is then read and dropped for a bounded time
 *       so that the client can read the 413 (see {@code BodyRead});</li>
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

    /** Longest a refused body is read and dropped before the connection closes (see {@code BodyRead}). */
    public static final Duration LINGER = Duration.ofSeconds(5);
    /** Most bytes of a refused body read and dropped before the connection closes. */
    public static final long LINGER_BYTES = 16L << 20;

    /**
     * Undertow's own body cap ({@code UndertowOptions.MAX_ENTITY_SIZE}) for a server whose largest
     * JsonBody limit is {@code largestLimit}. It is the backstop for bodies no route reads, and sits
     * above a JsonBody limit plus its linger so that JsonBody, not Undertow, ends a refused body:
     * Undertow 2.4 fixes a chunked body's cap when it parses the head, before a route can raise it, and
     * at that cap it drops the connection at once.
     */
    public static long undertowCap(long largestLimit) {
        return largestLimit + LINGER_BYTES + 1024 * 1024;
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
        // JsonBody counts the bytes itself (0: no cap from Undertow for a Content-Length body; see
        // undertowCap for chunked ones): a refused body must still be read, and dropped, while the refusal goes out.
        exchange.setMaxEntitySize(0);
        BodyRead read = new BodyRead(exchange, handler);
        if (!isJson(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            read.refuse(415, "unsupported_media_type", "send the body as Content-Type: application/json");
        } else if (exchange.getRequestContentLength() > maxBytes) {
            read.refuseTooLarge();
        }
        exchange.getRequestReceiver().receivePartialBytes(read::chunk, read::failed);
    }

    /**
     * One request body on its way in. Every callback and timer runs on the connection's IO thread, so
     * the state needs no locking. A refused body is not cut off: the refusal is sent at once, and what
     * the client is still sending is read and dropped for at most {@link #LINGER} and
     * {@link #LINGER_BYTES} before the connection closes (a "lingering close", RFC 9112 §9.6). Closing
     * with unread bytes in the socket makes the kernel answer with a TCP reset, and a reset can erase
     * the refusal from the client's receive buffer before the client has read it: the client would see
     * a dropped connection instead of a 413.
     */
    private final class BodyRead {
        /** Reading the body; dropping what is left of a refused one; or nothing more to do. */
        private enum State { READING, DROPPING, DONE }

        private final HttpServerExchange exchange;
        private final TextHandler handler;
        private final XnioExecutor.Key deadlineTimer;
        private XnioExecutor.Key lingerTimer;
        private State state = State.READING;
        private byte[] body = new byte[0];
        private int received;
        private long dropped;
        private boolean refusalSent;
        private boolean bodyEnded;

        BodyRead(HttpServerExchange exchange, TextHandler handler) {
            this.exchange = exchange;
            this.handler = handler;
            this.deadlineTimer = exchange.getIoThread().executeAfter(this::tooSlow, deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        void chunk(HttpServerExchange ex, byte[] bytes, boolean last) {
            if (state == State.READING && received + bytes.length > maxBytes) {
                refuseTooLarge(); // a chunked body shows its size only as it comes
            }
            switch (state) {
                case READING -> {
                    append(bytes);
                    if (last) {
                        state = State.DONE;
                        deadlineTimer.remove();
                        handler.handle(ex, new String(body, 0, received, StandardCharsets.UTF_8));
                    }
                }
                case DROPPING -> {
                    dropped += bytes.length;
                    if (last) {
                        bodyEnded = true;
                        endIfDone();
                    } else if (dropped > LINGER_BYTES) {
                        close();
                    }
                }
                case DONE -> { }
            }
        }

        void failed(HttpServerExchange ex, IOException error) {
            switch (state) {
                case READING -> {
                    state = State.DONE;
                    deadlineTimer.remove();
                    ex.setPersistent(false);
                    JsonHttp.sendError(ex, 400, "bad_request", "the body could not be read");
                }
                case DROPPING -> close(); // the client went away while we were dropping its refused body
                case DONE -> { }
            }
        }

        void refuseTooLarge() {
            refuse(413, "body_too_large", "the body is limited to " + maxBytes + " bytes");
        }

        /** Answers now; the rest of the body is dropped as it comes (see the class comment). */
        void refuse(int status, String code, String reason) {
            state = State.DROPPING;
            deadlineTimer.remove();
            lingerTimer = exchange.getIoThread().executeAfter(this::close, LINGER.toMillis(), TimeUnit.MILLISECONDS);
            answerAndClose(status, code, reason, () -> {
                refusalSent = true;
                endIfDone();
            }, this::close);
        }

        /** The body trickles: 408, then the connection closes (no lingering for a client this slow). */
        private void tooSlow() {
            if (state == State.READING) {
                state = State.DONE;
                answerAndClose(408, "request_timeout", "the body did not arrive within " + deadline.toMillis() / 1000.0 + " s",
                        this::closeNow, this::closeNow);
            }
        }

        /** The last answer on this connection: {@code Connection: close}, then {@code flushed} or {@code failed}. */
        private void answerAndClose(int status, String code, String reason, Runnable flushed, Runnable failed) {
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            JsonHttp.sendErrorThen(exchange, status, code, reason, flushed, failed);
        }

        private void append(byte[] bytes) {
            if (received == 0) {
                body = bytes; // most bodies arrive in one read: keep it, no copy
                received = bytes.length;
                return;
            }
            if (received + bytes.length > body.length) {
                body = Arrays.copyOf(body, Math.max(received + bytes.length, Math.min(maxBytes, 2 * body.length)));
            }
            System.arraycopy(bytes, 0, body, received, bytes.length);
            received += bytes.length;
        }

        /** The refusal has left and the whole body has been read: the exchange ends and the connection closes cleanly. */
        private void endIfDone() {
            if (state == State.DROPPING && refusalSent && bodyEnded) {
                state = State.DONE;
                lingerTimer.remove();
                exchange.endExchange();
            }
        }

        /** Ends the dropping of a refused body: out of time or bytes, or the client left. */
        private void close() {
            if (state == State.DROPPING) {
                state = State.DONE;
                lingerTimer.remove();
                closeNow();
            }
        }

        private void closeNow() {
            IoUtils.safeClose(exchange.getConnection());
        }
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
