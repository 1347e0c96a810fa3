package dev.wslab.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names what held a CPU while each late message of the p99.9 rounds was late (issue 19: "find where the tail
 * comes from first"). It lays the runner's {@code --slow-deliveries} file over the kernel's record of which
 * thread ran on which CPU in the same minutes, and for every late message picks the thread outside the
 * message's own path that ran longest inside the message's late window: a server's or the generator's
 * {@code VM Thread} (a collector pause or another safepoint operation), a JIT compiler thread, or another
 * process. When nothing else ran that long, the delay was the scheduler's own wake-up latency. The file also says
 * when the generator began each send, so the report shows how much of a late message was late before the server
 * saw it (a sender thread woken late), which the verdicts on the intended send time charge to the server.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.TransportRunner --footprint --only 10c/1r \
 *     --latency-rounds 5 --slow-deliveries /tmp/slow.tsv --out /tmp/fp &amp;
 * # once the rounds have begun ("[p99.9 round 1/5]" on the runner's output):
 * perf record -k mono -e sched:sched_switch -e sched:sched_wakeup -a -o /tmp/sched.data -- sleep 120
 * perf sched timehist -i /tmp/sched.data &gt; /tmp/timehist.txt
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.TailAttribution /tmp/slow.tsv /tmp/timehist.txt
 * </pre>
 * {@code -k mono} puts the kernel's timestamps on {@code CLOCK_MONOTONIC}, the clock of {@code System.nanoTime}.
 */
public final class TailAttribution {

    /** A thread that ran less than this inside a late window is on the message's path, not in its way. */
    static final long MIN_OVERLAP_MICROS = 300;

    /** One stretch of a thread on a CPU, from {@code perf sched timehist}: it ended at {@code endMicros}. */
    record Run(long endMicros, String thread, long pid, long runMicros) {
        long startMicros() {
            return endMicros - runMicros;
        }
    }

    /** A late message whose own send began at least this long after its intended time: the generator was late. */
    static final long LATE_SEND_MICROS = 1_000;

    /**
     * One late message: its late deliveries grouped (the same sender and sequence number in one cell).
     * {@code sendLateMicros} is how long after its intended time the generator began to send it, or -1 in a file
     * written before the runner recorded that.
     */
    record LateMessage(String cell, int sender, int seq, long sentMicros, long worstLatencyMicros, int deliveries,
                       long sendLateMicros) {
        long endMicros() {
            return sentMicros + worstLatencyMicros;
        }

        boolean sentLate() {
            return sendLateMicros >= LATE_SEND_MICROS;
        }
    }

    /** What a late message is put down to. */
    record Cause(String what, String process) {
        @Override
        public String toString() {
            return process.isEmpty() ? what : what + " (" + process + ")";
        }
    }

    private TailAttribution() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TailAttribution SLOW_DELIVERIES_TSV PERF_SCHED_TIMEHIST_TXT");
            System.exit(2);
        }
        List<String> slow = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        List<String> timehist = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        System.out.print(report(processes(slow), lateMessages(slow), runs(timehist)));
    }

    /** The {@code # pid} lines: process id to its role ("wslab-ws server", "load generator"). */
    static Map<Long, String> processes(List<String> slowFile) {
        Map<Long, String> roles = new LinkedHashMap<>();
        for (String line : slowFile) {
            if (line.startsWith("# pid\t")) {
                String[] f = line.split("\t");
                roles.put(Long.parseLong(f[1]), f[2]);
            }
        }
        return roles;
    }

    /** The late deliveries, one entry per message, in the file's order. */
    static List<LateMessage> lateMessages(List<String> slowFile) {
        Map<String, LateMessage> byMessage = new LinkedHashMap<>();
        for (int i = 0; i < slowFile.size(); i++) {
            String line = slowFile.get(i);
            if (line.startsWith("#") || line.startsWith("cell\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            LateMessage late;
            try {
                late = new LateMessage(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), 1, f.length > 5 ? Long.parseLong(f[5]) : -1);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a late delivery (cell, sender, seq, sent_us,"
                        + " latency_us and send_late_us separated by tabs, as TransportRunner --slow-deliveries writes them): "
                        + line, e);
            }
            byMessage.merge(late.cell() + "\t" + late.sender() + "\t" + late.seq(), late,
                    (a, b) -> new LateMessage(a.cell(), a.sender(), a.seq(), a.sentMicros(),
                            Math.max(a.worstLatencyMicros(), b.worstLatencyMicros()), a.deliveries() + 1,
                            a.sendLateMicros()));
        }
        return new ArrayList<>(byMessage.values());
    }

    // "  7618.036083 [0001]  C2 CompilerThre[25764/25748]   0.025   0.000   6.468": time, cpu, task[tid/pid],
    // wait, scheduling delay and run time (ms). Kernel threads have no pid; <idle> has no brackets at all.
    private static final Pattern TIMEHIST = Pattern.compile(
            "^\\s*(\\d+)\\.(\\d{6})\\s+\\[\\d+]\\s+(.+?)\\[(\\d+)(?:/(\\d+))?]\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s*$");

    /** The stretches of {@code perf sched timehist} (lines that are not one are skipped). */
    static List<Run> runs(List<String> timehist) {
        List<Run> runs = new ArrayList<>();
        for (String line : timehist) {
            Matcher m = TIMEHIST.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long end = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
            long tid = Long.parseLong(m.group(4));
            long pid = m.group(5) == null ? tid : Long.parseLong(m.group(5)); // a kernel thread is its own process
            long runMicros = Math.round(Double.parseDouble(m.group(8)) * 1000);
            runs.add(new Run(end, m.group(3).trim(), pid, runMicros));
        }
        runs.sort(Comparator.comparingLong(Run::endMicros));
        return runs;
    }

    /** The thread outside the message's path that ran longest inside its late window, as a cause. */
    static Cause causeOf(LateMessage message, List<Run> runs, Map<Long, String> processes) {
        Run longest = null;
        long longestOverlap = 0;
        for (Run run : runs) {
            if (run.endMicros() <= message.sentMicros()) {
                continue;
            }
            if (run.startMicros() >= message.endMicros()) {
                continue;
            }
            long overlap = Math.min(run.endMicros(), message.endMicros()) - Math.max(run.startMicros(), message.sentMicros());
            if (overlap > longestOverlap) {
                longestOverlap = overlap;
                longest = run;
            }
        }
        if (longest == null || longestOverlap < MIN_OVERLAP_MICROS) {
            return new Cause("nothing else ran ≥ " + MIN_OVERLAP_MICROS + " µs: wake-up latency", "");
        }
        String process = processes.getOrDefault(longest.pid(), "another process");
        String thread = longest.thread();
        if (thread.startsWith("VM Thread")) {
            return new Cause("VM Thread: collector pause or safepoint", process);
        }
        if (thread.startsWith("C2 CompilerThre") || thread.startsWith("C1 CompilerThre")) {
            return new Cause("JIT compiler thread", process);
        }
        return new Cause(thread.replaceAll("\\d+$", "N"), process);
    }

    /**
     * Per server: its late messages by cause (how many, the worst latency), how many of them the generator
     * began to send late, then every late message.
     */
    static String report(Map<Long, String> processes, List<LateMessage> messages, List<Run> runs) {
        Map<String, Map<String, long[]>> byServer = new TreeMap<>();
        Map<String, long[]> sentLate = new TreeMap<>();
        StringBuilder detail = new StringBuilder();
        for (LateMessage message : messages) {
            String server = message.cell().replaceFirst("^round \\d+ ", "");
            Cause cause = causeOf(message, runs, processes);
            long[] tally = byServer.computeIfAbsent(server, s -> new TreeMap<>())
                    .computeIfAbsent(cause.toString(), c -> new long[2]);
            tally[0]++;
            tally[1] = Math.max(tally[1], message.worstLatencyMicros());
            long[] late = sentLate.computeIfAbsent(server, s -> new long[2]);
            late[0]++;
            late[1] += message.sentLate() ? 1 : 0;
            detail.append(String.format("| %s | %d/%d | %d | %.2f | %s | %s |%n", message.cell(), message.sender(),
                    message.seq(), message.deliveries(), message.worstLatencyMicros() / 1000.0,
                    message.sendLateMicros() < 0 ? "—" : String.format("%.2f", message.sendLateMicros() / 1000.0), cause));
        }
        StringBuilder out = new StringBuilder();
        out.append("Late messages (a delivery ≥ ").append(SlowDeliveries.THRESHOLD_MICROS / 1000)
                .append(" ms) by what held a CPU while they were late:\n\n");
        out.append("| server | cause | late messages | worst ms |\n|---|---|---:|---:|\n");
        byServer.forEach((server, causes) -> causes.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.append(String.format("| %s | %s | %d | %.2f |%n", server, e.getKey(), e.getValue()[0],
                        e.getValue()[1] / 1000.0))));
        if (messages.stream().allMatch(m -> m.sendLateMicros() >= 0)) {
            out.append("\nLate messages whose send the generator itself began ≥ ").append(LATE_SEND_MICROS / 1000)
                    .append(" ms after the intended time (its sender thread ran late; the rest of the delay was the server's"
                            + " or the delivery's):\n\n| server | late messages | sent ≥ ")
                    .append(LATE_SEND_MICROS / 1000).append(" ms late |\n|---|---:|---:|\n");
            sentLate.forEach((server, n) -> out.append(String.format("| %s | %d | %d |%n", server, n[0], n[1])));
        }
        out.append("\nEvery late message (send late: from the intended time to the start of its send):\n\n"
                + "| cell | sender/seq | late deliveries | worst ms | send late ms | cause |\n|---|---|---:|---:|---:|---|\n");
        out.append(detail);
        return out.toString();
    }
}
