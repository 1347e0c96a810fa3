package dev.wslab.bench.e2e;

import dev.wslab.handshake.DeflateOffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntUnaryOperator;

/** The transports the runner can drive, and how to make a client for each. */
final class TransportCatalog {

    private TransportCatalog() {
    }

    /** Every transport, in the order tables and charts show them. */
    static List<Transport> all() {
        List<Transport> all = new ArrayList<>();
        all.add(Transport.WSLAB_WEBSOCKET);
        all.add(Transport.WSLAB_DEFLATE_WEBSOCKET);
        all.add(Transport.UNDERTOW_WEBSOCKET);
        all.add(Transport.NETTY_WEBSOCKET);
        all.add(Transport.NETTY_UNCONSOLIDATED_WEBSOCKET);
        all.add(Transport.WSLAB_REDIS_WEBSOCKET);
        all.add(Transport.WSLAB_CLUSTER_WEBSOCKET);
        all.add(Transport.LONG_POLLING);
        for (int interval : new int[] {10, 100, 1000}) {
            all.add(Transport.shortPolling(interval));
        }
        return all;
    }

    /**
     * Transports run only when named with {@code --transports}: variants of one that {@link #all()} has, and the
     * Node.js peers, which need Node.js and npm.
     */
    static List<Transport> onRequest() {
        return List.of(Transport.WSLAB_DEFLATE_NO_TAKEOVER_WEBSOCKET, Transport.SOCKETIO_WEBSOCKET,
                Transport.NESTJS_WEBSOCKET);
    }

    /**
     * The permessage-deflate offer a WebSocket transport's client makes (RFC 7692 §7.1), if any: wslab's
     * default offer, or the same asking for no context takeover both ways.
     */
    static Optional<DeflateOffer> deflateOffer(Transport transport) {
        if (transport.equals(Transport.WSLAB_DEFLATE_WEBSOCKET)) {
            return Optional.of(DeflateOffer.standard());
        }
        if (transport.equals(Transport.WSLAB_DEFLATE_NO_TAKEOVER_WEBSOCKET)) {
            return Optional.of(new DeflateOffer(true, true, OptionalInt.empty(), true, OptionalInt.empty()));
        }
        return Optional.empty();
    }


    /** @param portOf the port client {@code index} connects to (a cluster's clients alternate between nodes) */
    static CellRunner.ClientFactory clients(Transport transport, IntUnaryOperator portOf, Accounts accounts, WireCounter wire,
                                            FrameAccounting frames, PollTimings timings) {
        return clients(transport, portOf, accounts, wire, frames, timings, null);
    }

    /**
     * As above; WebSocket clients are read by {@code loop} when it is not null ({@code --event-loop-clients}),
     * each by a thread of its own otherwise. Polling clients always have their own threads.
     */
    static CellRunner.ClientFactory clients(Transport transport, IntUnaryOperator portOf, Accounts accounts, WireCounter wire,
                                            FrameAccounting frames, PollTimings timings, ClientEventLoop loop) {
        if (transport.server().socketIo()) {
            return (index, room) -> WebSocketLoadClient.socketIo(index, room, portOf.applyAsInt(index), wire, frames, loop);
        }
        if (transport.server() == ServerKind.UNDERTOW_NATIVE || transport.server() == ServerKind.NETTY
                || transport.server() == ServerKind.NETTY_UNCONSOLIDATED) {
            return (index, room) -> new WebSocketLoadClient(index, room, portOf.applyAsInt(index), "/?name=bench" + index, Map.of(),
                    wire, frames, Optional.empty(), loop);
        }
        if (transport.isWebSocket()) {
            Optional<DeflateOffer> deflate = deflateOffer(transport);
            return (index, room) -> new WebSocketLoadClient(index, room, portOf.applyAsInt(index), ChatNode.CHAT_PATH,
                    Map.of("Authorization", "Bearer " + token(accounts, index)), wire, frames, deflate, loop);
        }
        if (transport.kind() == Transport.Kind.SHORT_POLLING || transport.kind() == Transport.Kind.LONG_POLLING) {
            return (index, room) -> new PollingLoadClient(index, room, portOf.applyAsInt(index), token(accounts, index),
                    transport.pollIntervalMs(), wire, timings);
        }
        throw new IllegalArgumentException("no client for " + transport.id());
    }

    private static String token(Accounts accounts, int index) throws IOException {
        return accounts.token(index);
    }
}
