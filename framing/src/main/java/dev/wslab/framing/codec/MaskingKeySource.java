package dev.wslab.framing.codec;

import java.util.Random;

/**
 * Where a client's masking keys come from (RFC 6455 §5.3: "a fresh masking key", "derived from a strong
 * source of entropy", unpredictable to the application).
 *
 * <p>Production code uses {@link #secure()}; tests inject {@link #fixed(int)} or a seeded
 * {@link #fromRandom(Random)} to get reproducible bytes. An instance is not required to be thread-safe:
 * give each connection its own.
 */
@FunctionalInterface
public interface MaskingKeySource {

    /**
     * The key for the next frame, first wire byte most significant.
     *
     * @return any 32-bit value; RFC 6455 §5.3 asks for a fresh, unpredictable one per frame
     */
    int nextKey();

    /**
     * Keys from {@link java.security.SecureRandom}, fetched 256 at a time: one {@code nextBytes} call fills
     * a 1 KiB buffer, so the cost of the strong generator is shared by many frames instead of paid per
     * frame. The keys are as unpredictable as the generator's output; buffering only changes when it is read.
     *
     * @return a new source for one connection; not thread-safe
     */
    static MaskingKeySource secure() {
        return new BufferedSecureMaskingKeys();
    }

    /**
     * Always the same key: for tests and for reproducing a documented example (never in production).
     *
     * @param key the 32-bit key every frame gets, first wire byte most significant
     * @return a source that repeats {@code key}
     */
    static MaskingKeySource fixed(int key) {
        return () -> key;
    }

    /**
     * Keys from a (seeded) {@link Random}: reproducible, for tests and property checks only.
     *
     * @param random the generator to draw from; the same seed gives the same keys
     * @return a source that takes one {@code nextInt()} per frame
     */
    static MaskingKeySource fromRandom(Random random) {
        return random::nextInt;
    }
}
