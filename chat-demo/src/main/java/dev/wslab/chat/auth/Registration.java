package dev.wslab.chat.auth;

/** The outcome of {@link AccountService#register}. */
public sealed interface Registration {

    /** The account was created. */
    record Registered(Account account) implements Registration {}

    /** Nothing was created; {@code problem} says why in words for the user. */
    record Refused(Problem problem, String message) implements Registration {}

    /** Why a registration was refused. */
    enum Problem {
        INVALID_NAME,
        INVALID_PASSWORD,
        NAME_TAKEN
    }
}
