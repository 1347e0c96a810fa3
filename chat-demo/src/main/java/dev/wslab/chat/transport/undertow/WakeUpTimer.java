package dev.wslab.chat.transport.undertow;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * One timer per connection on its IO thread, armed at the earliest deadline asked for: the answer to the
 * sans-IO connection's "when should I wake you?" (and the endpoint's scheduled close). IO thread only.
 */
final class WakeUpTimer {
    private final XnioIoThread ioThread;
    private final Runnable onWake;
    private XnioExecutor.Key key;
    private long atNanos;

    WakeUpTimer(XnioIoThread ioThread, Runnable onWake) {
        this.ioThread = ioThread;
        this.onWake = onWake;
    }

    /** Wakes at {@code nanos} (System.nanoTime), unless an earlier or equal wake-up is already armed. */
    void wakeAt(long nanos, long nowNanos) {
        if (key != null) {
            if (atNanos - nanos <= 0) {
                return; // the armed one fires first and re-evaluates
            }
            key.remove();
        }
        long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos - nowNanos) + 1);
        atNanos = nanos;
        try {
            key = ioThread.executeAfter(this::fire, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            key = null;
        }
    }

    void cancel() {
        if (key != null) {
            key.remove();
            key = null;
        }
    }

    private void fire() {
        key = null;
        onWake.run();
    }
}
