package dev.wslab.client;

import dev.wslab.handshake.HttpFields;

import java.io.IOException;
import java.util.Objects;

/**
 * The server answered the upgrade request with something other than {@code 101 Switching Protocols}
 * — for example {@code 401} for a missing or expired token, {@code 403} for a refused Origin — so the
 * connection never became a WebSocket (RFC 6455 §4.1: "If the status code received from the server is
 * not 101, the client handles the response per HTTP procedures").
 *
 * <p>It carries everything a person needs to understand why: the status, the reason phrase, the header
 * fields (e.g. {@code WWW-Authenticate}, RFC 6750 §3) and the start of the response body.
 */
public final class HandshakeRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reasonPhrase;
    private final transient HttpFields headers;
    private final String body;

    /**
     * @param status       the HTTP status code
     * @param reasonPhrase the reason phrase as sent (may be empty)
     * @param headers      the response's header fields
     * @param body         the response body as text (possibly cut short), or empty
     */
    public HandshakeRefusedException(int status, String reasonPhrase, HttpFields headers, String body) {
        super(describe(status, reasonPhrase, headers, body));
        this.status = status;
        this.reasonPhrase = Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** The HTTP status code, e.g. 401. */
    public int status() {
        return status;
    }

    /** The reason phrase as the server sent it, e.g. {@code Unauthorized}. */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** The response header fields. */
    public HttpFields headers() {
        return headers;
    }

    /** The response body (decoded as UTF-8, at most a few KiB), or empty. */
    public String body() {
        return body;
    }

    private static String describe(int status, String reasonPhrase, HttpFields headers, String body) {
        StringBuilder s = new StringBuilder("the server refused the WebSocket upgrade: ").append(status);
        if (!reasonPhrase.isEmpty()) {
            s.append(' ').append(reasonPhrase);
        }
        headers.first("WWW-Authenticate").ifPresent(v -> s.append(" (WWW-Authenticate: ").append(v).append(')'));
        String text = body.strip();
        if (!text.isEmpty()) {
            s.append(": ").append(text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
        return s.toString();
    }
}
