package dev.wslab.chat.transport.undertow;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket connections, so that a stopping server can close them properly. */
final class ConnectionRegistry {

    private final Set<ConnectionDriver> open = ConcurrentHashMap.newKeySet();

    void add(ConnectionDriver driver) {
        open.add(driver);
    }

    void remove(ConnectionDriver driver) {
        open.remove(driver);
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
