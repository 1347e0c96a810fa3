package dev.wslab.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The matrices the runner knows: {@code smoke} (CI: proves every transport works, seconds),
 * {@code quick} (the results page: a few minutes) and {@code full} (every payload, client count and
 * room layout of the issue; long).
 */
enum Profile {

    SMOKE, QUICK, FULL,
    /**
     * Issue 19's loads, for {@code --footprint}: 10 members at 100 messages/s each (1,000/s), then closed loops of 10 and
     * of 50 members in one room, 128-byte messages. (Its fourth load, 1,000 users connecting one after
     * another, is the capacity runner's.)
     */
    FOOTPRINT;

    /** The reference cell of the charts: 128-byte messages, 10 clients in one room, 100 sends/s. */
    static final int REFERENCE_PAYLOAD = 128;
    static final int REFERENCE_CLIENTS = 10;
    static final int REFERENCE_RATE = 100;

    /**
     * The transports a profile runs when {@code --transports} names none. The full matrix keeps to the
     * comparison it exists for — WebSocket (wslab, Undertow's own stack, Netty with and without flush
     * consolidation) against long and short HTTP polling — and leaves the variants of wslab-ws (deflate,
     * Redis, two nodes) and the extreme polling intervals to the quick profile, which runs them all.
     */
    List<String> defaultTransports() {
        if (this == FULL) {
            return List.of("wslab-ws", "undertow-ws", "netty-ws", "netty-ws-noflushconsolidation", "long-poll",
                    "short-poll-100ms");
        }
        return List.of();
    }

    /** The cells of this profile for the given transports, in run order. */
    List<CellSpec> cells(List<Transport> transports) {
        List<CellSpec> cells = new ArrayList<>();
        switch (this) {
            case SMOKE:
                for (Transport t : transports) {
                    // One short-polling interval is enough to prove the transport works.
                    if (t.kind() == Transport.Kind.SHORT_POLLING && t.pollIntervalMs() != 100) {
                        continue;
                    }
                    cells.add(new CellSpec(t, 16, 2, 1, CellSpec.Mode.FIXED_RATE, 40, 0, 0.3, 0.7));
                }
                break;
            case FOOTPRINT:
                for (Transport t : transports) {
                    if (t.isWebSocket()) {
                        cells.add(new CellSpec(t, REFERENCE_PAYLOAD, REFERENCE_CLIENTS, 1, CellSpec.Mode.FIXED_RATE,
                                REFERENCE_RATE, 0, 3, 10));
                    }
                }
                for (int clients : new int[] {10, 50}) {
                    for (Transport t : transports) {
                        if (t.isWebSocket()) {
                            cells.add(new CellSpec(t, REFERENCE_PAYLOAD, clients, 1, CellSpec.Mode.SATURATION, 0, 4, 3, 8));
                        }
                    }
                }
                break;
            case QUICK:
                // Cells of the same shape run back to back for every transport, so that a change in
                // the machine's background load hits the compared transports alike.
                // 1. Every transport at one fixed rate: bytes per message, latency, CPU, self-checks.
                //    10 s measured, so that the p99 rests on 10 000 deliveries.
                for (Transport t : transports) {
                    cells.add(new CellSpec(t, REFERENCE_PAYLOAD, REFERENCE_CLIENTS, 1, CellSpec.Mode.FIXED_RATE,
                            REFERENCE_RATE, 0, 3, 10));
                }
                // 2. Payload sizes on WebSocket: the three length forms of RFC 6455 §5.2.
                for (int payload : new int[] {16, 1024, 16 * 1024}) {
                    for (Transport t : transports) {
                        if (t.isWebSocket()) {
                            cells.add(new CellSpec(t, payload, REFERENCE_CLIENTS, 1, CellSpec.Mode.FIXED_RATE,
                                    REFERENCE_RATE, 0, 2, 4));
                        }
                    }
                }
                // 3. Saturation against client count: the most each stack delivers.
                for (int clients : new int[] {1, 10, 50}) {
                    for (Transport t : transports) {
                        if (t.isWebSocket() || t.kind() == Transport.Kind.LONG_POLLING) {
                            cells.add(new CellSpec(t, REFERENCE_PAYLOAD, clients, 1, CellSpec.Mode.SATURATION,
                                    0, 4, 2, 5));
                        }
                    }
                }
                break;
            case FULL:
                // Every payload, client count and room layout; 6 transports × 28 shapes × 2 modes = 336 cells.
                // Cells are short (fixed rate 2 s warm-up + 6 s measured, saturation 2 s + 4 s) so that the
                // matrix fits about an hour per JDK on two cores: a 1,000-client fixed-rate cell still books
                // about 120 000 deliveries, enough for a p99.9 resting on over a hundred samples.
                int[] payloads = {16, 128, 1024, 16 * 1024};
                int[] clientCounts = {1, 10, 100, 1000};
                for (int payload : payloads) {
                    for (int clients : clientCounts) {
                        for (int rooms : new int[] {1, 10}) {
                            for (Transport t : transports) {
                                if (rooms > clients) {
                                    continue;
                                }
                                int members = (clients + rooms - 1) / rooms;
                                // Keep the offered deliveries (sends × room size) within what two
                                // shared cores can carry, so a fixed-rate cell measures latency, not overload.
                                // 10 000 deliveries/s: a trial at 20 000 left both polling transports
                                // behind their schedule with 1,000 clients in 10 rooms (p99 of 3 s).
                                int rate = Math.max(1, Math.min(200, 10_000 / members));
                                cells.add(new CellSpec(t, payload, clients, rooms, CellSpec.Mode.FIXED_RATE,
                                        rate, 0, 2, 6));
                                // Closed loop: fewer messages in flight per client in big rooms, where
                                // each one fans out to hundreds of members, and in the biggest rooms only
                                // some members send, so that at most about 10 000 deliveries are in flight.
                                int senders = Math.min(members, Math.max(1, 10_000 / (members * rooms)));
                                cells.add(new CellSpec(t, payload, clients, rooms, CellSpec.Mode.SATURATION,
                                        0, members >= 100 ? 1 : 4, 2, 4, senders < members ? senders : 0));
                            }
                        }
                    }
                }
                break;
            default:
                throw new IllegalStateException(name());
        }
        return cells;
    }
}
