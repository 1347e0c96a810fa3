package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SecWebSocketKeyTest {

    @Test
    void generates_24_characters_of_base64_for_16_random_bytes() {
        String key = SecWebSocketKey.generate();
        assertThat(key).hasSize(24).endsWith("==");
        assertThat(SecWebSocketKey.isValid(key)).isTrue();
        assertThat(SecWebSocketKey.decode(key)).get().satisfies(b -> assertThat(b).hasSize(16));
    }

    @Test
    void generates_a_new_key_for_every_connection() {
        // RFC 6455 §4.1 item 7: randomly selected for each connection.
        assertThat(SecWebSocketKey.generate()).isNotEqualTo(SecWebSocketKey.generate());
    }

    @Test
    void a_seeded_random_gives_a_reproducible_key_for_tests() {
        assertThat(SecWebSocketKey.generate(new Random(42))).isEqualTo(SecWebSocketKey.generate(new Random(42)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dGhlIHNhbXBsZSBub25jZQ==", "x3JJHMbDL1EzLkh9GBhXDw==", "AAAAAAAAAAAAAAAAAAAAAA=="})
    void accepts_base64_of_exactly_16_bytes(String key) {
        assertThat(SecWebSocketKey.isValid(key)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "dGhlIHNhbXBsZSBub25jZQ",      // 16 bytes but unpadded: not 24 characters
            "dGhlIHNhbXBsZSBub25jZQ=",     // broken padding
            "AAAAAAAAAAAAAAAAAAAAAAA=",    // 17 bytes
            "AAAAAAAAAAAAAAAAAAAA",        // 15 bytes
            "x3JJHMbDL1EzLkh9GBhXD*==",    // not base64
            "x3JJHMbDL1EzLkh9GBhX-_==",    // URL-safe alphabet is not the base64 of RFC 4648 §4
            " x3JJHMbDL1EzLkh9GBhXDw=",    // leading space inside the value
    })
    void rejects_anything_that_is_not_base64_of_16_bytes(String key) {
        assertThat(SecWebSocketKey.isValid(key)).isFalse();
    }
}
