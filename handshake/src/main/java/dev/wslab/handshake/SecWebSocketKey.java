package dev.wslab.handshake;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

/**
 * The client's nonce, sent as {@code Sec-WebSocket-Key}.
 *
 * <p>RFC 6455 §4.1 (client requirement 7): the value is a nonce of 16 bytes, randomly selected for
 * every connection, base64-encoded (RFC 4648 §4, so always 24 characters ending in {@code ==}).
 * It is not a secret and gives no security: it only proves that the server read this very request
 * and understood the WebSocket protocol (RFC 6455 §1.3), because the server must answer with
 * {@link SecWebSocketAccept#of(String)} of it.
 */
public final class SecWebSocketKey {
    /** Length of the nonce before base64 encoding (RFC 6455 §4.1). */
    public static final int NONCE_BYTES = 16;
    /** Length of the base64 form of a 16-byte nonce: 4 * ceil(16 / 3). */
    public static final int ENCODED_LENGTH = 24;

    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private SecWebSocketKey() {
    }

    /**
     * A fresh key from a shared {@link SecureRandom}: use this for real connections.
     *
     * @return 24 characters of base64 encoding 16 random bytes
     */
    public static String generate() {
        return generate(SECURE_RANDOM);
    }

    /**
     * A key from the given source of randomness. Pass a seeded {@link Random} in tests for a
     * reproducible key; real connections need {@link #generate()} (RFC 6455 §10.3 asks for
     * unpredictable nonces).
     *
     * @param random where the 16 nonce bytes come from
     * @return 24 characters of base64 encoding the 16 bytes drawn
     */
    public static String generate(Random random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Whether {@code key} is a valid {@code Sec-WebSocket-Key}: base64 (standard alphabet, with
     * padding) that decodes to exactly 16 bytes (RFC 6455 §4.1 requirement 7, §4.2.1 item 5).
     * {@code null} is not valid.
     *
     * @param key the header value as received; may be null
     * @return true if a server may accept it; false earns a 400 (RFC 6455 §4.2.2)
     */
    public static boolean isValid(String key) {
        return decode(key).isPresent();
    }

    /**
     * The 16 nonce bytes of {@code key}, or empty when {@code key} is not a valid key.
     *
     * @param key the header value as received; may be null
     * @return the decoded nonce (a fresh array), or empty for null, a wrong length or bad base64
     */
    public static Optional<byte[]> decode(String key) {
        if (key == null || key.length() != ENCODED_LENGTH) {
            return Optional.empty();
        }
        try {
            byte[] nonce = Base64.getDecoder().decode(key);
            return nonce.length == NONCE_BYTES ? Optional.of(nonce) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
