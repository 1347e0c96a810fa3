package dev.wslab.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The server's proof that it read the client's key, sent as {@code Sec-WebSocket-Accept}.
 *
 * <p>RFC 6455 §4.2.2 (server step 5.4), §1.3: take the key <em>as the text the client sent</em>
 * (not its decoded bytes), append the fixed GUID {@value #GUID}, hash the ASCII bytes with SHA-1 and
 * base64-encode the 20-byte digest. The result is always 28 characters.
 *
 * <pre>{@code
 * SecWebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ==")   // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" (RFC 6455 §1.3)
 * }</pre>
 */
public final class SecWebSocketAccept {
    /** The globally unique identifier fixed by RFC 6455 §1.3 for the accept computation. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Length of the base64 form of a 20-byte SHA-1 digest. */
    public static final int ENCODED_LENGTH = 28;

    private SecWebSocketAccept() {
    }

    /**
     * The accept value for {@code key}, using the JDK's SHA-1.
     *
     * @param key the {@code Sec-WebSocket-Key} exactly as the client sent it; it is hashed as text, not
     *            validated here (check it first with {@link SecWebSocketKey#isValid(String)})
     * @return the 28-character base64 value for {@code Sec-WebSocket-Accept}
     */
    public static String of(String key) {
        return of(key, Sha1Provider.JDK);
    }

    /**
     * The accept value for {@code key}, using the chosen SHA-1 implementation. Both providers give the same
     * answer; the choice exists so benchmarks and tests can compare them.
     *
     * @param key  the {@code Sec-WebSocket-Key} exactly as the client sent it
     * @param sha1 the SHA-1 implementation to hash with
     * @return the 28-character base64 value for {@code Sec-WebSocket-Accept}
     */
    public static String of(String key, Sha1Provider sha1) {
        return Base64.getEncoder().encodeToString(sha1.digest(keyWithGuid(key)));
    }

    /**
     * Step 1 of the computation: the ASCII bytes of {@code key + GUID}.
     *
     * @param key the key as text; must not be null
     * @return the bytes that SHA-1 hashes: the key's 24 characters followed by the 36 of {@link #GUID}
     */
    public static byte[] keyWithGuid(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        return (key + GUID).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether {@code accept} is the right answer to {@code key} (RFC 6455 §4.1, client check 4).
     * Compared in constant time, although nothing here is secret.
     *
     * @param key    the key the client sent in its request
     * @param accept the {@code Sec-WebSocket-Accept} value the server answered with; null never matches
     * @return true only if {@code accept} is exactly the value computed from {@code key}
     */
    public static boolean matches(String key, String accept) {
        if (key == null || accept == null) {
            return false;
        }
        return MessageDigest.isEqual(
                of(key).getBytes(StandardCharsets.US_ASCII), accept.getBytes(StandardCharsets.US_ASCII));
    }
}
