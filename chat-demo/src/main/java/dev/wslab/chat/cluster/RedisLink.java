package dev.wslab.chat.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to Redis that heals itself: a command on a broken link fails at once, and the next
 * command after a short pause connects again.
 *
 * <p>Lettuce's own automatic reconnect is off on purpose. With it, a command whose reply was lost in a
 * disconnect is sent again after the reconnect ("at least once"): an {@code XADD} could then put the
 * same message into a room twice. Without it every command runs at most once; a command that fails
 * tells its caller so ({@code error unavailable} to a sender), and nothing is repeated behind anyone's
 * back.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** After a failed connect, commands fail fast for this long before the next attempt. */
    private static final long RECONNECT_PAUSE_NANOS = Duration.ofMillis(300).toNanos();

    private final RedisClient client;
    private final String name;
    private final Duration timeout;
    private final AtomicLong roundTrips;
    private StatefulRedisConnection<String, String> connection;
    private long lastAttempt = System.nanoTime() - RECONNECT_PAUSE_NANOS;
    private boolean reportedDown;

    /**
     * @param name       what this link is for, in log lines
     * @param timeout    how long one command may take (a blocking read must fit in it)
     * @param roundTrips counts every command sent, for the benchmarks' round trips per message
     */
    RedisLink(RedisClient client, String name, Duration timeout, AtomicLong roundTrips) {
        this.client = client;
        this.name = name;
        this.timeout = timeout;
        this.roundTrips = roundTrips;
    }

    /** A client for {@code uri} with at-most-once commands (see the class comment). */
    static RedisClient client(String uri) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    /**
     * The open connection, connecting first if needed, and counts one round trip for the command the
     * caller is about to send.
     *
     * @throws ClusterUnavailableException if Redis cannot be reached now
     */
    synchronized StatefulRedisConnection<String, String> get() {
        roundTrips.incrementAndGet();
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
        long now = System.nanoTime();
        if (now - lastAttempt < RECONNECT_PAUSE_NANOS) {
            throw new ClusterUnavailableException("Redis is unreachable (" + name + " link down)", null);
        }
        lastAttempt = now;
        try {
            connection = client.connect();
            connection.setTimeout(timeout);
            if (reportedDown) {
                log.info("Redis link '{}' is back", name);
                reportedDown = false;
            }
            return connection;
        } catch (RuntimeException e) {
            if (!reportedDown) {
                log.warn("Redis link '{}' is down: {}; commands fail with 'unavailable' until it is back", name, e.getMessage());
                reportedDown = true;
            }
            throw new ClusterUnavailableException("Redis is unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
