package dev.wslab.bench.e2e;

/**
 * One way of carrying the chat between the load generator and a server.
 *
 * @param id             short name used in tables, JSON and charts
 * @param server         the server that speaks it
 * @param kind           WebSocket, short polling or long polling
 * @param pollIntervalMs for short polling, the period between two polls of one client
 */
public record Transport(String id, ServerKind server, Kind kind, int pollIntervalMs) {

    /** How messages travel. */
    public enum Kind { WEBSOCKET, SHORT_POLLING, LONG_POLLING }

    public static final Transport WSLAB_WEBSOCKET = new Transport("wslab-ws", ServerKind.WSLAB, Kind.WEBSOCKET, 0);
    public static final Transport UNDERTOW_WEBSOCKET =
            new Transport("undertow-ws", ServerKind.UNDERTOW_NATIVE, Kind.WEBSOCKET, 0);
    public static final Transport NETTY_WEBSOCKET = new Transport("netty-ws", ServerKind.NETTY, Kind.WEBSOCKET, 0);
    public static final Transport NETTY_UNCONSOLIDATED_WEBSOCKET =
            new Transport("netty-ws-noflushconsolidation", ServerKind.NETTY_UNCONSOLIDATED, Kind.WEBSOCKET, 0);
    /** socket.io's packets over WebSocket to the chat on socket.io and Node.js ({@link SocketIoWire}). */
    public static final Transport SOCKETIO_WEBSOCKET =
            new Transport("socketio-ws", ServerKind.SOCKETIO_NODE, Kind.WEBSOCKET, 0);
    /** The same packets to the chat as a NestJS gateway on socket.io (the seed's stack). */
    public static final Transport NESTJS_WEBSOCKET =
            new Transport("nestjs-ws", ServerKind.NESTJS_NODE, Kind.WEBSOCKET, 0);
    /**
     * wslab over WebSocket with permessage-deflate (RFC 7692): the load client offers wslab's default offer
     * ({@code permessage-deflate; client_max_window_bits}, context takeover both ways), the chat accepts it.
     */
    public static final Transport WSLAB_DEFLATE_WEBSOCKET =
            new Transport("wslab-ws-deflate", ServerKind.WSLAB, Kind.WEBSOCKET, 0);
    /** As {@link #WSLAB_DEFLATE_WEBSOCKET}, with context takeover off both ways (every message compressed alone). */
    public static final Transport WSLAB_DEFLATE_NO_TAKEOVER_WEBSOCKET =
            new Transport("wslab-ws-deflate-notakeover", ServerKind.WSLAB, Kind.WEBSOCKET, 0);
    /** wslab over WebSocket, one node whose rooms are in a local Redis. */
    public static final Transport WSLAB_REDIS_WEBSOCKET =
            new Transport("wslab-ws-redis", ServerKind.WSLAB_REDIS, Kind.WEBSOCKET, 0);
    /** wslab over WebSocket, two nodes sharing a local Redis, clients split between them. */
    public static final Transport WSLAB_CLUSTER_WEBSOCKET =
            new Transport("wslab-ws-2nodes", ServerKind.WSLAB_CLUSTER, Kind.WEBSOCKET, 0);
    public static final Transport LONG_POLLING = new Transport("long-poll", ServerKind.WSLAB, Kind.LONG_POLLING, 0);

    /** Short polling: each client asks for new events every {@code intervalMs} milliseconds. */
    public static Transport shortPolling(int intervalMs) {
        return new Transport("short-poll-" + intervalMs + "ms", ServerKind.WSLAB, Kind.SHORT_POLLING, intervalMs);
    }

    public boolean isWebSocket() {
        return kind == Kind.WEBSOCKET;
    }
}
