package dev.wslab.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The head of an HTTP response to an upgrade request: the status line and the header fields.
 * A successful opening handshake is a {@code 101 Switching Protocols} (RFC 6455 §4.2.2);
 * {@link ClientHandshake#validate(UpgradeResponse)} checks it.
 *
 * @param httpVersion  the version from the status line
 * @param status       the three-digit status code
 * @param reasonPhrase the reason phrase as sent (may be empty; it carries no meaning, RFC 9112 §4)
 * @param fields       the header fields, in order
 */
public record UpgradeResponse(HttpVersion httpVersion, int status, String reasonPhrase, HttpFields fields) {

    /**
     * Checks the status line can be written safely.
     *
     * @param httpVersion  the version from the status line
     * @param status       100 to 999
     * @param reasonPhrase free text without control characters (so no CR/LF can split the head); may be empty
     * @param fields       the header fields, in order
     * @throws IllegalArgumentException if the status is not three digits or the phrase holds CR/LF
     */
    public UpgradeResponse {
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        Objects.requireNonNull(fields, "fields");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        if (!HttpSyntax.isSafeFieldValue(reasonPhrase)) {
            throw new IllegalArgumentException("reason phrase must not contain control characters");
        }
    }

    /**
     * An HTTP/1.1 response with the standard reason phrase for {@code status}.
     *
     * @param status a three-digit status; 101 for an accepted upgrade
     * @param fields the header fields, in order
     * @return the response head, reason phrase filled in (RFC 9110 §15)
     */
    public static UpgradeResponse of(int status, HttpFields fields) {
        return new UpgradeResponse(HttpVersion.HTTP_1_1, status, StatusCodes.reasonPhrase(status), fields);
    }

    /**
     * The response head as it goes on the wire: status line, fields, empty line (RFC 9112 §4).
     *
     * @return a new array of ISO-8859-1 bytes, ending in CRLF CRLF
     */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(256);
        out.append(httpVersion).append(' ').append(status).append(' ').append(reasonPhrase).append("\r\n");
        fields.appendTo(out);
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
