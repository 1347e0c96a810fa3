package dev.wslab.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The summary line's percentiles (nearest rank); the wake-up numbers themselves are the host's, not asserted. */
class HostWakeupsTest {

    @Test
    void percentilesAreNearestRankInMicroseconds() {
        long[] nanos = LongStream.rangeClosed(1, 1000).map(i -> i * 1000).toArray(); // 1..1000 µs, shuffled below
        for (int i = 0; i < nanos.length; i += 2) {
            long t = nanos[i];
            nanos[i] = nanos[nanos.length - 1 - i];
            nanos[nanos.length - 1 - i] = t;
        }
        assertThat(HostWakeups.line("x", nanos)).contains("p50 500, p90 900, p99 990, p99.9 999, max 1000 (1000 samples)");
    }
}
