package dev.wslab.chat.session;

import java.util.List;

/**
 * The numbered events of one session, kept so that a client that lost its connection can be given
 * exactly the ones it missed. Numbers start at 1 and grow by one per event; the log keeps a bounded
 * window of the latest events, so a client that was away too long (or too many events ago) is told
 * that events were lost rather than given a gap.
 *
 * <p>An interface so that the window can live elsewhere than in this process's memory (a cluster's
 * shared store); {@link WindowLog} is the in-memory one. Implementations are called with the owning
 * session's lock held and must not block for long.
 */
public interface SessionLog {

    /** Appends one encoded event; returns its number. */
    long append(String json);

    /** Called with an event's number once the event is kept where a resume can find it. */
    @FunctionalInterface
    interface Durable {
        void kept(long seq);
    }

    /**
     * Appends one encoded event of {@code room} (null for none) at {@code position}, the room's place in
     * a cluster's shared order (null elsewhere), and calls {@code durable} once it is kept where any
     * node that resumes the session can read it. The session sends an event to its client only then, so
     * whatever a client has seen, a resume finds. An in-memory log keeps it at once (this default).
     *
     * @return the event's number
     */
    default long append(String json, String room, String position, Durable durable) {
        long seq = append(json);
        durable.kept(seq);
        return seq;
    }

    /** The session left {@code room}: a shared log stops resuming it there. */
    default void left(String room) {}

    /** The number of the newest event (0 before the first). */
    long latest();

    /**
     * The events after {@code seq}, oldest first.
     *
     * @return {@link Replay.Events} (possibly empty), or {@link Replay.Lost} when the window no longer
     *         holds event {@code seq + 1}, or {@link Replay.Ahead} when {@code seq} is past {@link #latest()}
     */
    Replay after(long seq);

    /** One numbered event. */
    record Numbered(long seq, String json) {}

    /** What {@link #after} found. */
    sealed interface Replay {
        /** Every event after the asked number, in order. */
        record Events(List<Numbered> events) implements Replay {
            public Events {
                events = List.copyOf(events);
            }
        }

        /** Events after {@code asked} were dropped from the window; the oldest kept is {@code oldestKept}. */
        record Lost(long asked, long oldestKept) implements Replay {}

        /** The client claims an event the session never sent. */
        record Ahead(long asked, long latest) implements Replay {}
    }
}
