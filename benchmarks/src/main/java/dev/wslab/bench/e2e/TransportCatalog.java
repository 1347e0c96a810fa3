package dev.wslab.bench.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/** The transports the runner can drive, and how to make a client for each. */
final class TransportCatalog {

    private TransportCatalog() {
    }

    /** Every transport, in the order tables and charts show them. */
    static List<Transport> all() {
        List<Transport> all = new ArrayList<>();
        all.add(Transport.WSLAB_WEBSOCKET);
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


    /** @param portOf the port client {@code index} connects to (a cluster's clients alternate between nodes) */
    static CellRunner.ClientFactory clients(Transport transport, IntUnaryOperator portOf, Accounts accounts, WireCounter wire,
                                            FrameAccounting frames, PollTimings timings) {
        if (transport.server() == ServerKind.UNDERTOW_NATIVE || transport.server() == ServerKind.NETTY
                || transport.server() == ServerKind.NETTY_UNCONSOLIDATED) {
            return (index, room) -> new WebSocketLoadClient(index, room, portOf.applyAsInt(index), "/?name=bench" + index, Map.of(),
                    wire, frames);
        }
        if (transport.isWebSocket()) {
            return (index, room) -> new WebSocketLoadClient(index, room, portOf.applyAsInt(index), ChatNode.CHAT_PATH,
                    Map.of("Authorization", "Bearer " + token(accounts, index)), wire, frames);
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
