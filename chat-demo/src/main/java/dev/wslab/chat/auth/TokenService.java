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
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import dev.wslab.chat.rooms.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Issues and verifies the chat's JSON Web Tokens (RFC 7519), HS256-signed with {@code com.auth0:java-jwt}.
 *
 * <p>A token carries {@code sub} (account id), {@code name}, {@code created} (the account's creation
 * time in epoch milliseconds, so a token outlives neither its account nor a re-creation under the
 * same name: the authenticator checks it against the account store), {@code iss}, {@code aud},
 * {@code iat} and {@code exp}. A token without {@code created} was minted by another service with the
 * same key (a gateway) and is bound to no account here; the chat's own login always writes it. Verification pins the algorithm to HS256, so a token whose header says
 * {@code "alg":"none"} or any other algorithm is refused before its signature is even looked at
 * (the classic JWT downgrade, RFC 8725 §2.1 and §3.1); it then checks the signature, expiry, issuer,
 * audience and the presence of every claim the chat needs.
 *
 * <p>Which issuer and audience are required, and which claim names the user, are {@link JwtClaims}:
 * with neither issuer nor audience, a token minted by another service with the same key (the seed's
 * NestJS gateway: {@code {sub, name, iat, exp}}) is accepted. A token without the name claim is named
 * by its {@code sub}.
 */
public final class TokenService {

    /** Default issuer and audience of the chat's tokens. */
    public static final String DEFAULT_ISSUER = "wslab";
    public static final String DEFAULT_AUDIENCE = "wslab-chat";
    /** The claim binding a token to one creation of its account (epoch milliseconds). */
    static final String CREATED_CLAIM = "created";

    private final Algorithm algorithm;
    private final JwtClaims claims;
    private final Duration lifetime;
    private final Clock clock;
    private final JWTVerifier verifier;

    public TokenService(JwtSecret secret, Duration lifetime, Clock clock) {
        this(secret, JwtClaims.DEFAULTS, lifetime, clock);
    }

    public TokenService(JwtSecret secret, String issuer, String audience, Duration lifetime, Clock clock) {
        this(secret, new JwtClaims(Optional.of(issuer), Optional.of(audience), "name"), lifetime, clock);
    }

    public TokenService(JwtSecret secret, JwtClaims claims, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        this.algorithm = Algorithm.HMAC256(secret.bytes());
        this.claims = claims;
        this.lifetime = lifetime;
        this.clock = clock;
        // JWT.require(algorithm) pins HS256: the header's alg must match before anything else is read.
        Verification rules = JWT.require(algorithm)
                .withClaimPresence("sub")
                .withClaimPresence("exp");
        claims.issuer().ifPresent(rules::withIssuer);
        claims.audience().ifPresent(rules::withAudience);
        this.verifier = ((JWTVerifier.BaseVerification) rules).build(clock);
    }

    /** How long a new token is valid. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Signs a token for {@code account}, valid for {@link #lifetime()} from now. */
    public IssuedToken issue(Account account) {
        return issue(account.user(), account.createdAt());
    }

    /**
     * Signs a token for {@code user}, whose account was created at {@code accountCreated}, valid for
     * {@link #lifetime()} from now.
     */
    public IssuedToken issue(User user, Instant accountCreated) {
        return issue(user, Optional.of(accountCreated));
    }

    /**
     * Signs a token bound to no account of this chat, as another service with the same key (a gateway)
     * mints them; for tests of such tokens. The chat's own login always binds ({@link #issue(Account)}).
     */
    public IssuedToken issue(User user) {
        return issue(user, Optional.empty());
    }

    private IssuedToken issue(User user, Optional<Instant> accountCreated) {
        // JWT times are whole seconds (RFC 7519 §2 NumericDate); truncate so expiresAt matches the claim.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        JWTCreator.Builder token = JWT.create()
                .withSubject(user.id())
                .withClaim(claims.nameClaim(), user.name())
                .withIssuedAt(now)
                .withExpiresAt(expiresAt);
        accountCreated.ifPresent(created -> token.withClaim(CREATED_CLAIM, created.toEpochMilli()));
        claims.issuer().ifPresent(token::withIssuer);
        claims.audience().ifPresent(token::withAudience);
        return new IssuedToken(token.sign(algorithm), expiresAt);
    }

    /** Checks a presented token and explains any refusal. Never throws for bad input. */
    public TokenCheck verify(String token) {
        if (token == null || token.isBlank()) {
            return new TokenCheck.Invalid("no token was presented");
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            String subject = jwt.getSubject();
            if (subject == null || subject.isBlank()) {
                return new TokenCheck.Invalid("the token's 'sub' must be a non-empty string");
            }
            Claim nameClaim = jwt.getClaim(claims.nameClaim());
            String name = nameClaim.isMissing() || nameClaim.isNull() ? subject : nameClaim.asString();
            if (name == null || name.isBlank()) {
                return new TokenCheck.Invalid("the token's '" + claims.nameClaim() + "' claim must be a non-empty string");
            }
            Claim created = jwt.getClaim(CREATED_CLAIM);
            if (created.isMissing() || created.isNull()) {
                // Minted by another service with our key (a gateway): not bound to an account here.
                return new TokenCheck.Valid(new User(subject, name), Optional.empty(), jwt.getExpiresAtAsInstant());
            }
            if (created.asLong() == null) {
                return new TokenCheck.Invalid("the token's '" + CREATED_CLAIM + "' claim must be a number (epoch milliseconds)");
            }
            return new TokenCheck.Valid(new User(subject, name), Optional.of(Instant.ofEpochMilli(created.asLong())),
                    jwt.getExpiresAtAsInstant());
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
                return "audience '" + claims.audience().orElse("") + "'";
            case "iss":
                return "issuer '" + claims.issuer().orElse("") + "'";
            default:
                return "a valid value";
        }
    }
}
