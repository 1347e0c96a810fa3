package dev.wslab.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The head of an HTTP request that asks to switch to WebSocket: the request line and the header
 * fields (RFC 6455 §4.1, §4.2.1). It holds what was sent, valid or not; {@link ServerHandshake}
 * decides whether it is an acceptable opening handshake.
 *
 * <p>Get one from {@link HttpHeadParser#forRequests()} when you hold raw bytes, from
 * {@link ClientHandshake#request()} when you are the client, or from {@link #of(String, String,
 * String, HttpFields)} when another HTTP stack (Undertow, a servlet container) already parsed the
 * request.
 *
 * @param method      the request method, case-sensitive (RFC 9110 §9.1); a handshake uses {@code GET}
 * @param target      the request target as sent, normally origin-form: path plus optional query, e.g. {@code /chat?room=lobby}
 * @param httpVersion the protocol version from the request line
 * @param fields      the header fields, in order
 */
public record UpgradeRequest(String method, String target, HttpVersion httpVersion, HttpFields fields) {

    /**
     * @param method      the request method token
     * @param target      the request target, non-empty, no spaces or control characters
     * @param httpVersion the protocol version
     * @param fields      the header fields
     * @throws NullPointerException     if any component is null
     * @throws IllegalArgumentException if the method is not a token (RFC 9110 §9.1) or the target is
     *                                  empty or contains spaces or control characters, which would
     *                                  break the request line
     */
    public UpgradeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(fields, "fields");
        if (!HttpSyntax.isToken(method)) {
            throw new IllegalArgumentException("method must be a token: " + HttpSyntax.quoteForMessage(method));
        }
        if (target.isEmpty() || target.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("target must be non-empty without spaces or control characters: "
                    + HttpSyntax.quoteForMessage(target));
        }
    }

    /**
     * Builds a request from parts another HTTP stack already parsed, e.g. in an Undertow handler:
     * {@code UpgradeRequest.of(exchange.getRequestMethod().toString(), target,
     * exchange.getProtocol().toString(), fields)}.
     *
     * <p>{@link HttpFields} refuses header values with control characters and names that are not
     * tokens ({@link IllegalArgumentException}); an adapter copying headers from another stack should
     * answer such a request with 400.
     *
     * @param method      the request method, e.g. {@code GET}
     * @param target      the request target as received, e.g. {@code /chat?room=lobby}
     * @param httpVersion the version text, e.g. {@code HTTP/1.1}
     * @param fields      the header fields, in order
     * @return the request; not yet checked as a handshake (see {@link ServerHandshake#decide(UpgradeRequest)})
     * @throws IllegalArgumentException if {@code httpVersion} is not {@code HTTP/DIGIT.DIGIT}, or the
     *                                  method or target could not be written on a request line
     */
    public static UpgradeRequest of(String method, String target, String httpVersion, HttpFields fields) {
        return new UpgradeRequest(method, target, HttpVersion.parse(httpVersion), fields);
    }

    /**
     * A {@code GET} request over HTTP/1.1 for {@code target}, with the given fields.
     *
     * @param target the origin-form target, e.g. {@code /chat?room=lobby}
     * @param fields the header fields, in order
     * @return the request; not yet checked as a handshake
     */
    public static UpgradeRequest get(String target, HttpFields fields) {
        return new UpgradeRequest("GET", target, HttpVersion.HTTP_1_1, fields);
    }

    /**
     * The path part of the target (before any {@code ?}).
     *
     * @return the target up to the first {@code ?}; the whole target when there is no query
     */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * The query part of the target (after the first {@code ?}), or an empty string.
     *
     * @return the raw, still percent-encoded query; empty when absent or when the target ends in {@code ?}
     */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /**
     * The request head as it goes on the wire: request line, fields, empty line (RFC 9112 §2.1).
     *
     * @return a new array, ISO-8859-1 encoded, ending with the empty line's CRLF
     */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append(' ').append(target).append(' ').append(httpVersion).append("\r\n");
        fields.appendTo(out);
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
