package dev.wslab.chat.session;

import dev.wslab.chat.rooms.User;
import java.util.Collection;
import java.util.Map;

/**
 * Where resumable sessions are kept beyond this process (a cluster's Redis), so that a client whose
 * node died resumes on another: the token's session (user, rooms and how far in each room its log
 * got) and its numbered events. Without one, a session lives only in its node's memory
 * ({@link WindowLog}), which is all one node needs.
 *
 * <p>A session has one owner node at a time. {@link #claim} makes this node the owner in one step; a
 * node whose copy was claimed away can no longer write to the session's log, so the log the new owner
 * read is complete.
 */
public interface SharedSessions {

    /** Records a new resumable session owned by this node; returns its log. */
    SessionLog open(String sessionId, String token, User user);

    /**
     * Makes this node the owner of {@code token}'s session.
     *
     * @throws RuntimeException if the store cannot be reached (the resume is refused as unavailable)
     */
    Claim claim(String token, User user);

    /** The session ended on this node ({@code expired}: its window passed); others refuse its token from now on. */
    void ended(String token, boolean expired);

    /** Keeps the records of this node's sessions (by token) from expiring while they live. */
    void touch(Collection<String> tokens);

    /** What {@link #claim} found. */
    sealed interface Claim {
        /** No such live session: {@code code} is {@code unknown}, {@code forbidden}, {@code expired} or {@code closed}. */
        record Refused(String code) implements Claim {}

        /**
         * The session is this node's now.
         *
         * @param wasMine whether this node owned it already (its copy in memory is current)
         * @param rooms   room → the position its log reached there (where it resumes the room)
         * @param log     its log, holding the events the store kept, numbering on from there
         */
        record Claimed(String sessionId, boolean wasMine, Map<String, String> rooms, SessionLog log) implements Claim {}
    }
}
