package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountServiceTest {

    private final AccountService accounts = new AccountService(new InMemoryAccountStore(), Argon2idPasswordHasher.fastForTests());

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
