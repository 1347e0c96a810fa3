package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLocatorTest {

    private final TokenLocator strict = new TokenLocator(false);
    private final TokenLocator lenient = new TokenLocator(true);

    @Test
    void findsTheTokenInTheAuthorizationHeader() {
        assertThat(strict.locate("Bearer abc.def.ghi", List.of(), null))
                .isEqualTo(new TokenLocator.Found("abc.def.ghi", TokenLocator.Source.AUTHORIZATION_HEADER));
        assertThat(strict.locate("bearer   abc", List.of(), null))
                .isEqualTo(new TokenLocator.Found("abc", TokenLocator.Source.AUTHORIZATION_HEADER));
        assertThat(strict.locate("Basic YWRhOnB3", List.of(), null)).isInstanceOf(TokenLocator.Missing.class);
    }

    @Test
    void findsTheTokenOfferedAsASubprotocol() {
        assertThat(strict.locate(null, List.of("wslab.chat.v1, bearer.abc.def.ghi"), null))
                .isEqualTo(new TokenLocator.Found("abc.def.ghi", TokenLocator.Source.SUBPROTOCOL));
        assertThat(strict.locate(null, List.of("wslab.chat.v1", "bearer.xyz"), null))
                .isEqualTo(new TokenLocator.Found("xyz", TokenLocator.Source.SUBPROTOCOL));
        assertThat(strict.locate(null, List.of("wslab.chat.v1"), null)).isInstanceOf(TokenLocator.Missing.class);
    }

    @Test
    void takesTheQueryTokenOnlyWhenEnabled() {
        assertThat(lenient.locate(null, List.of(), "a=1&token=abc"))
                .isEqualTo(new TokenLocator.Found("abc", TokenLocator.Source.QUERY));
        assertThat(strict.locate(null, List.of(), "token=abc"))
                .isInstanceOfSatisfying(TokenLocator.Missing.class, m -> assertThat(m.description()).contains("query"));
        assertThat(strict.locate(null, List.of(), null))
                .isInstanceOfSatisfying(TokenLocator.Missing.class, m -> assertThat(m.description()).contains("no token"));
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(new TokenLocator.Found("secret.jwt.value", TokenLocator.Source.QUERY).toString()).doesNotContain("secret");
    }
}
