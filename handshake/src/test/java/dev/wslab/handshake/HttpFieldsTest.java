package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpFieldsTest {
    private final HttpFields fields = HttpFields.of()
            .with("Connection", "keep-alive, Upgrade")
            .with("Sec-WebSocket-Protocol", "chat")
            .with("sec-websocket-protocol", " superchat ,, v2")
            .with("Host", "example.com");

    @Test
    void looks_names_up_ignoring_case() {
        assertThat(fields.first("HOST")).contains("example.com");
        assertThat(fields.first("host")).contains("example.com");
        assertThat(fields.first("Origin")).isEmpty();
        assertThat(fields.contains("CONNECTION")).isTrue();
    }

    @Test
    void keeps_repeated_lines_in_order() {
        assertThat(fields.values("SEC-WEBSOCKET-PROTOCOL")).containsExactly("chat", "superchat ,, v2");
        assertThat(fields.count("Sec-WebSocket-Protocol")).isEqualTo(2);
        assertThat(fields.all()).extracting(HttpFields.Field::name)
                .containsExactly("Connection", "Sec-WebSocket-Protocol", "sec-websocket-protocol", "Host");
    }

    @Test
    void combines_repeated_lines_with_commas() {
        assertThat(fields.combined("Sec-WebSocket-Protocol")).contains("chat, superchat ,, v2");
        assertThat(fields.combined("Origin")).isEmpty();
    }

    @Test
    void splits_token_lists_across_lines_trimming_and_dropping_empty_elements() {
        assertThat(fields.tokens("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat", "v2");
        assertThat(fields.tokens("Connection")).containsExactly("keep-alive", "Upgrade");
    }

    @Test
    void finds_tokens_ignoring_case() {
        assertThat(fields.hasToken("connection", "UPGRADE")).isTrue();
        assertThat(fields.hasToken("Connection", "close")).isFalse();
        assertThat(fields.hasToken("Upgrade", "websocket")).isFalse();
    }

    @Test
    void is_immutable_with_returns_a_copy() {
        HttpFields more = fields.with("Origin", "http://example.com");
        assertThat(fields.contains("Origin")).isFalse();
        assertThat(more.first("origin")).contains("http://example.com");
        assertThat(more.without("ORIGIN")).isEqualTo(fields);
    }

    @Test
    void refuses_values_that_would_split_the_message() {
        assertThatThrownBy(() -> HttpFields.of().with("X", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpFields.of().with("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builder_collects_in_order() {
        HttpFields built = HttpFields.builder().add("A", "1").add("B", "2").add("a", "3").build();
        assertThat(built.values("A")).containsExactly("1", "3");
        assertThat(built.toString()).isEqualTo("A: 1\r\nB: 2\r\na: 3\r\n");
    }
}
