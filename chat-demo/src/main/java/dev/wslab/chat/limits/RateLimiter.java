package dev.wslab.chat.limits;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenBucket} per key (a client address, an account name). Buckets that are full again are
 * forgotten whenever the map grows past {@value #PRUNE_ABOVE} keys, so a client that makes up new keys
 * costs memory only while it is actually being limited. Thread-safe.
 */
public final class RateLimiter {

    static final int PRUNE_ABOVE = 10_000;

    private final RateLimit limit;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param limit the rate every key gets
     */
    public RateLimiter(RateLimit limit) {
        this.limit = limit;
    }

    /** The rate every key gets. */
    public RateLimit limit() {
        return limit;
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @param key what is limited, e.g. {@code "addr:127.0.0.1"} or {@code "name:ada"}
     * @return empty if the action may go ahead; otherwise how long until it may (for {@code Retry-After})
     */
    public Optional<Duration> tryAcquire(String key) {
        long now = System.nanoTime();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now)).tryTake(now);
        return wait == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(wait));
    }

    /**
     * Whole seconds for a {@code Retry-After} header (RFC 9110 §10.2.3), rounded up, at least 1.
     *
     * @param wait how long until the action may go ahead
     * @return seconds, at least 1
     */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
