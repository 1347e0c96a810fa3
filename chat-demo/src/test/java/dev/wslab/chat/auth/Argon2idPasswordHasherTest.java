package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher hasher = Argon2idPasswordHasher.fastForTests();

    @Test
    void hashesInPhcFormatWithAFreshSaltEachTime() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");
        assertThat(first).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("correct horse", second)).isTrue();
        assertThat(hasher.matches("correct horsf", first)).isFalse();
    }

    @Test
    void readsTheCostFromTheStoredHash() {
        String strong = new Argon2idPasswordHasher(256, 2, 1).hash("pw-123456");
        assertThat(hasher.matches("pw-123456", strong)).isTrue();
    }

    @Test
    void refusesMalformedHashesWithoutThrowing() {
        assertThat(hasher.matches("x", "not a hash")).isFalse();
        assertThat(hasher.matches("x", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.matches("x", "$argon2id$v=19$m=zz,t=1,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.matches("x", "$argon2id$v=19$m=-5,t=1,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.matches("x", "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
    }

    @Test
    void theRecommendedCostIsOwaspsSevenMiBFivePassSetting() {
        // A hash holds its whole memory cost on the heap while it runs: 7 MiB, not 19, in a 96 MiB heap.
        assertThat(Argon2idPasswordHasher.recommended().hash("correct horse battery"))
                .startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
    }

    @Test
    void hashesShareAMemoryBudgetAndOneThatWaitsTooLongIsRefused() throws Exception {
        Argon2idPasswordHasher bounded = new Argon2idPasswordHasher(64, 1, 1, 128, Duration.ofMillis(200));
        String stored = bounded.hash("pw-123456");
        try (AutoCloseable twoHashesInProgress = bounded.hold(128)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> bounded.hash("pw-123456")).isInstanceOf(HashingBusyException.class)
                    .hasMessageContaining("try again");
            assertThatThrownBy(() -> bounded.matches("pw-123456", stored)).isInstanceOf(HashingBusyException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
        try (AutoCloseable oneHashInProgress = bounded.hold(64)) {
            assertThat(bounded.matches("pw-123456", stored)).isTrue(); // the other half of the budget
        }
        assertThat(bounded.freeBudgetKiB()).isEqualTo(128); // every hash gave its memory back
    }

    @Test
    void aStoredCostAboveTheWholeBudgetStillRunsAlone() {
        Argon2idPasswordHasher small = new Argon2idPasswordHasher(64, 1, 1, 64, Duration.ofMillis(200));
        String costly = new Argon2idPasswordHasher(256, 1, 1).hash("pw-123456");
        assertThat(small.matches("pw-123456", costly)).isTrue();
        assertThat(small.freeBudgetKiB()).isEqualTo(64);
    }

    @Test
    void theDecoyCostsAFullCheckYetNoPasswordMatchesIt() throws Exception {
        Argon2idPasswordHasher bounded = new Argon2idPasswordHasher(64, 1, 1, 64, Duration.ofMillis(200));
        String decoy;
        try (AutoCloseable budgetFull = bounded.hold(64)) {
            decoy = bounded.decoy(); // made without a derivation: it needs no memory from the budget
            assertThatThrownBy(() -> bounded.matches("anything", decoy)).isInstanceOf(HashingBusyException.class);
        }
        assertThat(decoy).startsWith("$argon2id$v=19$m=64,t=1,p=1$").isNotEqualTo(bounded.decoy());
        assertThat(bounded.matches("anything", decoy)).isFalse(); // a checked derivation, compared with random bytes
        assertThat(bounded.matches("", decoy)).isFalse();
    }

    @Test
    void refusesNonsenseParameters() {
        assertThatThrownBy(() -> new Argon2idPasswordHasher(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2idPasswordHasher(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
