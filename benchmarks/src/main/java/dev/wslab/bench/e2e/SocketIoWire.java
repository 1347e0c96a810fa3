package dev.wslab.bench.e2e;

/**
 * The few packets of socket.io's protocol (version 5, over Engine.IO version 4) that the load generator
 * needs to drive the Node.js peers ({@link ServerKind#socketIo()}) over a plain WebSocket. Each
 * WebSocket text message is one Engine.IO packet: its first character is the packet type, and a
 * {@code message} packet ({@code 4}) carries one socket.io packet, whose first character is in turn its
 * own type. So an event is {@code 42["name",{…}]}: Engine.IO message, socket.io event, a JSON array.
 */
final class SocketIoWire {

    /** The request target of a WebSocket straight away (no long-polling start) on the default path. */
    static final String TARGET = "/socket.io/?EIO=4&transport=websocket";
    /** Engine.IO {@code open}: the server's first packet, with the session id and its ping interval. */
    static final char OPEN = '0';
    /** Engine.IO {@code ping}, sent by the server every {@code pingInterval}; unanswered, the server drops us. */
    static final String PING = "2";
    /** Engine.IO {@code pong}: the answer to a ping. */
    static final String PONG = "3";
    /** socket.io {@code CONNECT} to the main namespace: the client's request and the server's acceptance. */
    static final String CONNECT = "40";
    /** Engine.IO {@code message} carrying a socket.io {@code EVENT}: the prefix of every chat command and event. */
    static final String EVENT = "42";
    /** socket.io {@code CONNECT_ERROR}: the server refused the namespace. */
    static final String CONNECT_ERROR = "44";

    private SocketIoWire() {
    }

    /** An event packet: {@code name} with one argument, {@code json} (already JSON, an object). */
    static String event(String name, String json) {
        return EVENT + "[\"" + name + "\"," + json + "]";
    }
}
