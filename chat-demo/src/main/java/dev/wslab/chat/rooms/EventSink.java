package dev.wslab.chat.rooms;

import dev.wslab.chat.protocol.EncodedEvent;

/**
 * Where the chat application puts the events for one session; implemented by each transport.
 *
 * <p>The contract that keeps one slow client from slowing a room:
 * <ul>
 *   <li>{@link #deliver} never blocks and never does I/O on the caller's thread: it appends to a
 *       bounded per-session queue and wakes the transport's own thread.</li>
 *   <li>Events must reach the client in the order {@code deliver} was called. The application calls
 *       it with a room's lock held, so this order is the room's accept order.</li>
 *   <li>When the queue is over its bound, the sink does not drop events silently: it ends the session
 *       (the WebSocket transport closes with 1008 "slow consumer") and later calls
 *       {@link ChatSession#disconnect}.</li>
 *   <li>{@code deliver} must never call back into {@link ChatService} or {@link ChatSession}
 *       synchronously (it runs under the application's locks); hand such work to the transport's
 *       thread.</li>
 * </ul>
 */
@FunctionalInterface
public interface EventSink {

    /** Queues one event for this session; non-blocking, see the class comment. */
    void deliver(EncodedEvent event);
}
