package dev.wslab.client;

import dev.wslab.framing.connection.Event;

/**
 * Receives a session's events as they happen, instead of the session queueing them for
 * {@link WebSocketSession#nextEvent(java.time.Duration)}.
 *
 * <p>Called on the session's reader thread, one event at a time and in order; the last call is always
 * an {@link Event.Closed}. The listener may send on the session (an echo client does exactly that), but
 * it should not block for long: while it runs, no further bytes are read. If it throws, the session
 * aborts the connection (closes TCP) and reports {@code Closed(1006)}.
 */
@FunctionalInterface
public interface EventListener {

    /** One event from the connection (see {@link Event} for the kinds). */
    void onEvent(WebSocketSession session, Event event);
}
