package dev.wslab.chat.rooms;

import java.util.Objects;

/**
 * An authenticated user as the chat application knows it: the account id (the token's {@code sub})
 * and the display name (the token's {@code name}). The application never sees a user that failed
 * authentication: transports create a {@code User} only from a verified token.
 */
public record User(String id, String name) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
