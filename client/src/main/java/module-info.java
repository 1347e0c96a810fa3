/**
 * A blocking WebSocket client on wslab's handshake and framing. Its API hands out their types (events,
 * the 101 response), so it requires them transitively.
 */
module dev.wslab.client {
    requires transitive dev.wslab.handshake;
    requires transitive dev.wslab.framing;

    exports dev.wslab.client;
}
