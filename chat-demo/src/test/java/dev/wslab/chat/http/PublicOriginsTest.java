package dev.wslab.chat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicOriginsTest {

    private static final PublicOrigins DEFAULTS = PublicOrigins.of(List.of(), "127.0.0.1", false, List.of());

    @Test
    void theBoundAddressAndLocalhostOnTheBoundPort() {
        assertThat(DEFAULTS.allowsHost("127.0.0.1:8080", 8080)).isTrue();
        assertThat(DEFAULTS.allowsHost("LocalHost:8080", 8080)).isTrue();
        assertThat(DEFAULTS.allowsHost("127.0.0.1:8081", 8080)).isFalse();
        assertThat(DEFAULTS.allowsHost("127.0.0.1", 8080)).as("no port means 80").isFalse();
        assertThat(DEFAULTS.allowsHost("evil.example:8080", 8080)).isFalse();
        assertThat(DEFAULTS.allowsHost("127.0.0.1:8080@evil", 8080)).isFalse();
        assertThat(DEFAULTS.allowsHost(null, 8080)).isFalse();
    }

    @Test
    void originsCompareSchemeHostAndPort() {
        assertThat(DEFAULTS.allowsOrigin(Optional.empty(), 8080)).isTrue();
        assertThat(DEFAULTS.allowsOrigin(Optional.of("http://127.0.0.1:8080"), 8080)).isTrue();
        assertThat(DEFAULTS.allowsOrigin(Optional.of("http://localhost:8080"), 8080)).isTrue();
        assertThat(DEFAULTS.allowsOrigin(Optional.of("https://127.0.0.1:8080"), 8080)).isFalse();
        assertThat(DEFAULTS.allowsOrigin(Optional.of("http://127.0.0.1:8081"), 8080)).isFalse();
        assertThat(DEFAULTS.allowsOrigin(Optional.of("null"), 8080)).isFalse();
        assertThat(DEFAULTS.allowsOrigin(Optional.of("http://127.0.0.1:8080/path"), 8080)).isFalse();
    }

    @Test
    void configuredNamesWithSchemesPortsAndAnyPort() {
        PublicOrigins proxied = PublicOrigins.of(List.of("https://chat.example.com", "[::1]", "127.0.0.1:*"), "127.0.0.1",
                false, List.of("http://tools.example:3000"));
        assertThat(proxied.allowsHost("chat.example.com", 8080)).as("https default port is 443, not 80").isFalse();
        assertThat(proxied.allowsHost("chat.example.com:8080", 8080)).isTrue();
        assertThat(proxied.allowsOrigin(Optional.of("https://chat.example.com:8080"), 8080)).isTrue();
        assertThat(proxied.allowsOrigin(Optional.of("http://chat.example.com:8080"), 8080)).isFalse();
        assertThat(proxied.allowsHost("[::1]:8080", 8080)).isTrue();
        assertThat(proxied.allowsHost("127.0.0.1:40000", 8080)).isTrue();
        assertThat(proxied.allowsOrigin(Optional.of("http://tools.example:3000"), 8080)).isTrue();
        assertThat(proxied.allowsHost("localhost:8080", 8080)).as("configured names replace the defaults").isFalse();
        assertThatThrownBy(() -> PublicOrigins.of(List.of("ftp://x"), "127.0.0.1", false, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicOrigins.of(List.of("x/y"), "127.0.0.1", false, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
