package dev.wslab.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deliveries of the p99.9 rounds that took longer than {@value #THRESHOLD_MICROS} µs, each with the
 * monotonic time its message was meant to be sent ({@code System.nanoTime}, which is Linux's
 * {@code CLOCK_MONOTONIC}). Written with the process ids of the servers and of this load generator, so that
 * {@link TailAttribution} can lay them over a {@code perf sched} recording of the same minutes and name what
 * held a CPU while each message was late: a collector pause, a JIT compiler thread, another process.
 */
final class SlowDeliveries {

    /** About twice the median delivery on the 2-core host: the deliveries that make a p99.9. */
    static final long THRESHOLD_MICROS = 2_000;
    /** A cell where everything is late (a saturated one) must not fill the generator's heap. */
    private static final int CAP = 20_000;

    /**
     * One late delivery: {@code cell} names the round and transport; {@code sentMicros} (the intended send time)
     * is monotonic; {@code sendLateMicros} is how long after it the generator began the send, the part of the
     * latency that is the generator's and not the server's.
     */
    record Delivery(String cell, int sender, int seq, long sentMicros, long latencyMicros, long sendLateMicros) {
    }

    private final ConcurrentLinkedQueue<Delivery> kept = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile String cell = "";

    /** The label the next deliveries are booked under (the runner's round and transport). */
    void startCell(String label) {
        cell = label;
    }

    /** Called by the receiving threads for every delivery; keeps the late ones only. */
    void offer(int sender, int seq, long intendedNanos, long startedNanos, long latencyMicros) {
        if (latencyMicros >= THRESHOLD_MICROS && count.incrementAndGet() <= CAP) {
            kept.add(new Delivery(cell, sender, seq, intendedNanos / 1000, latencyMicros,
                    Math.max(0, (startedNanos - intendedNanos) / 1000)));
        }
    }

    /**
     * Writes a tab-separated file: {@code # pid} lines naming each process (the role is what TailAttribution
     * prints), then one line per late delivery.
     */
    void write(Path file, Map<Long, String> processes) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# deliveries of the p99.9 rounds slower than ").append(THRESHOLD_MICROS)
                .append(" µs; sent_us is CLOCK_MONOTONIC (perf record -k mono)\n");
        processes.forEach((pid, role) -> out.append("# pid\t").append(pid).append('\t').append(role).append('\n'));
        out.append("cell\tsender\tseq\tsent_us\tlatency_us\tsend_late_us\n");
        for (Delivery d : kept) {
            out.append(d.cell()).append('\t').append(d.sender()).append('\t').append(d.seq()).append('\t')
                    .append(d.sentMicros()).append('\t').append(d.latencyMicros()).append('\t')
                    .append(d.sendLateMicros()).append('\n');
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }
}
