package dev.wslab.bench.e2e;

import java.util.List;

/**
 * What one cell measured (its measured phase only). Rates and costs are per <em>delivered</em>
 * message: one chat message sent to a room of n members counts n deliveries.
 *
 * @param spec                     the cell
 * @param sent                     messages sent in the measured phase
 * @param expectedDeliveries       sends × members of the sender's room
 * @param delivered                deliveries read by clients
 * @param seconds                  measured window: first intended send to last delivery (or drain end)
 * @param deliveredPerSecond       delivered / seconds
 * @param latencyMicros            p50, p90, p99, p99.9 and max, from the intended send time
 * @param clientToServerBytes      bytes written by all clients' sockets in the window
 * @param serverToClientBytes      bytes read by all clients' sockets in the window
 * @param bytesPerDelivered        (both directions) / delivered
 * @param serverCpuMicrosPerDelivered server process CPU (user+system) / delivered
 * @param clientCpuMicrosPerDelivered load generator process CPU / delivered
 * @param redisCommandsPerSent     for a cell on Redis, the commands Redis processed (from every node: posts,
 *                                 stream reads, heartbeats) per message sent; NaN without Redis
 * @param checks                   the runner's self-checks for this cell; a failed one fails the run
 */
public record CellResult(CellSpec spec, long sent, long expectedDeliveries, long delivered, double seconds,
                         double deliveredPerSecond, Latency latencyMicros, long clientToServerBytes,
                         long serverToClientBytes, double bytesPerDelivered,
                         double serverCpuMicrosPerDelivered, double clientCpuMicrosPerDelivered,
                         double redisCommandsPerSent, List<Check> checks) {

    /** Latency percentiles in microseconds. */
    public record Latency(long p50, long p90, long p99, long p999, long max, long count) {
    }

    /** One self-check: what was asserted, whether it held, and the numbers behind it. */
    public record Check(String name, boolean passed, String detail) {
    }

    /** A cell that could not run to the end; its only check says why. */
    static CellResult failedToRun(CellSpec spec, Exception cause) {
        StringBuilder why = new StringBuilder(String.valueOf(cause.getMessage()));
        for (Throwable c = cause.getCause(); c != null; c = c.getCause()) {
            why.append(" — caused by: ").append(c);
        }
        return new CellResult(spec, 0, 0, 0, 0, 0, new Latency(0, 0, 0, 0, 0, 0), 0, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, List.of(new Check("the cell ran to completion", false, why.toString())));
    }

    /** The same result with these checks. */
    CellResult withChecks(List<Check> more) {
        return new CellResult(spec, sent, expectedDeliveries, delivered, seconds, deliveredPerSecond, latencyMicros,
                clientToServerBytes, serverToClientBytes, bytesPerDelivered, serverCpuMicrosPerDelivered,
                clientCpuMicrosPerDelivered, redisCommandsPerSent, List.copyOf(more));
    }

    /** True when every self-check of this cell passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
