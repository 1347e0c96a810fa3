package dev.wslab.chat.limits;

/**
 * One token bucket: each action takes a token; tokens come back at the {@link RateLimit}'s rate up
 * to its burst. Thread-safe; times are {@link System#nanoTime()} values passed in, so tests need no
 * sleeping.
 */
public final class TokenBucket {

    private final int capacity;
    private final long nanosPerToken;
    /** Guarded by {@code this}: the tokens held, in nanoseconds of refill (tokens × nanosPerToken). */
    private long storedNanos;
    private long lastNanos;

    /**
     * A full bucket.
     *
     * @param limit the rate and burst
     * @param nowNanos the current {@link System#nanoTime()}
     */
    public TokenBucket(RateLimit limit, long nowNanos) {
        this.capacity = limit.permits();
        this.nanosPerToken = limit.nanosPerToken();
        this.storedNanos = capacity * nanosPerToken;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes one token if there is one.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return 0 if the action may go ahead, otherwise how many nanoseconds until a token is back
     *         (what {@code Retry-After} tells the client)
     */
    public synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (storedNanos >= nanosPerToken) {
            storedNanos -= nanosPerToken;
            return 0;
        }
        return nanosPerToken - storedNanos;
    }

    /**
     * Whether the bucket is full again, so forgetting it changes nothing.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return true when no action has been taken from it for a whole period
     */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return storedNanos >= capacity * nanosPerToken;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            storedNanos = Math.min(capacity * nanosPerToken, storedNanos + elapsed);
            lastNanos = nowNanos;
        }
    }
}
