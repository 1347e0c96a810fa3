package dev.wslab.bench.e2e;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A time per message, by sender and sequence number: when it was meant to be sent, so that a receiver can
 * measure latency from the intended send time (correcting coordinated omission: a sender that fell
 * behind its schedule does not hide the delay), or when its send actually began. Segments of 4096 entries are added on demand; the
 * volatile accesses publish a sender's write to the receivers' threads.
 */
final class SendLog {

    private static final int SEGMENT_BITS = 12;
    private static final int SEGMENT_SIZE = 1 << SEGMENT_BITS;
    private static final int MAX_SEGMENTS = 1 << 12;

    private final AtomicReferenceArray<AtomicReferenceArray<AtomicLongArray>> bySender;
    /** Times are stored relative to this origin, plus one, so that 0 can mean "not recorded". */
    private final long origin = System.nanoTime();

    SendLog(int senders) {
        bySender = new AtomicReferenceArray<>(senders);
        for (int i = 0; i < senders; i++) {
            bySender.set(i, new AtomicReferenceArray<>(MAX_SEGMENTS));
        }
    }

    /** Records the time of message {@code seq} of {@code sender}. */
    void record(int sender, int seq, long nanos) {
        AtomicReferenceArray<AtomicLongArray> segments = bySender.get(sender);
        int index = seq >>> SEGMENT_BITS;
        AtomicLongArray segment = segments.get(index);
        if (segment == null) {
            segment = new AtomicLongArray(SEGMENT_SIZE);
            if (!segments.compareAndSet(index, null, segment)) {
                segment = segments.get(index);
            }
        }
        segment.set(seq & (SEGMENT_SIZE - 1), nanos - origin + 1);
    }

    /** The recorded time of a message, or -1 if it was never recorded. */
    long timeOf(int sender, int seq) {
        if (sender < 0 || sender >= bySender.length() || seq < 0 || (seq >>> SEGMENT_BITS) >= MAX_SEGMENTS) {
            return -1;
        }
        AtomicLongArray segment = bySender.get(sender).get(seq >>> SEGMENT_BITS);
        if (segment == null) {
            return -1;
        }
        long nanos = segment.get(seq & (SEGMENT_SIZE - 1));
        return nanos == 0 ? -1 : nanos + origin - 1;
    }
}
