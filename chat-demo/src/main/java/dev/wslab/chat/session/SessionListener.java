package dev.wslab.chat.session;

import dev.wslab.chat.rooms.User;

/**
 * Told what happens to resumable sessions, for metrics (a {@code resumes} counter) and tests. Called
 * on the thread that caused it, never under a room's lock; must not block. Every method does nothing
 * by default.
 */
public interface SessionListener {

    /** Does nothing. */
    SessionListener NONE = new SessionListener() {};

    /** A client resumed its session on a new connection and was given the events it missed. */
    default void resumed(User user, int replayed) {}

    /** A resume was refused; {@code code} is the error's wire name (resume_expired, events_lost …). */
    default void resumeRefused(User user, String code) {}

    /** A dropped session's resume window passed without a resume: its user left its rooms. */
    default void expired(User user) {}
}
