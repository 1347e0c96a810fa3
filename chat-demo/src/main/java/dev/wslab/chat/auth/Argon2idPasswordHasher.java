package dev.wslab.chat.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) from BouncyCastle, encoded in the PHC string format that other tools read:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded Base64).
 *
 * <p>Argon2id is deliberately slow and memory-hungry so that a stolen hash is expensive to guess.
 * {@link #recommended()} follows OWASP's minimum (19 MiB, 2 passes); tests and load runs use
 * {@link #fastForTests()} so that hundreds of logins take milliseconds, not minutes.
 * The parameters are read back from each stored hash, so changing the cost keeps old hashes valid.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param memoryKiB   memory per hash in KiB (at least 8 × parallelism)
     * @param iterations  passes over the memory (at least 1)
     * @param parallelism lanes (at least 1)
     */
    public Argon2idPasswordHasher(int memoryKiB, int iterations, int parallelism) {
        if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2id needs parallelism >= 1, iterations >= 1 and memory >= 8 KiB per lane");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** OWASP's recommended minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static Argon2idPasswordHasher recommended() {
        return new Argon2idPasswordHasher(19 * 1024, 2, 1);
    }

    /** A cheap setting (64 KiB, 1 pass) for tests and load runs; never for real passwords. */
    public static Argon2idPasswordHasher fastForTests() {
        return new Argon2idPasswordHasher(64, 1, 1);
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean matches(String password, String encodedHash) {
        String[] parts = encodedHash.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        int m;
        int t;
        int p;
        byte[] salt;
        byte[] expected;
        try {
            String[] params = parts[3].split(",");
            m = Integer.parseInt(params[0].substring(2));
            t = Integer.parseInt(params[1].substring(2));
            p = Integer.parseInt(params[2].substring(2));
            salt = B64_DECODE.decode(parts[4]);
            expected = B64_DECODE.decode(parts[5]);
        } catch (RuntimeException malformed) {
            return false;
        }
        byte[] actual = derive(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(actual, expected); // constant time
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
