package dev.wslab.chat.transport.polling;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP polling transport; {@link #defaults()} is what {@code ./wslab chat} runs.
 *
 * @param pathPrefix        where the transport's routes live ({@code /poll} → {@code POST /poll/sessions} …)
 * @param defaultWait       how long a long poll is held when the client does not say ({@code wait=} absent)
 * @param maxWait           the longest hold a client may ask for (longer requests are shortened)
 * @param sessionExpiry     a session with no poll for this long ends, and its user leaves its rooms
 * @param maxPendingEvents  events a session may hold for its client before it is ended as a slow consumer
 * @param maxPendingChars   characters of JSON a session may hold before it is ended as a slow consumer
 * @param maxBatch          most events in one answer (the rest come with the next poll, at once)
 */
public record PollingConfig(
        String pathPrefix,
        Duration defaultWait,
        Duration maxWait,
        Duration sessionExpiry,
        int maxPendingEvents,
        long maxPendingChars,
        int maxBatch) {

    public static final String DEFAULT_PATH_PREFIX = "/poll";
    /** Below the 30 s after which some proxies and browsers give up on a silent response. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(25);
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(55);
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_PENDING_EVENTS = 10_000;
    /** The same bound as a WebSocket connection's outbound queue. */
    public static final long DEFAULT_MAX_PENDING_CHARS = 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH = 500;

    public PollingConfig {
        if (pathPrefix == null || !pathPrefix.startsWith("/") || pathPrefix.length() < 2 || pathPrefix.endsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must look like '/poll'");
        }
        requirePositive(defaultWait, "defaultWait");
        requirePositive(maxWait, "maxWait");
        requirePositive(sessionExpiry, "sessionExpiry");
        if (defaultWait.compareTo(maxWait) > 0) {
            throw new IllegalArgumentException("defaultWait must not exceed maxWait");
        }
        if (maxPendingEvents < 1 || maxPendingChars < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxPendingEvents, maxPendingChars and maxBatch must be positive");
        }
    }

    /** 25 s long polls, sessions that expire after 60 s without a poll, 1 MiB per session. */
    public static PollingConfig defaults() {
        return new PollingConfig(DEFAULT_PATH_PREFIX, DEFAULT_WAIT, DEFAULT_MAX_WAIT, DEFAULT_SESSION_EXPIRY,
                DEFAULT_MAX_PENDING_EVENTS, DEFAULT_MAX_PENDING_CHARS, DEFAULT_MAX_BATCH);
    }

    /** A copy with another default long-poll wait (raising {@code maxWait} if needed). */
    public PollingConfig withDefaultWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        Duration max = wait.compareTo(maxWait) > 0 ? wait : maxWait;
        return new PollingConfig(pathPrefix, wait, max, sessionExpiry, maxPendingEvents, maxPendingChars, maxBatch);
    }

    /** A copy with another idle expiry. */
    public PollingConfig withSessionExpiry(Duration expiry) {
        return new PollingConfig(pathPrefix, defaultWait, maxWait, expiry, maxPendingEvents, maxPendingChars, maxBatch);
    }

    /** A copy with other slow-consumer bounds. */
    public PollingConfig withPendingLimits(int events, long chars) {
        return new PollingConfig(pathPrefix, defaultWait, maxWait, sessionExpiry, events, chars, maxBatch);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
