package dev.wslab.bench.e2e;

/**
 * Which chat server a cell runs against; each node runs in its own JVM: wslab's chat from its shipped jar
 * ({@link ChatNode}), the peers through {@link ServerMain}.
 */
public enum ServerKind {
    /** wslab's chat demo: Undertow for HTTP, wslab's handshake and framing for every WebSocket byte. */
    WSLAB(1, false),
    /** The baseline: the same chat on Undertow's own {@code io.undertow.websockets}. */
    UNDERTOW_NATIVE(1, false),
    /** The strongest Java peer: the same chat on Netty's WebSocket server pipeline ({@link NettyChatServer}). */
    NETTY(1, false),
    /** The same Netty server without {@code FlushConsolidationHandler}: one flush per write (an arguable choice). */
    NETTY_UNCONSOLIDATED(1, false),
    /**
     * The stack wslab's chat replaces, without its framework: the same chat on socket.io 4.8 and Node.js
     * ({@code benchmarks/node-peers/socketio-chat.js}, {@link NodePeer}), with Node's defaults. Not a JVM: no heap
     * probe, no JVM options.
     */
    SOCKETIO_NODE(1, false),
    /**
     * The seed's stack: the same chat as a NestJS 12 gateway on socket.io 4.8 and Node.js
     * ({@code benchmarks/node-peers/nest-chat.mjs}), with Node's defaults. Not a JVM either.
     */
    NESTJS_NODE(1, false),
    /** One wslab node whose rooms live in a local redis-server ({@code --redis}): the cost of Redis alone. */
    WSLAB_REDIS(1, true),
    /** Two wslab nodes sharing a local redis-server; the cell's clients alternate between the nodes. */
    WSLAB_CLUSTER(2, true);

    private final int nodes;
    private final boolean redis;

    ServerKind(int nodes, boolean redis) {
        this.nodes = nodes;
        this.redis = redis;
    }

    /** How many server JVMs serve the cell. */
    public int nodes() {
        return nodes;
    }

    /** Whether the nodes are wslab's chat server (started from its jar, {@link ChatNode}). */
    public boolean wslabChat() {
        return this == WSLAB || this == WSLAB_REDIS || this == WSLAB_CLUSTER;
    }

    /** Whether the nodes are JVMs (every kind but the Node.js peers): JVM options and {@code jcmd} apply. */
    public boolean jvm() {
        return this != SOCKETIO_NODE && this != NESTJS_NODE;
    }

    /** Whether the chat speaks socket.io's packets rather than its own bare JSON (the Node.js peers). */
    public boolean socketIo() {
        return !jvm();
    }

    /** Whether the nodes share a redis-server the runner starts. */
    public boolean redis() {
        return redis;
    }
}
