package dev.wslab.chat.ops;

import java.time.Duration;

/**
 * The last word of a graceful shutdown: if stopping has not finished {@code timeout} (plus a second of
 * grace for the JVM's own exit) after SIGTERM, the process halts with 143 (128 + SIGTERM), as an
 * orchestrator would kill it anyway, but without waiting for its longer kill timer.
 */
public final class ShutdownWatchdog {

    private ShutdownWatchdog() {}

    public static void start(Duration timeout) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("wslab chat: shutdown took longer than --shutdown-timeout (" + timeout.toSeconds()
                    + " s); halting");
            Runtime.getRuntime().halt(143);
        }, "wslab-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
