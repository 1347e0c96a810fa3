package dev.wslab.chat.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.wslab.chat.rooms.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Issues and verifies the chat's JSON Web Tokens (RFC 7519), HS256-signed with {@code com.auth0:java-jwt}.
 *
 * <p>A token carries {@code sub} (account id), {@code name}, {@code iss}, {@code aud}, {@code iat}
 * and {@code exp}. Verification pins the algorithm to HS256, so a token whose header says
 * {@code "alg":"none"} or any other algorithm is refused before its signature is even looked at
 * (the classic JWT downgrade, RFC 8725 §2.1 and §3.1); it then checks the signature, expiry, issuer,
 * audience and the presence of every claim the chat needs.
 */
public final class TokenService {

    /** Default issuer and audience of the chat's tokens. */
    public static final String DEFAULT_ISSUER = "wslab";
    public static final String DEFAULT_AUDIENCE = "wslab-chat";

    private final Algorithm algorithm;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final JWTVerifier verifier;

    public TokenService(JwtSecret secret, Duration lifetime, Clock clock) {
        this(secret, DEFAULT_ISSUER, DEFAULT_AUDIENCE, lifetime, clock);
    }

    public TokenService(JwtSecret secret, String issuer, String audience, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        this.algorithm = Algorithm.HMAC256(secret.bytes());
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withIssuer(issuer)
                .withAudience(audience)
                .withClaimPresence("sub")
                .withClaimPresence("name")
                .withClaimPresence("exp"))
                .build(clock);
    }

    /** How long a new token is valid. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Signs a token for {@code user}, valid for {@link #lifetime()} from now. */
    public IssuedToken issue(User user) {
        // JWT times are whole seconds (RFC 7519 §2 NumericDate); truncate so expiresAt matches the claim.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        String token = JWT.create()
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(user.id())
                .withClaim("name", user.name())
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .sign(algorithm);
        return new IssuedToken(token, expiresAt);
    }

    /** Checks a presented token and explains any refusal. Never throws for bad input. */
    public TokenCheck verify(String token) {
        if (token == null || token.isBlank()) {
            return new TokenCheck.Invalid("no token was presented");
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            String subject = jwt.getSubject();
            String name = jwt.getClaim("name").asString();
            if (subject == null || subject.isBlank() || name == null || name.isBlank()) {
                return new TokenCheck.Invalid("the token's 'sub' and 'name' must be non-empty strings");
            }
            return new TokenCheck.Valid(new User(subject, name), jwt.getExpiresAtAsInstant());
        } catch (AlgorithmMismatchException e) {
            return new TokenCheck.Invalid("the token is not signed with HS256 (alg 'none' and other algorithms are refused)");
        } catch (SignatureVerificationException e) {
            return new TokenCheck.Invalid("the token's signature does not match: it was altered or signed with another key");
        } catch (TokenExpiredException e) {
            return new TokenCheck.Invalid("the token expired at " + e.getExpiredOn());
        } catch (MissingClaimException e) {
            return new TokenCheck.Invalid("the token has no '" + e.getClaimName() + "' claim");
        } catch (IncorrectClaimException e) {
            return new TokenCheck.Invalid("the token's '" + e.getClaimName() + "' claim is wrong (expected "
                    + expected(e.getClaimName()) + ")");
        } catch (JWTDecodeException e) {
            return new TokenCheck.Invalid("the token is not a well-formed JWT (three Base64url parts: header.payload.signature)");
        } catch (JWTVerificationException e) {
            return new TokenCheck.Invalid("the token was refused: " + e.getClass().getSimpleName());
        }
    }

    private String expected(String claim) {
        switch (claim) {
            case "aud":
                return "audience '" + audience + "'";
            case "iss":
                return "issuer '" + issuer + "'";
            default:
                return "a valid value";
        }
    }
}
