package dev.wslab.framing;

/**
 * Which end of the connection this endpoint is. The role decides masking (RFC 6455 §5.1, §5.3) and who
 * closes the TCP connection first (§7.1.1).
 */
public enum Role {
    /** The endpoint that opened the connection. It masks every frame it sends. */
    CLIENT,
    /** The endpoint that accepted the connection. It never masks, and closes TCP first. */
    SERVER;

    /**
     * RFC 6455 §5.1: "a client MUST mask all frames that it sends to the server".
     *
     * @return true for {@link #CLIENT}
     */
    public boolean masksOutgoingFrames() {
        return this == CLIENT;
    }

    /**
     * RFC 6455 §5.1: a server MUST close the connection on an unmasked frame, and a client MUST close
     * it on a masked frame. So a server expects masked frames and a client expects unmasked ones.
     *
     * @return true for {@link #SERVER}
     */
    public boolean expectsMaskedIncomingFrames() {
        return this == SERVER;
    }

    /**
     * The role of the other end.
     *
     * @return {@link #SERVER} for a client, {@link #CLIENT} for a server
     */
    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /**
     * RFC 6455 §7.1.1: "the underlying TCP connection ... SHOULD be closed first by the server".
     *
     * @return true for {@link #SERVER}; a client waits for the server's FIN (bounded by the close timeout)
     */
    public boolean closesTransportFirst() {
        return this == SERVER;
    }
}
