package dev.wslab.chat.protocol;

/** The machine-readable {@code code} of an {@code error} reply; {@link #wireName()} is what goes on the wire. */
public enum ErrorCode {
    /** The text is not a JSON object. */
    BAD_JSON("bad_json"),
    /** The {@code type} field is missing or names no known command. */
    UNKNOWN_TYPE("unknown_type"),
    /** A required field is missing or has the wrong shape (for example an empty room name). */
    INVALID_COMMAND("invalid_command"),
    /** {@code exit} or {@code message} for a room the sender has not joined. */
    NOT_JOINED("not_joined"),
    /** The session has already been disconnected. */
    DISCONNECTED("disconnected"),
    /** The session sent commands faster than its rate limit; the command was dropped. */
    RATE_LIMITED("rate_limited"),
    /** {@code join} while already in as many rooms as one session may be. */
    TOO_MANY_ROOMS("too_many_rooms"),
    /** {@code join} of a new room while the server holds as many rooms as it may. */
    ROOM_LIMIT_REACHED("room_limit_reached"),
    /** {@code resume} with a token whose session's resume window has passed: a new session goes on. */
    RESUME_EXPIRED("resume_expired"),
    /** {@code resume} with a token no session has (never issued, or forgotten long ago). */
    RESUME_UNKNOWN("resume_unknown"),
    /** {@code resume} with another user's token (HTTP would say 403). */
    FORBIDDEN("forbidden"),
    /** {@code resume} asked for events the session's log no longer holds: events were lost, rejoin. */
    EVENTS_LOST("events_lost"),
    /** The message could not be stored (the database or Redis is unreachable): it was not delivered, send it again. */
    UNAVAILABLE("unavailable");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
