package dev.wslab.chat.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: every 429 carries {@code Retry-After}. The helper that writes JSON refuses a 429 without one,
 * so a new "too many" refusal cannot forget it (the attack suite checks the value of each one).
 */
class JsonHttpTest {

    @Test
    void a429WithoutRetryAfterIsAProgrammingError() {
        HttpServerExchange exchange = new HttpServerExchange(null);
        assertThatThrownBy(() -> JsonHttp.sendError(exchange, 429, "too_many", "no retry hint"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sendTooMany");
    }
}
