package dev.wslab.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The server side of a cell: one JVM, or two wslab nodes and the redis-server they share. Clients are
 * dealt to the nodes round robin; CPU is the sum of every process (Redis included), so a cluster's
 * cost per message is comparable with one node's.
 */
final class ServerGroup implements AutoCloseable {

    private final ServerKind kind;
    private final RedisProcess redis;
    private final List<ServerProcess> nodes;

    private ServerGroup(ServerKind kind, RedisProcess redis, List<ServerProcess> nodes) {
        this.kind = kind;
        this.redis = redis;
        this.nodes = nodes;
    }

    static ServerGroup start(ServerKind kind, List<String> jvmOptions) {
        RedisProcess redis = null;
        List<ServerProcess> nodes = new ArrayList<>();
        try {
            if (kind.redis()) {
                redis = RedisProcess.start();
            }
            for (int i = 0; i < kind.nodes(); i++) {
                nodes.add(redis == null ? ServerProcess.start(kind, jvmOptions)
                        : ServerProcess.start(kind, jvmOptions, redis.uri()));
            }
            return new ServerGroup(kind, redis, nodes);
        } catch (IOException e) {
            nodes.forEach(ServerProcess::close);
            if (redis != null) {
                redis.close();
            }
            throw new UncheckedIOException(e);
        }
    }

    /** The port client {@code index} connects to. */
    int portFor(int index) {
        return nodes.get(index % nodes.size()).port();
    }

    /** The first node's port (accounts are registered there; a cluster shares them through Redis). */
    /** The server processes of this group (one, or a cluster's nodes), for footprint probes. */
    List<ServerProcess> nodes() {
        return nodes;
    }

    int firstPort() {
        return nodes.get(0).port();
    }

    boolean singleNode() {
        return nodes.size() == 1;
    }

    /** CPU time of every process of the group so far, in nanoseconds. */
    long cpuNanos() {
        long total = redis == null ? 0 : redis.cpuNanos();
        for (ServerProcess node : nodes) {
            total += node.cpuNanos();
        }
        return total;
    }

    /** Commands Redis has processed so far, or {@code null} when the group has no Redis. */
    LongSupplier redisCommands() {
        if (redis == null) {
            return null;
        }
        return () -> {
            try {
                return redis.commandsProcessed();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** What the nodes printed after they started, node by node. */
    List<String> log() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String line : nodes.get(i).log()) {
                lines.add(nodes.size() == 1 ? line : "[" + kind + " node " + (i + 1) + "] " + line);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
        if (redis != null) {
            redis.close();
        }
    }
}
