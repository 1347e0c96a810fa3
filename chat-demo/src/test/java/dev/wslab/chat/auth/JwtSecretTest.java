package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtSecretTest {

    @Test
    void refusesSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> JwtSecret.of("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JWT_SECRET_KEY").hasMessageContaining("32");
        assertThatThrownBy(() -> JwtSecret.fromEnvironment(Map.of("JWT_SECRET_KEY", "x".repeat(31))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheEnvironmentOrGeneratesOne() {
        assertThat(JwtSecret.fromEnvironment(Map.of("JWT_SECRET_KEY", "x".repeat(32))).generated()).isFalse();
        JwtSecret generated = JwtSecret.fromEnvironment(Map.of());
        assertThat(generated.generated()).isTrue();
        assertThat(generated.bytes()).hasSize(32);
        assertThat(generated.toString()).doesNotContain(new String(generated.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
