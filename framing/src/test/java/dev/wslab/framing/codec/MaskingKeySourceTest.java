package dev.wslab.framing.codec;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingKeySourceTest {

    /** Counts how often the strong generator is asked for bytes. */
    private static final class CountingSecureRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        int calls;

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            calls++;
            super.nextBytes(bytes);
        }
    }

    @Test
    void secureKeysAreFetchedInBatchesNotOneCallPerFrame() {
        CountingSecureRandom random = new CountingSecureRandom();
        BufferedSecureMaskingKeys keys = new BufferedSecureMaskingKeys(random);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(keys.nextKey());
        }
        assertThat(random.calls).as("1000 keys, 256 per fill").isEqualTo(4);
        assertThat(seen.size()).as("keys look random (a collision among 1000 32-bit keys is rare)").isGreaterThan(995);
    }

    @Test
    void productionSourceGivesVaryingKeys() {
        MaskingKeySource keys = MaskingKeySource.secure();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            seen.add(keys.nextKey());
        }
        assertThat(seen.size()).isGreaterThan(590);
    }

    @Test
    void testSourcesAreReproducible() {
        assertThat(MaskingKeySource.fixed(42).nextKey()).isEqualTo(42);
        assertThat(MaskingKeySource.fromRandom(new Random(7)).nextKey())
                .isEqualTo(MaskingKeySource.fromRandom(new Random(7)).nextKey());
    }
}
