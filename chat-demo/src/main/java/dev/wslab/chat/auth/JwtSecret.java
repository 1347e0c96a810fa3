package dev.wslab.chat.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 signing key. RFC 7518 §3.2: a key for HMAC-SHA256 must be at least 256 bits, so a
 * configured secret shorter than 32 bytes is refused rather than silently accepted.
 */
public final class JwtSecret {

    /** The environment variable the seed used, kept for compatibility. */
    public static final String ENVIRONMENT_VARIABLE = "JWT_SECRET_KEY";
    public static final int MIN_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(JwtSecret.class);

    private final byte[] key;
    private final boolean generated;

    private JwtSecret(byte[] key, boolean generated) {
        this.key = key;
        this.generated = generated;
    }

    /**
     * A configured secret (UTF-8 bytes of {@code secret}).
     *
     * @throws IllegalArgumentException if it is shorter than 32 bytes
     */
    public static JwtSecret of(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " has " + bytes.length + " bytes; HS256 needs at least "
                    + MIN_BYTES + " (RFC 7518 §3.2). Use e.g. `openssl rand -base64 48`.");
        }
        return new JwtSecret(bytes, false);
    }

    /** A fresh random 256-bit secret: tokens then stop working when the server restarts. */
    public static JwtSecret random() {
        byte[] bytes = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new JwtSecret(bytes, true);
    }

    /**
     * The secret from {@code JWT_SECRET_KEY} if set (refused if too short), otherwise a random one,
     * announced in the log so nobody wonders why tokens die with a restart.
     */
    public static JwtSecret fromEnvironment(Map<String, String> environment) {
        String configured = environment.get(ENVIRONMENT_VARIABLE);
        if (configured == null || configured.isEmpty()) {
            log.info("{} is not set: signing tokens with a random secret generated for this run "
                    + "(tokens stop working when the server restarts)", ENVIRONMENT_VARIABLE);
            return random();
        }
        return of(configured);
    }

    /** Whether this secret was generated rather than configured. */
    public boolean generated() {
        return generated;
    }

    byte[] bytes() {
        return Arrays.copyOf(key, key.length);
    }

    @Override
    public String toString() {
        return "JwtSecret[" + (generated ? "generated" : "configured") + ", " + key.length + " bytes]";
    }
}
