package dev.wslab.chat.auth;

import dev.wslab.chat.rooms.User;
import java.time.Instant;

/** The verdict on a presented token. */
public sealed interface TokenCheck {

    /** The token is genuine and current: it names {@code user} and is good until {@code expiresAt}. */
    record Valid(User user, Instant expiresAt) implements TokenCheck {}

    /**
     * The token must be refused. {@code description} says why in plain words; it goes into the
     * {@code error_description} of the 401's {@code WWW-Authenticate} header (RFC 6750 §3) and the log.
     */
    record Invalid(String description) implements TokenCheck {}
}
