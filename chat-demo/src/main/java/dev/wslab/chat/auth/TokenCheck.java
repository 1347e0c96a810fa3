package dev.wslab.chat.auth;

import dev.wslab.chat.rooms.User;
import java.time.Instant;
import java.util.Optional;

/** The verdict on a presented token. */
public sealed interface TokenCheck {

    /**
     * The token is genuine and current: it names {@code user} and is good until {@code expiresAt}.
     * {@code accountCreated} is the creation time of the account it was issued for (the chat's own
     * tokens), or empty for a token minted by another service with the same key (bound to no account).
     */
    record Valid(User user, Optional<Instant> accountCreated, Instant expiresAt) implements TokenCheck {

        /** A valid token bound to no account of this chat. */
        public Valid(User user, Instant expiresAt) {
            this(user, Optional.empty(), expiresAt);
        }
    }

    /**
     * The token must be refused. {@code description} says why in plain words; it goes into the
     * {@code error_description} of the 401's {@code WWW-Authenticate} header (RFC 6750 §3) and the log.
     */
    record Invalid(String description) implements TokenCheck {}
}
