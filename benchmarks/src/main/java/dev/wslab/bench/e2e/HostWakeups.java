package dev.wslab.bench.e2e;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * How late this host wakes a thread, with no server involved: the floor under every end-to-end latency
 * the runner measures. A fixed-rate cell's sender sleeps until each intended send time, and every
 * delivery wakes a reader thread blocked on its socket; on a virtual machine both can cost more than a
 * whole delivery does on real hardware. Two measurements, 2,000 samples each:
 * <ul>
 *   <li><b>timed sleep</b>: {@code LockSupport.parkNanos} until a random instant 1–10 ms ahead, then how
 *       late the thread actually ran (the kernel's timer slack, 50 µs by default on Linux, plus scheduling);</li>
 *   <li><b>hand-off</b>: one thread passes a timestamp to another that is blocked waiting for it
 *       ({@code SynchronousQueue}), every 2 ms; how long until the receiver runs.</li>
 * </ul>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.HostWakeups}
 */
public final class HostWakeups {

    private static final int SAMPLES = 2_000;

    private HostWakeups() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println(line("timed sleep, lateness", timedSleepLateness()));
        System.out.println(line("hand-off to a blocked thread", handOffDelay()));
    }

    static long[] timedSleepLateness() {
        SplittableRandom random = new SplittableRandom(6455);
        long[] late = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long intended = System.nanoTime() + 1_000_000 + random.nextInt(9_000_000);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            late[i] = System.nanoTime() - intended;
        }
        return late;
    }

    static long[] handOffDelay() throws InterruptedException {
        SynchronousQueue<Long> queue = new SynchronousQueue<>();
        long[] delay = new long[SAMPLES];
        Thread receiver = new Thread(() -> {
            try {
                for (int i = 0; i < SAMPLES; i++) {
                    long sent = queue.take();
                    delay[i] = System.nanoTime() - sent;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hand-off-receiver");
        receiver.start();
        for (int i = 0; i < SAMPLES; i++) {
            Thread.sleep(2); // the receiver is blocked again by then, as a reader between two deliveries
            queue.put(System.nanoTime());
        }
        receiver.join();
        return delay;
    }

    static String line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%-30s µs: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d (%d samples)", what,
                at(sorted, 50) / 1000, at(sorted, 90) / 1000, at(sorted, 99) / 1000, at(sorted, 99.9) / 1000,
                sorted[sorted.length - 1] / 1000, sorted.length);
    }

    private static long at(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile * sorted.length / 100.0 - 1e-9) - 1; // nearest rank; 1e-9: 99.9 % of 1000 is 999, not 999.0000001
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
