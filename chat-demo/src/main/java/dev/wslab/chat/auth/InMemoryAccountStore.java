package dev.wslab.chat.auth;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Accounts in a map, gone when the process ends: enough for a demo, nothing to install. */
public final class InMemoryAccountStore implements AccountStore {

    private final ConcurrentMap<String, Account> byName = new ConcurrentHashMap<>();

    @Override
    public Optional<Account> findByName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public boolean add(Account account) {
        return byName.putIfAbsent(account.name(), account) == null;
    }
}
