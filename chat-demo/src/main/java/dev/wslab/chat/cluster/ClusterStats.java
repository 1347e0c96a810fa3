package dev.wslab.chat.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one node's traffic with Redis, for the benchmarks (Redis round trips per message) and
 * the logs.
 *
 * @param roundTrips       commands sent to Redis (a blocking read counts once, however many entries it returns)
 * @param entriesHandedOut stream entries (messages, joins, leaves) this node handed to its members
 * @param unavailable      messages answered {@code error unavailable}
 */
public record ClusterStats(AtomicLong roundTrips, AtomicLong entriesHandedOut, AtomicLong unavailable) {

    public ClusterStats() {
        this(new AtomicLong(), new AtomicLong(), new AtomicLong());
    }
}
