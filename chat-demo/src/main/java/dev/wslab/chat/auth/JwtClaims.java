package dev.wslab.chat.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which claims a token must carry to be accepted, so that tokens minted by another issuer work too
 * (the seed's NestJS gateway signs {@code {sub, name}} with HS256 and {@code JWT_SECRET_KEY}, and
 * sets no {@code iss} or {@code aud}). The algorithm is not a setting: it stays HS256.
 *
 * @param issuer    the required {@code iss} (RFC 7519 §4.1.1), or empty to neither require nor write one
 * @param audience  the required {@code aud} (RFC 7519 §4.1.3), or empty to neither require nor write one
 * @param nameClaim the claim holding the display name; a token without it is named by its {@code sub}
 */
public record JwtClaims(Optional<String> issuer, Optional<String> audience, String nameClaim) {

    /** What {@code /api/login} issues and the server expects by default. */
    public static final JwtClaims DEFAULTS = new JwtClaims(Optional.of(TokenService.DEFAULT_ISSUER),
            Optional.of(TokenService.DEFAULT_AUDIENCE), "name");

    /** The word that turns the issuer or audience check off on the command line. */
    public static final String NONE = "none";

    public JwtClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        if (issuer.filter(String::isBlank).isPresent() || audience.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("a JWT issuer or audience is a non-empty string, or 'none'");
        }
        if (nameClaim == null || nameClaim.isBlank()) {
            throw new IllegalArgumentException("the JWT name claim must be a non-empty claim name");
        }
    }

    /** Reads a command-line value: {@code none} (any case) means "no such check". */
    public static Optional<String> optional(String value) {
        if (value == null || value.trim().toLowerCase(Locale.ROOT).equals(NONE)) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }
}
