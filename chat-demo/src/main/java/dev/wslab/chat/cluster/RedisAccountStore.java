package dev.wslab.chat.cluster;

import dev.wslab.chat.auth.Account;
import dev.wslab.chat.auth.AccountNames;
import dev.wslab.chat.auth.AccountStore;
import dev.wslab.chat.storage.StorageException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accounts in Redis, shared by every node: a user registers on one node and logs in on another, and
 * a token from any node is checked against the same accounts. A name is claimed with {@code HSETNX}
 * on its {@link AccountNames#key}, inside one script with the account itself, so two nodes cannot give
 * the same name to two people.
 */
public final class RedisAccountStore implements AccountStore {

    /** KEYS: names hash, account hash. ARGV: name key, id, name, hash, created. 1 if added, 0 if the name is taken. */
    private static final String ADD = """
            if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
            redis.call('HSET', KEYS[2], 'name', ARGV[3], 'hash', ARGV[4], 'created', ARGV[5])
            return 1
            """;

    /** KEYS: names hash, account hash. ARGV: name key. 1 if deleted, 0 if there was no such account. */
    private static final String DELETE = """
            if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
            redis.call('DEL', KEYS[2])
            redis.call('HDEL', KEYS[1], ARGV[1])
            return 1
            """;

    private final io.lettuce.core.RedisClient client;
    private final RedisLink link;

    /** Accounts in the Redis at {@code redisUri}; connects on first use. */
    public RedisAccountStore(String redisUri, ClusterStats stats) {
        this.client = RedisLink.client(redisUri);
        this.link = new RedisLink(client, "accounts", java.time.Duration.ofSeconds(2), stats.roundTrips());
    }

    @Override
    public Optional<Account> findByName(String name) {
        return run(sync -> {
            String id = sync.hget(Keys.ACCOUNT_NAMES, AccountNames.key(name));
            return id == null ? Optional.empty() : load(sync, id);
        });
    }

    @Override
    public Optional<Account> findById(String id) {
        return run(sync -> load(sync, id));
    }

    @Override
    public boolean add(Account account) {
        Long added = run(sync -> sync.eval(ADD, ScriptOutputType.INTEGER,
                new String[] {Keys.ACCOUNT_NAMES, Keys.account(account.id())},
                AccountNames.key(account.name()), account.id(), account.name(), account.passwordHash(),
                Long.toString(account.createdAt().toEpochMilli())));
        return added != null && added == 1;
    }

    @Override
    public boolean delete(String id) {
        return run(sync -> {
            Optional<Account> account = load(sync, id);
            if (account.isEmpty()) {
                return false;
            }
            Long deleted = sync.eval(DELETE, ScriptOutputType.INTEGER, new String[] {Keys.ACCOUNT_NAMES, Keys.account(id)},
                    AccountNames.key(account.get().name()));
            return deleted != null && deleted == 1;
        });
    }

    /** Closes the store's connection. */
    public void close() {
        link.close();
        client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
    }

    private static Optional<Account> load(RedisCommands<String, String> sync, String id) {
        Map<String, String> fields = sync.hgetall(Keys.account(id));
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Account(id, fields.get("name"), fields.get("hash"),
                Instant.ofEpochMilli(Long.parseLong(fields.get("created")))));
    }

    private <T> T run(Function<RedisCommands<String, String>, T> work) {
        try {
            return work.apply(link.get().sync());
        } catch (ClusterUnavailableException e) {
            throw new StorageException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StorageException("Redis did not answer: " + e.getMessage(), e);
        }
    }
}
