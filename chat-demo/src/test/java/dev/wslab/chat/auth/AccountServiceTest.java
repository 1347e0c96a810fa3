package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.JdbcAccountStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

    private final EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY);
    private final AccountService accounts = new AccountService(new JdbcAccountStore(database), Argon2idPasswordHasher.fastForTests());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void namesAreUniqueIgnoringCaseAndUnicodeNormalForm() {
        Account zoe = ((Registration.Registered) accounts.register("Zo\u00eb", "password-1")).account();
        // "Zoë" again as 'e' + U+0308 COMBINING DIAERESIS, and in capitals: the same name, refused.
        assertThat(accounts.register("Zoe\u0308", "password-2")).isInstanceOfSatisfying(Registration.Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Registration.Problem.NAME_TAKEN));
        assertThat(accounts.register("ZO\u00cb", "password-3")).isInstanceOfSatisfying(Registration.Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Registration.Problem.NAME_TAKEN));
        // Stored in NFC, and found by any spelling of the same name.
        assertThat(zoe.name()).isEqualTo("Zo\u00eb");
        assertThat(accounts.login("zoe\u0308", "password-1")).contains(zoe);
    }

    @Test
    void aDeletedOrRecreatedAccountIsNoLongerCurrent() {
        Account first = ((Registration.Registered) accounts.register("ada", "lovelace1815")).account();
        assertThat(accounts.isCurrent(first.id(), first.createdAt())).isTrue();
        assertThat(accounts.delete(first.id())).isTrue();
        assertThat(accounts.isCurrent(first.id(), first.createdAt())).isFalse();
        assertThat(accounts.delete(first.id())).isFalse();
        Account second = ((Registration.Registered) accounts.register("ada", "lovelace1815")).account();
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(accounts.isCurrent(second.id(), second.createdAt())).isTrue();
        assertThat(accounts.isCurrent(second.id(), second.createdAt().minusMillis(1))).isFalse();
    }

    @Test
    void registersThenLogsIn() {
        Registration r = accounts.register("ada", "lovelace1815");
        assertThat(r).isInstanceOf(Registration.Registered.class);
        Account account = ((Registration.Registered) r).account();
        assertThat(account.passwordHash()).startsWith("$argon2id$").doesNotContain("lovelace1815");
        assertThat(accounts.login("ada", "lovelace1815")).contains(account);
    }

    @Test
    void refusesWrongPasswordsAndUnknownNamesAlike() {
        accounts.register("ada", "lovelace1815");
        assertThat(accounts.login("ada", "babbage1791")).isEmpty();
        assertThat(accounts.login("bob", "lovelace1815")).isEmpty();
        assertThat(accounts.login(null, null)).isEmpty();
    }

    @Test
    void refusesTakenNamesAndInvalidInput() {
        accounts.register("ada", "lovelace1815");
        assertThat(accounts.register("ada", "another-password")).isInstanceOfSatisfying(Registration.Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Registration.Problem.NAME_TAKEN));
        assertThat(accounts.register("a b", "long-enough")).isInstanceOfSatisfying(Registration.Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Registration.Problem.INVALID_NAME));
        assertThat(accounts.register("", "long-enough")).isInstanceOfSatisfying(Registration.Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Registration.Problem.INVALID_NAME));
        assertThat(accounts.register("bob", "short")).isInstanceOfSatisfying(Registration.Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Registration.Problem.INVALID_PASSWORD));
    }

    @Test
    void accountToStringLeaksNoHash() {
        Account account = ((Registration.Registered) accounts.register("eve", "password123")).account();
        assertThat(account.toString()).doesNotContain("argon2");
    }
}
