package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";

    @Test
    void removesTokensWhereverTheyAppear() {
        assertThat(Redactor.redact("Sec-WebSocket-Protocol: wslab.chat.v1, bearer." + JWT))
                .isEqualTo("Sec-WebSocket-Protocol: wslab.chat.v1, bearer.[redacted]");
        assertThat(Redactor.redact("Authorization: Bearer " + JWT)).isEqualTo("Authorization: Bearer [redacted]");
        assertThat(Redactor.redact("GET /ws?room=a&token=" + JWT + "&x=1 HTTP/1.1"))
                .isEqualTo("GET /ws?room=a&token=[redacted]&x=1 HTTP/1.1");
        assertThat(Redactor.redact("name " + JWT)).isEqualTo("name [redacted]");
        assertThat(Redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
        assertThat(Redactor.redact(null)).isNull();
        // Placeholders in help texts are not tokens and stay readable.
        assertThat(Redactor.redact("send 'bearer.<token>' or 'Authorization: Bearer <token>'"))
                .isEqualTo("send 'bearer.<token>' or 'Authorization: Bearer <token>'");
    }
}
