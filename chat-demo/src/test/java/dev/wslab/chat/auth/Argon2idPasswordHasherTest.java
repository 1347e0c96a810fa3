package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    }

    @Test
    void refusesNonsenseParameters() {
        assertThatThrownBy(() -> new Argon2idPasswordHasher(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2idPasswordHasher(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
