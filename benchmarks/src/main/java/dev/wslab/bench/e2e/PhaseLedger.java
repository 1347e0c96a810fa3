package dev.wslab.bench.e2e;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The books of one phase (warm-up or measurement) of a cell: what was sent, what should arrive,
 * what did arrive, how late, and anything that should not have happened (a message delivered
 * twice, out of order, or that nobody sent).
 *
 * <p>Latency is recorded in microseconds from the message's <em>intended</em> send time to the
 * moment a receiving client has read and parsed the event. A second histogram counts from the moment the
 * sender thread actually began the send: the difference is the load generator's own lateness (a sender
 * woken late from its timed sleep), which the first one charges to the server, as coordinated omission
 * demands, and the second leaves out. A server that stalls still shows in both: a send does not wait for
 * the server (a small frame goes into the socket's buffer).
 */
final class PhaseLedger {

    /** Longest latency the histogram tracks: ten minutes, far beyond any cell's drain timeout. */
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final char tag;
    private final SendLog sendLog;
    private final SendLog startLog;
    private final Histogram latencyMicros = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final Histogram fromSendMicros = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder expectedDeliveries = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicatesOrReordered = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    /** Where late deliveries are also booked (the p99.9 rounds with --slow-deliveries), or null. */
    private final SlowDeliveries slow;

    PhaseLedger(char tag, int senders) {
        this(tag, senders, null);
    }

    PhaseLedger(char tag, int senders, SlowDeliveries slow) {
        this.tag = tag;
        this.sendLog = new SendLog(senders);
        this.startLog = new SendLog(senders);
        this.slow = slow;
    }

    char tag() {
        return tag;
    }

    /**
     * Books a send before it goes out: its intended time, the time the sender thread actually began it
     * ({@code startedNanos} ≥ intended), and how many members of its room must receive it (the server
     * broadcasts to every member, the sender included).
     */
    void recordSend(int sender, int seq, long intendedNanos, long startedNanos, int roomMembers) {
        sendLog.record(sender, seq, intendedNanos);
        startLog.record(sender, seq, startedNanos);
        sent.increment();
        expectedDeliveries.add(roomMembers);
    }

    /**
     * Books one delivery read by a receiver. {@code lastSeqBySender} is the receiver's own memory of
     * the last sequence number it saw from each sender (only its thread touches it): RFC-free chat
     * semantics promise each member every message once, in the order the server accepted it, and a
     * sender's messages are accepted in the order it sent them.
     */
    void recordDelivery(ChatWire.Marker marker, long receivedNanos, int[] lastSeqBySender) {
        if (marker.phase() != tag) {
            return;
        }
        long intended = sendLog.timeOf(marker.sender(), marker.seq());
        if (intended < 0) {
            unknown.increment();
            return;
        }
        if (marker.seq() <= lastSeqBySender[marker.sender()]) {
            duplicatesOrReordered.increment();
            return;
        }
        lastSeqBySender[marker.sender()] = marker.seq();
        long micros = Math.max(0, (receivedNanos - intended) / 1000);
        latencyMicros.recordValue(Math.min(MAX_LATENCY_MICROS, micros));
        long started = startLog.timeOf(marker.sender(), marker.seq());
        fromSendMicros.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, (receivedNanos - started) / 1000)));
        if (slow != null) {
            slow.offer(marker.sender(), marker.seq(), intended, started, micros);
        }
        delivered.increment();
        lastDeliveryNanos.accumulateAndGet(receivedNanos, Math::max);
    }

    long sent() {
        return sent.sum();
    }

    long expectedDeliveries() {
        return expectedDeliveries.sum();
    }

    long delivered() {
        return delivered.sum();
    }

    long duplicatesOrReordered() {
        return duplicatesOrReordered.sum();
    }

    long unknown() {
        return unknown.sum();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    boolean allDelivered() {
        return delivered() >= expectedDeliveries();
    }

    Histogram latencyMicros() {
        return latencyMicros;
    }

    /** Latency from the moment each send began, leaving out the generator's lateness in sending. */
    Histogram fromSendMicros() {
        return fromSendMicros;
    }
}
