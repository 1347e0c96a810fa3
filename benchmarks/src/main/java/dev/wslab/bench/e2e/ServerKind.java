package dev.wslab.bench.e2e;

/** Which chat server a cell runs against; each runs in its own JVM through {@link ServerMain}. */
public enum ServerKind {
    /** wslab's chat demo: Undertow for HTTP, wslab's handshake and framing for every WebSocket byte. */
    WSLAB,
    /** The baseline: the same chat on Undertow's own {@code io.undertow.websockets}. */
    UNDERTOW_NATIVE,
    /** The strongest Java peer: the same chat on Netty's WebSocket server pipeline ({@link NettyChatServer}). */
    NETTY,
    /** The same Netty server without {@code FlushConsolidationHandler}: one flush per write (an arguable choice). */
    NETTY_UNCONSOLIDATED
}
