package dev.wslab.bench.e2e;

import java.util.concurrent.atomic.LongAdder;

/**
 * How short polls actually went: the time between two polls of the same client (the period, which
 * a busy machine stretches beyond the configured interval) and each poll's round trip. The
 * short-polling self-check predicts the median latency from these: a message lands uniformly within
 * a period, waits half of it on median for the next poll, then rides that poll's round trip back.
 */
final class PollTimings {

    private final LongAdder periodNanos = new LongAdder();
    private final LongAdder periods = new LongAdder();
    private final LongAdder roundTripNanos = new LongAdder();
    private final LongAdder roundTrips = new LongAdder();

    void period(long nanos) {
        periodNanos.add(nanos);
        periods.increment();
    }

    void roundTrip(long nanos) {
        roundTripNanos.add(nanos);
        roundTrips.increment();
    }

    /** The totals at one moment; differences of two give a phase's means. */
    record Snapshot(long periodNanos, long periods, long roundTripNanos, long roundTrips) {

        Snapshot minus(Snapshot earlier) {
            return new Snapshot(periodNanos - earlier.periodNanos, periods - earlier.periods,
                    roundTripNanos - earlier.roundTripNanos, roundTrips - earlier.roundTrips);
        }

        double meanPeriodMillis() {
            return periods == 0 ? Double.NaN : periodNanos / 1e6 / periods;
        }

        double meanRoundTripMillis() {
            return roundTrips == 0 ? Double.NaN : roundTripNanos / 1e6 / roundTrips;
        }
    }

    Snapshot snapshot() {
        return new Snapshot(periodNanos.sum(), periods.sum(), roundTripNanos.sum(), roundTrips.sum());
    }
}
