package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.wslab.chat.rooms.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenService tokens = new TokenService(JwtSecret.of(SECRET), Duration.ofMinutes(10), clock);
    private final User ada = new User("id-1", "ada");
    private static final Instant CREATED = Instant.parse("2026-11-01T12:00:00.123Z");

    @Test
    void issuesATokenThatVerifiesToTheSameUser() {
        IssuedToken issued = tokens.issue(ada, CREATED);
        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(tokens.verify(issued.token())).isEqualTo(new TokenCheck.Valid(ada, Optional.of(CREATED), issued.expiresAt()));
        assertThat(JWT.decode(issued.token()).getAlgorithm()).isEqualTo("HS256");
        assertThat(JWT.decode(issued.token()).getAudience()).containsExactly("wslab-chat");
        assertThat(JWT.decode(issued.token()).getIssuer()).isEqualTo("wslab");
    }

    @Test
    void refusesMissingAndMalformedTokens() {
        assertThat(reason(null)).contains("no token");
        assertThat(reason("")).contains("no token");
        assertThat(reason("not-a-jwt")).contains("well-formed");
        assertThat(reason("a.b.c")).contains("well-formed");
    }

    @Test
    void refusesATamperedToken() {
        String token = tokens.issue(ada, CREATED).token();
        String[] parts = token.split("\\.");
        String forgedPayload = base64("{\"sub\":\"id-1\",\"name\":\"admin\",\"iss\":\"wslab\",\"aud\":\"wslab-chat\",\"exp\":"
                + NOW.plusSeconds(600).getEpochSecond() + "}");
        assertThat(reason(parts[0] + "." + forgedPayload + "." + parts[2])).contains("signature");
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        TokenService other = new TokenService(JwtSecret.of("another-secret-of-at-least-32-bytes!!"), Duration.ofMinutes(10), clock);
        assertThat(reason(other.issue(ada, CREATED).token())).contains("signature");
    }

    @Test
    void refusesAnExpiredToken() {
        TokenService past = new TokenService(JwtSecret.of(SECRET), Duration.ofMinutes(1),
                Clock.fixed(NOW.minus(Duration.ofMinutes(2)), ZoneOffset.UTC));
        assertThat(reason(past.issue(ada, CREATED).token())).contains("expired");
    }

    @Test
    void refusesAlgNone() {
        String token = JWT.create().withSubject("id-1").withClaim("name", "ada").withIssuer("wslab")
                .withAudience("wslab-chat").withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.none());
        assertThat(token).endsWith(".");
        assertThat(reason(token)).contains("HS256");
    }

    @Test
    void refusesAnotherAlgorithmEvenWithTheRightKey() {
        String token = JWT.create().withSubject("id-1").withClaim("name", "ada").withIssuer("wslab")
                .withAudience("wslab-chat").withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.HMAC384(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(reason(token)).contains("HS256");
    }

    @Test
    void refusesAWrongAudienceOrIssuer() {
        TokenService elsewhere = new TokenService(JwtSecret.of(SECRET), "wslab", "another-app", Duration.ofMinutes(10), clock);
        assertThat(reason(elsewhere.issue(ada, CREATED).token())).contains("'aud'").contains("wslab-chat");
        TokenService stranger = new TokenService(JwtSecret.of(SECRET), "someone", "wslab-chat", Duration.ofMinutes(10), clock);
        assertThat(reason(stranger.issue(ada, CREATED).token())).contains("'iss'");
    }

    @Test
    void aTokenWithoutANameIsNamedByItsSubject() {
        String token = JWT.create().withSubject("id-1").withIssuer("wslab").withAudience("wslab-chat")
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(tokens.verify(token)).isEqualTo(new TokenCheck.Valid(new User("id-1", "id-1"), NOW.plusSeconds(60)));
        String blankName = JWT.create().withSubject("id-1").withClaim("name", " ").withIssuer("wslab").withAudience("wslab-chat")
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(reason(blankName)).contains("'name'");
    }

    /** The seed's NestJS gateway: {@code jwtService.sign({sub, name})} with HS256 and JWT_SECRET_KEY, no iss or aud. */
    @Test
    void acceptsATokenMintedAsTheSeedsGatewayDoesWhenIssuerAndAudienceAreNone() {
        TokenService seed = new TokenService(JwtSecret.of(SECRET),
                new JwtClaims(JwtClaims.optional("none"), JwtClaims.optional("NONE"), "name"), Duration.ofMinutes(10), clock);
        String token = JWT.create().withSubject("42").withClaim("name", "ada").withIssuedAt(NOW)
                .withExpiresAt(NOW.plusSeconds(3600)).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(seed.verify(token)).isEqualTo(new TokenCheck.Valid(new User("42", "ada"), NOW.plusSeconds(3600)));
        // Our own issuer still refuses it: it names no issuer.
        assertThat(reason(token)).contains("'iss'");
        // And the seed-style server still refuses alg none and another algorithm with the same key.
        String none = JWT.create().withSubject("42").withClaim("name", "ada").withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.none());
        assertThat(((TokenCheck.Invalid) seed.verify(none)).description()).contains("HS256");
        String hs512 = JWT.create().withSubject("42").withClaim("name", "ada").withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.HMAC512(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(((TokenCheck.Invalid) seed.verify(hs512)).description()).contains("HS256");
        // Its own tokens carry neither claim.
        assertThat(JWT.decode(seed.issue(ada).token()).getIssuer()).isNull();
        assertThat(JWT.decode(seed.issue(ada).token()).getAudience()).isNull();
    }

    @Test
    void theNameMayComeFromAnotherClaim() {
        TokenService custom = new TokenService(JwtSecret.of(SECRET),
                new JwtClaims(java.util.Optional.empty(), java.util.Optional.empty(), "preferred_username"),
                Duration.ofMinutes(10), clock);
        String token = JWT.create().withSubject("7").withClaim("name", "ignored").withClaim("preferred_username", "bea")
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(custom.verify(token)).isEqualTo(new TokenCheck.Valid(new User("7", "bea"), NOW.plusSeconds(60)));
        assertThat(custom.verify(custom.issue(ada).token())).isEqualTo(new TokenCheck.Valid(ada, custom.issue(ada).expiresAt()));
    }

    @Test
    void refusesATokenWithoutExpiry() {
        String token = JWT.create().withSubject("id-1").withClaim("name", "ada").withIssuer("wslab").withAudience("wslab-chat")
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(reason(token)).contains("'exp'");
    }

    private String reason(String token) {
        TokenCheck check = tokens.verify(token);
        assertThat(check).isInstanceOf(TokenCheck.Invalid.class);
        return ((TokenCheck.Invalid) check).description();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
