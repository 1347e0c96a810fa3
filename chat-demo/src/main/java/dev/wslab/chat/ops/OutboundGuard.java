package dev.wslab.chat.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's memory bound for undelivered data, over all clients together. Each WebSocket connection
 * has its own bound ({@code --max-outbound}), and so has each polling session's backlog; but ten thousand
 * clients each just under their own bound would still be gigabytes. This guard sums what every consumer
 * holds (WebSocket inbox plus unwritten socket bytes, a polling session's retained events) and, past
 * {@code --max-outbound-total}, cuts the largest consumers as slow until the sum is back under the cap: a
 * WebSocket gets its 1008 Close, a polling session ends (its next poll answers 410) — the same endings as
 * for a client over its own bound, so clients need no new handling.
 *
 * <p>The sum is taken on one small thread of its own, not on each send: every
 * {@link #DEFAULT_INTERVAL_MILLIS} ms, and sooner when a consumer reports ({@link #nudge()}) that it holds
 * a noticeable share of the cap (a 64th), at most once per {@link #MIN_NUDGE_GAP_MILLIS} ms. A send stays a
 * per-connection counter update; a check is O(consumers). Between two checks the total may overshoot the cap
 * by what arrives in those milliseconds; every single consumer is still held to its own bound at every send.
 */
public final class OutboundGuard implements AutoCloseable {

    /** Something that holds data waiting for one slow client. */
    public interface Consumer {
        /** Bytes (or characters of JSON) held for the client now; any thread. */
        long queuedBytes();

        /** Ends the client as a slow consumer (1008 / session ended); any thread, may be called more than once. */
        void cutAsSlow(String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(OutboundGuard.class);
    public static final long DEFAULT_INTERVAL_MILLIS = 100;
    public static final long MIN_NUDGE_GAP_MILLIS = 2;

    private final long maxTotalBytes;
    private final Set<Consumer> consumers = ConcurrentHashMap.newKeySet();
    private final AtomicLong cuts = new AtomicLong();
    private volatile long lastTotal;
    private final long noticeableBytes;
    private final java.util.concurrent.atomic.AtomicBoolean nudged = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long lastSweepNanos = System.nanoTime();
    private final ScheduledExecutorService timer;

    /**
     * @param maxTotalBytes the cap on the sum of all consumers' queued bytes
     * @param intervalMillis how often the sum is checked; 0 for never on its own (tests call {@link #sweep()})
     */
    public OutboundGuard(long maxTotalBytes, long intervalMillis) {
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("the total outbound cap must be positive");
        }
        this.maxTotalBytes = maxTotalBytes;
        this.noticeableBytes = Math.max(1, maxTotalBytes / 64);
        if (intervalMillis > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wslab-outbound-guard");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::sweepQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * A consumer now holds {@code queuedBytes}: when that is a noticeable share of the cap, a check is
     * scheduled soon on the guard's thread (never run on the caller's). Cheap to call on every send.
     */
    public void nudge(long queuedBytes) {
        if (queuedBytes < noticeableBytes || timer == null) {
            return;
        }
        if (System.nanoTime() - lastSweepNanos >= MIN_NUDGE_GAP_MILLIS * 1_000_000 && nudged.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    nudged.set(false);
                    sweepQuietly();
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                nudged.set(false);
            }
        }
    }

    public void register(Consumer consumer) {
        consumers.add(consumer);
    }

    public void unregister(Consumer consumer) {
        consumers.remove(consumer);
    }

    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** The sum found by the last check (for metrics; cheap). */
    public long lastTotalBytes() {
        return lastTotal;
    }

    /** The sum over all consumers now (walks them all). */
    public long totalBytes() {
        long total = 0;
        for (Consumer consumer : consumers) {
            total += Math.max(0, consumer.queuedBytes());
        }
        return total;
    }

    /** How many consumers this guard has cut since the server started. */
    public long cuts() {
        return cuts.get();
    }

    /**
     * Checks the sum now and cuts the largest consumers until it is under the cap.
     *
     * @return how many consumers were cut
     */
    public int sweep() {
        List<Held> held = new ArrayList<>();
        long total = 0;
        for (Consumer consumer : consumers) {
            long bytes = Math.max(0, consumer.queuedBytes());
            if (bytes > 0) {
                held.add(new Held(consumer, bytes));
                total += bytes;
            }
        }
        lastTotal = total;
        lastSweepNanos = System.nanoTime();
        if (total <= maxTotalBytes) {
            return 0;
        }
        held.sort(Comparator.comparingLong(Held::bytes).reversed());
        int cut = 0;
        long before = total;
        for (Held largest : held) {
            if (total <= maxTotalBytes) {
                break;
            }
            consumers.remove(largest.consumer());
            // Counted before the cut takes effect: whoever sees the client gone (its room, a test, a
            // scrape of /metrics) must not see a count that does not include it yet.
            cuts.incrementAndGet();
            largest.consumer().cutAsSlow("slow consumer: the server's outbound memory (" + maxTotalBytes
                    + " bytes for all clients) is full and this client holds the most (" + largest.bytes() + " bytes)");
            total -= largest.bytes();
            cut++;
        }
        log.warn("outbound memory {} bytes over the cap of {}: cut the {} largest consumers as slow", before,
                maxTotalBytes, cut);
        lastTotal = total;
        return cut;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.error("the outbound guard's check failed", e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private record Held(Consumer consumer, long bytes) {}
}
