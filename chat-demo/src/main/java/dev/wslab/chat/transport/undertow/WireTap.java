package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.rooms.User;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.UpgradeRequest;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Lets a tool watch WebSocket connections byte for byte, e.g. the browser page's frame inspector:
 * it sees the handshake, then every byte read from and written to the socket, in order, and can
 * run a {@code FrameDecoder} over them to show frames exactly as they crossed the wire.
 *
 * <p>All calls happen on the connection's IO thread: they must be quick and must not block. The
 * buffers are read-only views valid only during the call; copy what you keep. The upgrade request
 * may carry the user's token (in {@code Sec-WebSocket-Protocol} or {@code Authorization}): pass
 * anything you display through {@link dev.wslab.chat.auth.Redactor}.
 */
@FunctionalInterface
public interface WireTap {

    /** Observes nothing. */
    WireTap NONE = connection -> null;

    /**
     * Called when a connection has been accepted, before its first byte.
     *
     * @return an observer for this connection, or {@code null} to leave it unobserved
     */
    ConnectionTap open(TappedConnection connection);

    /** Which connection is being opened. */
    record TappedConnection(String connectionId, String endpointPath, Optional<User> user,
                            UpgradeRequest request, HandshakeDecision.Accepted response) {}

    /** Observer of one connection's bytes. */
    interface ConnectionTap {
        /** Bytes just read from the peer (after any bytes that came with the upgrade request). */
        void bytesIn(ByteBuffer bytes);

        /** Bytes just written to the peer. */
        void bytesOut(ByteBuffer bytes);

        /** The connection is gone; {@code reason} says why. */
        void closed(String reason);
    }
}
