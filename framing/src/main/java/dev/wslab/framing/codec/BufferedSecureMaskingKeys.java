package dev.wslab.framing.codec;

import java.security.SecureRandom;

/** Masking keys read from a shared {@link SecureRandom} in batches of 256; see {@link MaskingKeySource#secure()}. */
final class BufferedSecureMaskingKeys implements MaskingKeySource {

    private static final int KEYS_PER_FILL = 256;
    /** SecureRandom is thread-safe; sharing it spares every connection the cost of seeding its own. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecureRandom random;
    private final byte[] buffer = new byte[KEYS_PER_FILL * 4];
    private int next = buffer.length;

    BufferedSecureMaskingKeys() {
        this(RANDOM);
    }

    /** For tests: count how often the generator is asked. */
    BufferedSecureMaskingKeys(SecureRandom random) {
        this.random = random;
    }

    @Override
    public int nextKey() {
        if (next == buffer.length) {
            random.nextBytes(buffer);
            next = 0;
        }
        int key = ((buffer[next] & 0xFF) << 24) | ((buffer[next + 1] & 0xFF) << 16)
                | ((buffer[next + 2] & 0xFF) << 8) | (buffer[next + 3] & 0xFF);
        next += 4;
        return key;
    }
}
