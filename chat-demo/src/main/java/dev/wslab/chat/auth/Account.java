package dev.wslab.chat.auth;

import dev.wslab.chat.rooms.User;
import java.time.Instant;
import java.util.Objects;

/**
 * A registered account. {@code passwordHash} is an encoded Argon2id hash, never the password.
 * {@code createdAt} (whole milliseconds) tells a re-created account from the one that had its name
 * before: tokens carry it, and a token whose account was deleted or re-created is refused.
 */
public record Account(String id, String name, String passwordHash, Instant createdAt) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The account as the chat sees its owner. */
    public User user() {
        return new User(id, name);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", name=" + name + ", createdAt=" + createdAt + "]"; // no hash in logs
    }
}
