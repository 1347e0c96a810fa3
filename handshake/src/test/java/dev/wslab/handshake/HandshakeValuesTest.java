package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The small value types: versions, limits, request and response heads, rejections. */
class HandshakeValuesTest {

    @Test
    void http_versions_parse_compare_and_print() {
        assertThat(HttpVersion.parse("HTTP/1.1")).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(HttpVersion.parse("HTTP/2.0").isAtLeast(HttpVersion.HTTP_1_1)).isTrue();
        assertThat(HttpVersion.HTTP_1_0.isAtLeast(HttpVersion.HTTP_1_1)).isFalse();
        assertThat(HttpVersion.HTTP_1_1).hasToString("HTTP/1.1");
        assertThatThrownBy(() -> HttpVersion.parse("HTTP/1.10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void head_limits_have_safe_defaults_and_must_be_positive() {
        assertThat(HeadLimits.DEFAULTS).isEqualTo(new HeadLimits(8192, 100, 4096));
        assertThatThrownBy(() -> new HeadLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_upgrade_request_from_another_http_stack_is_built_from_its_parts() {
        UpgradeRequest r = UpgradeRequest.of("GET", "/chat?room=a", "HTTP/1.1",
                HttpFields.of().with("Host", "localhost:8080"));
        assertThat(r.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(r.path()).isEqualTo("/chat");
        assertThat(r.query()).isEqualTo("room=a");
        assertThat(new String(r.toBytes(), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /chat?room=a HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
    }

    @Test
    void a_request_line_cannot_be_broken_by_its_parts() {
        assertThatThrownBy(() -> UpgradeRequest.of("GET", "/a b", "HTTP/1.1", HttpFields.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpgradeRequest.of("GET", "/a\r\nX: y", "HTTP/1.1", HttpFields.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpgradeRequest.of("G ET", "/", "HTTP/1.1", HttpFields.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_response_head_prints_its_status_line_and_fields() {
        UpgradeResponse r = UpgradeResponse.of(101, HttpFields.of().with("Upgrade", "websocket"));
        assertThat(new String(r.toBytes(), StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        assertThatThrownBy(() -> UpgradeResponse.of(42, HttpFields.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_rejection_needs_an_error_status() {
        assertThatThrownBy(() -> HandshakeDecision.Rejected.of(200, "ok", "none"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HandshakeDecision.Rejected.of(431, "too big", "RFC 6585 §5").reasonPhrase())
                .isEqualTo("Request Header Fields Too Large");
    }
}
