package dev.wslab.chat.transport.polling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A numbered, bounded window of JSON items for one reader that fetches them with a cursor: the queue
 * behind an HTTP polling session (and behind the frame inspector's side channel).
 *
 * <h2>Why cursors make polling exact</h2>
 * Every appended item gets the next sequence number (1, 2, 3 …). A reader asks for "the items after
 * cursor {@code c}" and gets them with the new cursor. The log discards items only when the reader
 * asks with a cursor at or past them ({@link #read} acknowledges its cursor), so when an answer is lost on
 * the way (timeout, dropped connection, page reload) the reader simply asks again with its old cursor
 * and gets the same items again; when an answer arrives, the next request proves it. Nothing is lost,
 * nothing is delivered twice.
 *
 * <h2>Bounds</h2>
 * The items not yet acknowledged are bounded by count and by characters of JSON. What happens past the
 * bound is the log's {@link Overflow} policy: a chat session refuses the item and ends (as a WebSocket
 * closes a slow consumer with 1008: silently dropping chat events would break "exactly once"); the
 * frame inspector drops its oldest record, and a reader that falls that far behind gets
 * {@link CursorRead.Expired}.
 *
 * <h2>Waiting readers</h2>
 * A long poll registers a {@link Waiter} that is woken once, when an item arrives, when the log is
 * closed, or when another waiter replaces it. {@link Waiter#wake()} runs on the appending thread with
 * this log's lock held: it must only hand work to another thread.
 *
 * <p>Thread-safe.
 */
public final class CursorLog {

    /** What {@link #append} does when the retained items would exceed the bounds. */
    public enum Overflow {
        /** Refuse the item ({@code append} returns false); the owner ends the stream. */
        REFUSE,
        /** Discard the oldest items to make room; a reader whose cursor is then too old gets {@code Expired}. */
        DROP_OLDEST
    }

    /** Something waiting for the next item (a held long poll). */
    @FunctionalInterface
    public interface Waiter {
        /** Called at most once per registration; must not block or call back into the log synchronously. */
        void wake();
    }

    private final int maxItems;
    private final long maxChars;
    private final Overflow overflow;

    /** Guarded by {@code this}: the retained items; the first one has number {@link #firstSeq}. */
    private final ArrayDeque<String> items = new ArrayDeque<>();
    private long firstSeq = 1;
    private long lastSeq;
    private long retainedChars;
    private String closedReason;
    private Waiter waiter;
    private long waiterCursor;

    /**
     * @param maxItems most items retained before the overflow policy applies (at least 1)
     * @param maxChars most characters of JSON retained before the overflow policy applies
     * @param overflow what to do past either bound
     */
    public CursorLog(int maxItems, long maxChars, Overflow overflow) {
        if (maxItems < 1 || maxChars < 1) {
            throw new IllegalArgumentException("a cursor log must be able to hold at least one item");
        }
        this.maxItems = maxItems;
        this.maxChars = maxChars;
        this.overflow = Objects.requireNonNull(overflow, "overflow");
    }

    /**
     * Appends one item and wakes the waiting reader, if any.
     *
     * @return {@code true} if appended; {@code false} if the log is closed, or full with {@link Overflow#REFUSE}
     */
    public synchronized boolean append(String json) {
        Objects.requireNonNull(json, "json");
        if (closedReason != null) {
            return false;
        }
        if (overflow == Overflow.REFUSE && (items.size() + 1 > maxItems || retainedChars + json.length() > maxChars)) {
            return false;
        }
        items.addLast(json);
        retainedChars += json.length();
        lastSeq++;
        while (items.size() > maxItems || (retainedChars > maxChars && items.size() > 1)) {
            retainedChars -= items.removeFirst().length();
            firstSeq++;
        }
        wakeWaiter();
        return true;
    }

    /**
     * The items after {@code cursor}, at most {@code maxBatch} of them. Reading with a cursor also
     * acknowledges it: items up to {@code cursor} are discarded, because the reader has proven it has them.
     */
    public synchronized CursorRead read(long cursor, int maxBatch) {
        if (cursor > lastSeq || cursor < 0) {
            return new CursorRead.Ahead(cursor, lastSeq);
        }
        if (cursor < firstSeq - 1) {
            return new CursorRead.Expired(cursor, firstSeq - 1, lastSeq);
        }
        acknowledge(cursor);
        if (cursor == lastSeq && closedReason != null) {
            return new CursorRead.Ended(closedReason, cursor);
        }
        int count = (int) Math.min(Math.max(maxBatch, 1), lastSeq - cursor);
        List<String> out = new ArrayList<>(count);
        Iterator<String> it = items.iterator();
        for (int i = 0; i < count; i++) {
            out.add(it.next());
        }
        return new CursorRead.Items(out, cursor + count);
    }

    /**
     * Registers {@code next} to be woken when there is something after {@code cursor} (an item, or the
     * end). If there already is, nothing is registered and {@code false} is returned: read now. A waiter
     * registered earlier is replaced and woken, so that its poll answers (empty) instead of hanging.
     */
    public synchronized boolean await(long cursor, Waiter next) {
        if (cursor < lastSeq || closedReason != null) {
            return false;
        }
        Waiter previous = waiter;
        waiter = next;
        waiterCursor = cursor;
        if (previous != null) {
            previous.wake();
        }
        return true;
    }

    /** Removes {@code registered} if it is still the waiter (its poll timed out); it is not woken. */
    public synchronized void cancel(Waiter registered) {
        if (waiter == registered) {
            waiter = null;
        }
    }

    /**
     * Closes the log: no more appends; readers get what is left, then {@link CursorRead.Ended} with this
     * reason. Wakes the waiter.
     *
     * @return {@code true} if this call closed it, {@code false} if it was closed already
     */
    public synchronized boolean close(String reason) {
        if (closedReason != null) {
            return false;
        }
        closedReason = Objects.requireNonNull(reason, "reason");
        Waiter current = waiter;
        waiter = null;
        if (current != null) {
            current.wake();
        }
        return true;
    }

    /** The reason given to {@link #close}, or {@code null} while open. */
    public synchronized String closedReason() {
        return closedReason;
    }

    /** The oldest cursor {@link #read} still serves: readers behind it get {@link CursorRead.Expired}. */
    public synchronized long oldestCursor() {
        return firstSeq - 1;
    }

    /** The number of the newest item (0 when nothing was ever appended). */
    public synchronized long latestCursor() {
        return lastSeq;
    }

    /** How many items are retained (appended and not yet acknowledged, or not yet dropped). */
    /** Characters of JSON retained (what a slow reader costs the server's memory). */
    public synchronized long retainedChars() {
        return retainedChars;
    }

    public synchronized int retainedItems() {
        return items.size();
    }

    /** True while a waiter is registered. */
    public synchronized boolean hasWaiter() {
        return waiter != null;
    }

    private void acknowledge(long cursor) {
        while (firstSeq <= cursor && !items.isEmpty()) {
            retainedChars -= items.removeFirst().length();
            firstSeq++;
        }
    }

    private void wakeWaiter() {
        if (waiter != null && waiterCursor < lastSeq) {
            Waiter current = waiter;
            waiter = null;
            current.wake();
        }
    }
}
