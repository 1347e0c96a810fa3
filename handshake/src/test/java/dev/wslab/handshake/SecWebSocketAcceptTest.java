package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SecWebSocketAcceptTest {

    @ParameterizedTest(name = "{0} -> {1} with {2}")
    @CsvSource({
            // RFC 6455 §1.3 sample nonce
            "dGhlIHNhbXBsZSBub25jZQ==, s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, JDK",
            "dGhlIHNhbXBsZSBub25jZQ==, s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, BOUNCY_CASTLE",
            // the project's seed example
            "x3JJHMbDL1EzLkh9GBhXDw==, HSmrc0sMlYUkAGmm5OPpG2HaGWk=, JDK",
            "x3JJHMbDL1EzLkh9GBhXDw==, HSmrc0sMlYUkAGmm5OPpG2HaGWk=, BOUNCY_CASTLE",
    })
    void computes_the_test_vectors_with_each_sha1_provider(String key, String accept, Sha1Provider provider) {
        assertThat(SecWebSocketAccept.of(key, provider)).isEqualTo(accept);
    }

    @Test
    void uses_the_jdk_sha1_by_default() {
        assertThat(SecWebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void appends_the_rfc_guid_to_the_key_text_not_to_its_decoded_bytes() {
        assertThat(new String(SecWebSocketAccept.keyWithGuid("dGhlIHNhbXBsZSBub25jZQ=="), StandardCharsets.US_ASCII))
                .isEqualTo("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    }

    @ParameterizedTest
    @EnumSource(Sha1Provider.class)
    void both_providers_are_available_in_tests_and_give_20_byte_digests(Sha1Provider provider) {
        assertThat(provider.isAvailable()).isTrue();
        assertThat(provider.digest(new byte[0])).hasSize(20);
    }

    @Test
    void matches_only_the_right_accept() {
        assertThat(SecWebSocketAccept.matches("x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")).isTrue();
        assertThat(SecWebSocketAccept.matches("x3JJHMbDL1EzLkh9GBhXDw==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")).isFalse();
        assertThat(SecWebSocketAccept.matches("x3JJHMbDL1EzLkh9GBhXDw==", null)).isFalse();
    }
}
