package dev.wslab.chat.storage;

import dev.wslab.chat.auth.Account;
import dev.wslab.chat.auth.AccountNames;
import dev.wslab.chat.auth.AccountStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Accounts in the embedded database: they survive a restart. Name uniqueness is the database's
 * {@code UNIQUE} constraint on {@link AccountNames#key}, so two registrations racing for "Ada" and
 * "ada" cannot both succeed.
 */
public final class JdbcAccountStore implements AccountStore {

    private static final String COLUMNS = "id, name, password_hash, created_at";

    private final EmbeddedDatabase database;

    public JdbcAccountStore(EmbeddedDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Account> findByName(String name) {
        return findOne("SELECT " + COLUMNS + " FROM accounts WHERE name_key = ?", AccountNames.key(name));
    }

    @Override
    public Optional<Account> findById(String id) {
        return findOne("SELECT " + COLUMNS + " FROM accounts WHERE id = ?", id);
    }

    @Override
    public boolean add(Account account) {
        return database.withConnection(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO accounts (id, name, name_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, account.id());
                insert.setString(2, account.name());
                insert.setString(3, AccountNames.key(account.name()));
                insert.setString(4, account.passwordHash());
                insert.setLong(5, account.createdAt().toEpochMilli());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
                    return false; // the name key (or, astronomically unlikely, the id) is taken
                }
                throw e;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return database.withConnection(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private Optional<Account> findOne(String sql, String value) {
        return database.withConnection(c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setString(1, value);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        });
    }
}
