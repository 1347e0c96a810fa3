package dev.wslab.chat.auth;

import java.util.Optional;

/**
 * Where accounts are kept: an embedded database for one node
 * ({@link dev.wslab.chat.storage.JdbcAccountStore}), Redis for many. Names are looked up by
 * {@link AccountNames#key}, so lookups and uniqueness ignore case and Unicode normal form.
 * Implementations must be thread-safe.
 */
public interface AccountStore {

    /** The account whose name has the same {@link AccountNames#key} as {@code name}, if any. */
    Optional<Account> findByName(String name);

    /** The account with this id, if it exists. */
    Optional<Account> findById(String id);

    /**
     * Adds an account unless its name is taken.
     *
     * @return {@code false} if an account with the same name key already exists (nothing changed)
     */
    boolean add(Account account);

    /**
     * Deletes the account with this id.
     *
     * @return {@code false} if there was no such account
     */
    boolean delete(String id);
}
