package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.framing.Limits;
import dev.wslab.framing.codec.Payload;
import dev.wslab.handshake.ServerHandshake;

/** What runs behind one WebSocket path: the chat, or the conformance echo. */
interface Endpoint {

    /** For logs: "chat" or "echo". */
    String name();

    /** The handshake rules of this path (subprotocols, origins). */
    ServerHandshake handshake();

    /** Whether a valid bearer token is required before the 101. */
    boolean requiresToken();

    /** Frame and message limits, close and pong timeouts. */
    Limits limits();

    /** Bytes that may wait towards the client before it is closed as a slow consumer. */
    long maxOutboundBytes();

    /**
     * A connection was accepted; called on its IO thread before any message.
     *
     * @param auth the verified token when {@link #requiresToken()}, otherwise {@code null}
     */
    Application open(WebSocketPeer peer, TokenCheck.Valid auth);

    /** One connection's application; every call comes from the connection's IO thread. */
    interface Application {
        void onText(String text);

        void onBinary(Payload payload);

        /**
         * Called exactly once, when the connection ends or the application must stop using it, unless
         * {@link #onDropped} is called instead.
         */
        void onClosed(String reason);

        /**
         * Called instead of {@link #onClosed} when the connection vanished without a closing handshake
         * from either side (reset, end of stream, no Pong): the client may come back and resume.
         */
        default void onDropped(String reason) {
            onClosed(reason);
        }
    }
}
