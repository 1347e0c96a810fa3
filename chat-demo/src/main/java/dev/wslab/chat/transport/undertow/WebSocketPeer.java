package dev.wslab.chat.transport.undertow;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The sending side of one accepted WebSocket connection, as an {@link Endpoint} sees it. Every method
 * may be called from any thread and never blocks: messages are queued for the connection's IO thread.
 */
interface WebSocketPeer {

    /** A short id for logs, e.g. {@code ws-12 127.0.0.1:53422}. */
    String describe();

    /** Queues a text message; dropped if the connection is closing. */
    void sendText(String text);

    /** Queues a binary message (the remaining bytes of {@code data}, which must not change afterwards). */
    void sendBinary(ByteBuffer data);

    /** Starts the closing handshake with this code and reason (after the messages already queued). */
    void close(int code, String reason);

    /**
     * Ends the application and starts the closing handshake with this code and reason when the wall clock
     * reaches {@code when}, unless the connection is closing by then; the latest call wins.
     */
    void closeAt(Instant when, int code, String reason);
}
