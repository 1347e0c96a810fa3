package dev.wslab.chat.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) from BouncyCastle, encoded in the PHC string format that other tools read:
 * {@code $argon2id$v=19$m=7168,t=5,p=1$<salt>$<hash>} (unpadded Base64).
 *
 * <p>Argon2id is deliberately slow and memory-hungry so that a stolen hash is expensive to guess.
 * {@link #recommended()} is one of OWASP's equivalent minimums (7 MiB, 5 passes); tests and load runs use
 * {@link #fastForTests()} so that hundreds of logins take milliseconds, not minutes.
 * The parameters are read back from each stored hash, so changing the cost keeps old hashes valid.
 *
 * <p>Each hash holds its whole memory cost on the Java heap while it runs, so the hashes in progress share a
 * budget ({@link #DEFAULT_MEMORY_BUDGET_KIB}): a burst of logins waits for memory instead of exhausting a
 * small heap, and one that waits longer than {@link #DEFAULT_WAIT} gets {@link HashingBusyException}.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    /** {@link #recommended()}'s memory per hash, in KiB (7 MiB). */
    public static final int RECOMMENDED_MEMORY_KIB = 7 * 1024;
    /** {@link #recommended()}'s passes over that memory. */
    public static final int RECOMMENDED_ITERATIONS = 5;

    /**
     * Memory all hashes in progress may hold together: two of {@link #recommended()}'s. A hash is pure CPU, so on
     * the 1–2 core hosts the chat is sized for, a third at once would only share the same cores.
     */
    public static final int DEFAULT_MEMORY_BUDGET_KIB = 2 * RECOMMENDED_MEMORY_KIB;
    /** How long a hash waits for memory before the request is refused. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final int budgetKiB;
    private final Duration wait;
    /** One permit per KiB of the budget; fair, so a large stored cost is not overtaken for ever. */
    private final Semaphore memory;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param memoryKiB   memory per hash in KiB (at least 8 × parallelism)
     * @param iterations  passes over the memory (at least 1)
     * @param parallelism lanes (at least 1)
     */
    public Argon2idPasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this(memoryKiB, iterations, parallelism, DEFAULT_MEMORY_BUDGET_KIB, DEFAULT_WAIT);
    }

    /**
     * As {@link #Argon2idPasswordHasher(int, int, int)}, with the memory all hashes in progress may hold
     * together and how long a hash waits for it.
     */
    public Argon2idPasswordHasher(int memoryKiB, int iterations, int parallelism, int budgetKiB, Duration wait) {
        if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2id needs parallelism >= 1, iterations >= 1 and memory >= 8 KiB per lane");
        }
        if (budgetKiB < 1 || wait.isNegative()) {
            throw new IllegalArgumentException("the memory budget must be positive and the wait not negative");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.budgetKiB = budgetKiB;
        this.wait = wait;
        this.memory = new Semaphore(budgetKiB, true);
    }

    /**
     * Argon2id at 7 MiB, 5 iterations, 1 lane: of the settings OWASP's Password Storage Cheat Sheet lists as giving
     * an equal level of defence (46 MiB × 1 pass, 19 MiB × 2, 12 MiB × 3, 9 MiB × 4, 7 MiB × 5), the one that holds
     * the least heap. The chat runs in a 96 MiB heap; 19 MiB per login grew the heap by more than 20 MB for good.
     */
    public static Argon2idPasswordHasher recommended() {
        return new Argon2idPasswordHasher(RECOMMENDED_MEMORY_KIB, RECOMMENDED_ITERATIONS, 1);
    }

    /** A cheap setting (64 KiB, 1 pass) for tests and load runs; never for real passwords. */
    public static Argon2idPasswordHasher fastForTests() {
        return new Argon2idPasswordHasher(64, 1, 1);
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return phc(salt, derive(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES));
    }

    /**
     * A decoy with this hasher's cost and random salt and "hash" bytes: checking a password against it runs the
     * full derivation, and the server need not run one at start (7 MiB of heap it would keep).
     */
    @Override
    public String decoy() {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return phc(salt, hash);
    }

    private String phc(byte[] salt, byte[] hash) {
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
        if (p < 1 || t < 1 || m < 8 * p || expected.length == 0) {
            return false; // no Argon2id hash has these parameters
        }
        byte[] actual = derive(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(actual, expected); // constant time
    }

    /** The budget's permits free now (KiB); for tests. */
    int freeBudgetKiB() {
        return memory.availablePermits();
    }

    /** Holds {@code kib} of the budget until the returned handle is closed; for tests that fill it. */
    AutoCloseable hold(int kib) throws InterruptedException {
        memory.acquire(kib);
        return () -> memory.release(kib);
    }

    private byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        // A stored cost above the whole budget still runs, alone.
        int permits = Math.min(m, budgetKiB);
        try {
            if (!memory.tryAcquire(permits, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new HashingBusyException("every password check's memory (" + budgetKiB / 1024
                        + " MiB) was in use for " + wait.toSeconds() + " s; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException("interrupted while waiting for memory to check a password");
        }
        try {
            return argon2id(password, salt, m, t, p, length);
        } finally {
            memory.release(permits);
        }
    }

    private static byte[] argon2id(String password, byte[] salt, int m, int t, int p, int length) {
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
