package dev.wslab.chat.auth;

import java.util.Optional;

/**
 * Where accounts are kept. The demo uses {@link InMemoryAccountStore}; a database-backed store would
 * implement the same two calls. Implementations must be thread-safe.
 */
public interface AccountStore {

    /** The account with exactly this name, if any. */
    Optional<Account> findByName(String name);

    /**
     * Adds an account unless its name is taken.
     *
     * @return {@code false} if an account with the same name already exists (nothing changed)
     */
    boolean add(Account account);
}
