package dev.wslab.framing.connection;

/**
 * Where a {@link WebSocketConnection} is in its life (RFC 6455 §4–§7).
 *
 * <p>There is deliberately no "close received, not yet answered" state: when the peer's Close arrives we
 * answer it in the same {@code receive} call (§5.5.1: "SHOULD do so as soon as practical"), so the
 * connection goes straight from {@link #OPEN} to {@link #CLOSED}.
 */
public enum ConnectionState {
    /** Messages flow both ways. The opening handshake is done by the caller before the connection exists. */
    OPEN,
    /** We sent a Close and wait for the peer's; incoming messages are still delivered, sending is refused. */
    CLOSE_SENT,
    /**
     * The closing handshake is complete, or the connection failed, timed out or lost its transport. The
     * {@link Event.Closed} event has been emitted; nothing more is sent or delivered.
     */
    CLOSED
}
