package dev.wslab.chat.transport.undertow;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over from any thread to a connection's IO thread: {@link Outgoing} items in order, the bytes
 * they hold (for the outbound bound), and whether a drain is already scheduled (one wake-up per burst).
 */
final class OutgoingQueue {
    private final ConcurrentLinkedQueue<Outgoing> items = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    /** Any thread: counts the item's bytes first, so a racing sender sees them; see {@link #refund}. */
    long reserve(Outgoing item) {
        return bytes.addAndGet(item.bytes());
    }

    /** Any thread: takes back a reservation that was refused (over the bound). */
    void refund(Outgoing item) {
        bytes.addAndGet(-item.bytes());
    }

    /** Any thread: queues a reserved item; true if the caller must schedule a drain on the IO thread. */
    boolean add(Outgoing item) {
        items.add(item);
        return drainScheduled.compareAndSet(false, true);
    }

    /** IO thread: the next item in order, or null; its bytes leave the count. */
    Outgoing poll() {
        Outgoing item = items.poll();
        if (item != null) {
            bytes.addAndGet(-item.bytes());
        }
        return item;
    }

    /** IO thread: a drain is running now; later additions schedule another. */
    void draining() {
        drainScheduled.set(false);
    }

    /** Any thread: bytes queued and not yet handed to the connection. */
    long bytes() {
        return bytes.get();
    }

    /** IO thread: forgets everything (the connection is closing or gone). */
    void clear() {
        items.clear();
        bytes.set(0);
        drainScheduled.set(false);
    }
}
