package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.ops.OutboundGuard;
import dev.wslab.chat.ops.ServerOps;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket connections, so that a stopping server can close them properly. */
final class ConnectionRegistry {

    private final Set<ConnectionDriver> open = ConcurrentHashMap.newKeySet();
    /** The server-wide bound on queued bytes; every open connection counts towards it. */
    private final OutboundGuard outbound;
    private final ServerOps ops;

    ConnectionRegistry(ServerOps ops) {
        this.ops = ops;
        this.outbound = ops.outbound();
    }

    ServerOps ops() {
        return ops;
    }

    OutboundGuard outbound() {
        return outbound;
    }

    void add(ConnectionDriver driver) {
        open.add(driver);
        outbound.register(driver);
    }

    void remove(ConnectionDriver driver) {
        open.remove(driver);
        outbound.unregister(driver);
    }

    int size() {
        return open.size();
    }

    /** Sends every connection a Close with {@code code}, then waits up to {@code wait} for them to finish. */
    void closeAll(int code, String reason, Duration wait) {
        for (ConnectionDriver driver : open) {
            driver.close(code, reason);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!open.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
