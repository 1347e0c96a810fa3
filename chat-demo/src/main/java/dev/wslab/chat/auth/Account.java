package dev.wslab.chat.auth;

import dev.wslab.chat.rooms.User;

/** A registered account. {@code passwordHash} is an encoded Argon2id hash, never the password. */
public record Account(String id, String name, String passwordHash) {

    /** The account as the chat sees its owner. */
    public User user() {
        return new User(id, name);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", name=" + name + "]"; // no hash in logs
    }
}
