package dev.wslab.chat.auth;

import dev.wslab.chat.limits.NameRules;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Registration, login and deletion, on top of an {@link AccountStore} and a {@link PasswordHasher}.
 * Names are unique case-insensitively after Unicode NFC normalisation ({@link AccountNames}).
 */
public final class AccountService {

    /** Longest name, in code points. */
    public static final int MAX_NAME_LENGTH = 32;
    /** Names are what others see in a room: 1 to 32 letters, digits, '_', '.', or '-'. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.-]{1," + MAX_NAME_LENGTH + "}");
    public static final int MIN_PASSWORD_LENGTH = 8;
    public static final int MAX_PASSWORD_LENGTH = 256;

    private final AccountStore store;
    private final PasswordHasher hasher;
    /** Checked against when the name is unknown, so "no such user" takes as long as "wrong password". */
    private final String decoyHash;
    private final Clock clock;

    public AccountService(AccountStore store, PasswordHasher hasher) {
        this(store, hasher, Clock.systemUTC());
    }

    /** An account service whose creation times come from {@code clock}. */
    public AccountService(AccountStore store, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.decoyHash = hasher.decoy();
    }

    /** Creates an account, or says why not (invalid name, invalid password, name taken). */
    public Registration register(String rawName, String password) {
        // UAX #15: "é" typed as one code point or as e + accent is one name; then say which character is refused.
        String name = NameRules.normalize(rawName);
        Optional<String> problem = NameRules.problem(name, "a name", MAX_NAME_LENGTH);
        if (problem.isPresent()) {
            return new Registration.Refused(Registration.Problem.INVALID_NAME, problem.get());
        }
        if (!NAME.matcher(name).matches()) {
            return new Registration.Refused(Registration.Problem.INVALID_NAME,
                    "a name is 1 to 32 letters, digits, '_', '.' or '-'");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            return new Registration.Refused(Registration.Problem.INVALID_PASSWORD,
                    "a password has " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters");
        }
        if (store.findByName(name).isPresent()) {
            return new Registration.Refused(Registration.Problem.NAME_TAKEN, "the name '" + name + "' is taken");
        }
        // Milliseconds: what the database keeps and what a token carries, so the two compare equal.
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Account account = new Account(UUID.randomUUID().toString(), name, hasher.hash(password), created);
        if (!store.add(account)) {
            // Someone registered the same name between our check and our add.
            return new Registration.Refused(Registration.Problem.NAME_TAKEN, "the name '" + name + "' is taken");
        }
        return new Registration.Registered(account);
    }

    /** The account if {@code name} exists and {@code password} matches; empty otherwise (no hint which). */
    public Optional<Account> login(String rawName, String password) {
        String name = NameRules.normalize(rawName);
        if (name == null || password == null || password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        Optional<Account> account = store.findByName(name);
        String hash = account.map(Account::passwordHash).orElse(decoyHash);
        boolean matches = hasher.matches(password, hash);
        return matches ? account : Optional.empty();
    }

    /**
     * Whether a token's account still exists as the same account: the id is known and was created at
     * {@code createdAt}. A deleted account, or a new one under the same name, fails this check.
     */
    public boolean isCurrent(String id, Instant createdAt) {
        return store.findById(id).map(a -> a.createdAt().equals(createdAt)).orElse(false);
    }

    /** Deletes the account with this id; {@code false} if there was none. */
    public boolean delete(String id) {
        return store.delete(id);
    }
}
