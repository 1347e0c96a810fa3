package dev.wslab.chat.auth;

/** Turns passwords into self-describing hashes and checks passwords against them. */
public interface PasswordHasher {

    /** A new salted hash of {@code password}, with its parameters encoded in the string. */
    String hash(String password);

    /** Whether {@code password} matches {@code encodedHash}; takes the same time whether or not it does. */
    boolean matches(String password, String encodedHash);

    /**
     * A hash no password matches, at the cost of {@link #hash}: checked when a login names no account, so that
     * "no such user" takes as long as "wrong password".
     */
    default String decoy() {
        return hash(java.util.UUID.randomUUID().toString());
    }
}
