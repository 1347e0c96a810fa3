package dev.wslab.chat.ops;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The readiness check of a cluster node's Redis: a PING on a connection of its own (so a probe never
 * waits behind the chat's commands), answered within a second; a failed probe drops the connection and
 * the next one connects again.
 */
final class RedisProbe implements Supplier<String>, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisProbe(String uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(TIMEOUT);
        this.client = RedisClient.create(redisUri);
    }

    @Override
    public synchronized String get() {
        try {
            if (connection == null || !connection.isOpen()) {
                if (connection != null) {
                    connection.closeAsync();
                }
                connection = client.connect();
                connection.setTimeout(TIMEOUT);
            }
            String answer = connection.sync().ping();
            return "PONG".equals(answer) ? null : "Redis answered PING with " + answer;
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.closeAsync();
                connection = null;
            }
            return "Redis unreachable: " + e.getMessage();
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.closeAsync();
        }
        client.shutdownAsync();
    }
}
