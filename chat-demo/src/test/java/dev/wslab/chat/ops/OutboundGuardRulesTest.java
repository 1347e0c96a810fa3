package dev.wslab.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's rule on its own: under the cap nothing happens; over it, the largest go first, only as many as needed. */
class OutboundGuardRulesTest {

    /** A consumer holding a fixed number of bytes, remembering whether it was cut. */
    private static class Held implements OutboundGuard.Consumer {
        final long bytes;
        final List<String> cuts = new ArrayList<>();

        Held(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public long queuedBytes() {
            return cuts.isEmpty() ? bytes : 0;
        }

        @Override
        public void cutAsSlow(String reason) {
            cuts.add(reason);
        }
    }

    @Test
    void underTheCapNobodyIsCut() {
        try (OutboundGuard guard = new OutboundGuard(100, 0)) {
            Held a = new Held(60);
            Held b = new Held(40);
            guard.register(a);
            guard.register(b);
            assertThat(guard.sweep()).isZero();
            assertThat(guard.lastTotalBytes()).isEqualTo(100);
            assertThat(a.cuts).isEmpty();
            assertThat(b.cuts).isEmpty();
        }
    }

    @Test
    void aCutIsCountedBeforeItTakesEffect() {
        // The cut client leaves its rooms on another thread right away; whoever then reads the count (a test,
        // a scrape of /metrics) must find the cut in it, not wait for the rest of the sweep.
        try (OutboundGuard guard = new OutboundGuard(100, 0)) {
            List<Long> countsSeenByTheCut = new ArrayList<>();
            Held first = new Held(80) {
                @Override
                public void cutAsSlow(String reason) {
                    countsSeenByTheCut.add(guard.cuts());
                    super.cutAsSlow(reason);
                }
            };
            guard.register(first);
            guard.register(new Held(70));
            guard.register(new Held(30));
            // 180 > 100: cutting the largest (80) leaves 100, which fits.
            assertThat(guard.sweep()).isEqualTo(1);
            assertThat(countsSeenByTheCut).containsExactly(1L);
        }
    }

    @Test
    void overTheCapTheLargestAreCutUntilTheRestFits() {
        try (OutboundGuard guard = new OutboundGuard(100, 0)) {
            Held small = new Held(20);
            Held middle = new Held(45);
            Held large = new Held(50);
            Held larger = new Held(55);
            for (Held h : List.of(small, middle, large, larger)) {
                guard.register(h);
            }
            // 170 > 100: without the largest (55) 115 is still over, without the next (50) 65 fits.
            assertThat(guard.sweep()).isEqualTo(2);
            assertThat(larger.cuts).singleElement().asString().startsWith("slow consumer").contains("100 bytes");
            assertThat(large.cuts).hasSize(1);
            assertThat(middle.cuts).isEmpty();
            assertThat(small.cuts).isEmpty();
            assertThat(guard.cuts()).isEqualTo(2);
            assertThat(guard.lastTotalBytes()).isEqualTo(65);
            // The cut ones are no longer counted, whatever they still hold until their transport is gone.
            assertThat(guard.sweep()).isZero();
        }
    }

    @Test
    void anUnregisteredConsumerNoLongerCounts() {
        try (OutboundGuard guard = new OutboundGuard(100, 0)) {
            Held a = new Held(80);
            Held b = new Held(80);
            guard.register(a);
            guard.register(b);
            guard.unregister(b);
            assertThat(guard.totalBytes()).isEqualTo(80);
            assertThat(guard.sweep()).isZero();
        }
    }
}
