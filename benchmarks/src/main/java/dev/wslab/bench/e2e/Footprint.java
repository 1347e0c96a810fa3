package dev.wslab.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each server costs in memory and threads after each cell ({@code TransportRunner --footprint}, issue 19):
 * resident memory (now, and the peak so far), the heap's live objects after a full collection, direct
 * memory and threads. Read from outside, the same way for every server, in this order: {@code /proc} first
 * (the full collection of the heap probe changes what is resident), then {@code jcmd GC.class_histogram}
 * (a full GC that totals the live objects). Direct memory is read from wslab's own {@code /metrics}
 * (the JVM's buffer pool), since NMT would itself add to the resident memory measured; peers show "—".
 *
 * <p>In this mode wslab's chat runs with the JVM options {@code ./wslab chat} ships
 * ({@code chat-demo/jvm.options}, and {@code MALLOC_ARENA_MAX=2}), so the numbers are those of the server
 * as shipped; the peers keep the runner's {@code --server-heap}.
 */
final class Footprint {

    /** The options {@code ./wslab chat} starts its JVM with, read from chat-demo/jvm.options (empty if not found). */
    private static final List<String> SHIPPED_JVM = shippedJvmOptions();

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern DIRECT = Pattern.compile("(?m)^wslab_jvm_buffer_memory_used_bytes\\{id=\"direct\"} (\\S+)$");

    /** One server after one cell. */
    record Sample(String cell, String server, long rss, long peakRss, long heapAfterGc, long direct, int threads) {}

    private Footprint() {}

    static Sample probe(String cell, ServerKind kind, ServerProcess server) throws IOException, InterruptedException {
        long pid = server.pid();
        long rss = statusField(pid, "VmRSS:") * 1024;
        long peak = statusField(pid, "VmHWM:") * 1024;
        int threads = (int) statusField(pid, "Threads:");
        long direct = kind.wslabChat() ? direct(server.port()) : -1;
        long heap = -1;
        if (kind.jvm()) {
            Matcher live = HISTOGRAM_TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
            heap = live.find() ? Long.parseLong(live.group(2)) : -1;
        }
        return new Sample(cell, kind.name().toLowerCase(Locale.ROOT), rss, peak, heap, direct, threads);
    }

    /**
     * The shipped JVM options, for a run that measures the server as shipped. Fails when chat-demo/jvm.options
     * cannot be read: the run would otherwise measure a JVM with the machine's ergonomics (a quarter of the RAM as
     * heap) and label it "as shipped", which is what a run started outside the repository root once published.
     */
    static List<String> shippedJvm() {
        if (SHIPPED_JVM.isEmpty()) {
            throw new IllegalStateException("chat-demo/jvm.options not found from " + Path.of("").toAbsolutePath()
                    + ": run from the repository root (or its benchmarks folder) to measure the chat as ./wslab chat starts it");
        }
        return SHIPPED_JVM;
    }

    /** Whether these options include all of the shipped ones (then the chat also gets MALLOC_ARENA_MAX=2). */
    static boolean includesShipped(List<String> jvmOptions) {
        return !SHIPPED_JVM.isEmpty() && jvmOptions.containsAll(SHIPPED_JVM);
    }

    private static List<String> shippedJvmOptions() {
        for (Path path : List.of(Path.of("chat-demo", "jvm.options"), Path.of("..", "chat-demo", "jvm.options"))) {
            if (Files.isRegularFile(path)) {
                try (Stream<String> lines = Files.lines(path)) {
                    List<String> options = new ArrayList<>();
                    lines.map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                            .forEach(l -> options.addAll(List.of(l.split("\\s+"))));
                    return List.copyOf(options);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
                }
            }
        }
        return List.of();
    }

    private static long direct(int port) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = DIRECT.matcher(text);
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(2, TimeUnit.MINUTES);
        return text;
    }

    private static long statusField(long pid, String field) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith(field)).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
        }
    }

    // ---------------------------------------------------------------- the page

    /** Issue 19's targets: the seed stack's RSS at the loads this profile runs. */
    static long targetRssMb(CellSpec spec) {
        if (spec.mode() == CellSpec.Mode.FIXED_RATE && spec.clients() == 10) {
            return 114;
        }
        if (spec.mode() == CellSpec.Mode.SATURATION && spec.clients() == 10) {
            return 117;
        }
        if (spec.mode() == CellSpec.Mode.SATURATION && spec.clients() == 50) {
            return 126;
        }
        return -1;
    }

    static final double SEED_P999_MS = 0.91;

    /** The median (the mean of the two middle values for an even count). */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The footprint page: per cell and server the measured numbers, then issue 19's targets with verdicts
     * computed from them (RSS against the seed stack's, p99.9 at 10 × 100/s against the best peer's in this run
     * and the seed's 0.91 ms).
     */
    static String markdown(RunReport report, List<Sample> samples) {
        return markdown(report, samples, Map.of());
    }

    /** How {@code TransportRunner} labels a server's sample taken after the p99.9 rounds. */
    static final String AFTER_ROUNDS = " (after the p99.9 rounds)";

    /** The same server's sample of the same cell after the p99.9 rounds, or null. */
    private static Sample afterRounds(List<Sample> samples, Sample cell) {
        return samples.stream()
                .filter(s -> s.server().equals(cell.server()) && s.cell().equals(cell.cell() + AFTER_ROUNDS))
                .findFirst().orElse(null);
    }

    /** The cell of the p99.9 target: 10 members in one room, 100 messages/s, on a WebSocket transport. */
    static boolean isTailCell(CellSpec spec) {
        return spec.mode() == CellSpec.Mode.FIXED_RATE && spec.clients() == 10 && spec.transport().isWebSocket();
    }

    /**
     * As {@link #markdown(RunReport, List)}, with the tail cell run again in rounds ({@code TransportRunner
     * --latency-rounds}): the p99.9 of each round per transport id, in round order. A single run's p99.9 is
     * about ten deliveries, one message's fan-out, so one stall decides it; when rounds were run the
     * verdicts compare the medians of the rounds, as the issue's own measurement did (3 rounds, medians).
     */
    static String markdown(RunReport report, List<Sample> samples, Map<String, List<Long>> tailRounds) {
        return markdown(report, samples, tailRounds, Map.of());
    }

    /**
     * As above, with the same rounds' p99.9 counted from each send's actual start ({@code fromSend}): the load
     * generator's own lateness in sending left out. Shown for insight; the verdicts stay on the intended send times.
     */
    static String markdown(RunReport report, List<Sample> samples, Map<String, List<Long>> tailRounds,
                           Map<String, List<Long>> fromSend) {
        StringBuilder out = new StringBuilder();
        out.append("# Footprint: memory and threads per server per cell (issue 19)\n\n")
                .append("Generated by `").append(report.command()).append("` on ").append(report.environment().cpus())
                .append(" CPUs (").append(report.environment().cpuModel()).append("), ").append(report.environment().finishedUtc())
                .append(", load before/after ").append(report.environment().loadAverageBefore()).append(" / ")
                .append(report.environment().loadAverageAfter()).append(". wslab's chat runs with the JVM options `./wslab chat` ships (")
                .append("`").append(String.join(" ", shippedJvm())).append("`, `MALLOC_ARENA_MAX=2`); the peers with `-Xms/-Xmx` ")
                .append("of `--server-heap`; the Node.js peers, when run, with Node's defaults. Measured after each cell: RSS (`VmRSS`), the peak so far (`VmHWM`), live heap after a ")
                .append("full GC (`jcmd GC.class_histogram`), direct buffers (wslab's `/metrics`), threads.\n\n");
        out.append("| cell | server | RSS MB | peak RSS MB | heap after full GC MB | direct MB | threads |\n|---|---|---|---|---|---|---|\n");
        for (Sample s : samples) {
            out.append("| ").append(s.cell()).append(" | ").append(s.server()).append(" | ").append(mb(s.rss())).append(" | ")
                    .append(mb(s.peakRss())).append(" | ").append(s.heapAfterGc() < 0 ? "—" : mb(s.heapAfterGc())).append(" | ")
                    .append(s.direct() < 0 ? "—" : mb(s.direct())).append(" | ").append(s.threads()).append(" |\n");
        }
        out.append("\n## Issue 19's targets, verdicts from the data above\n\n")
                .append("| target | measured | verdict |\n|---|---|---|\n");
        List<CellResult> results = report.cells();
        for (int i = 0; i < results.size() && i < samples.size(); i++) {
            CellResult r = results.get(i);
            Sample s = samples.get(i);
            long target = targetRssMb(r.spec());
            if (target > 0 && r.spec().transport().server().wslabChat()) {
                // After the rounds too, when there were rounds: the first 10 s of a light load need not have
                // touched all of the young generation yet, so the larger of the two is judged.
                Sample later = afterRounds(samples, s);
                Sample judged = later != null && later.rss() > s.rss() ? later : s;
                out.append("| RSS of wslab's chat, ").append(r.spec().label()).append(" ≤ ").append(target).append(" MB (seed stack) | ")
                        .append(mb(judged.rss())).append(" MB (peak ").append(mb(judged.peakRss())).append(")")
                        .append(judged == later ? " after the p99.9 rounds; " + mb(s.rss()) + " after the cell" : "")
                        .append(" | ").append(judged.rss() <= target * 1024 * 1024 ? "**met**" : "**missed**").append(" |\n");
            }
        }
        // The p99.9 of the tail cell per transport: one run's, or the median of the rounds when there are rounds.
        Map<String, Long> tail = new LinkedHashMap<>();
        String wslabId = null;
        for (CellResult r : results) {
            if (isTailCell(r.spec()) && r.passed()) {
                tail.put(r.spec().transport().id(), r.latencyMicros().p999());
                if (r.spec().transport().server().wslabChat()) {
                    wslabId = r.spec().transport().id();
                }
            }
        }
        boolean rounds = !tailRounds.isEmpty();
        if (rounds) {
            tail.replaceAll((id, single) -> tailRounds.containsKey(id) ? median(tailRounds.get(id)) : single);
        }
        int roundCount = rounds ? tailRounds.values().iterator().next().size() : 0;
        String how = rounds ? "median of " + roundCount + " rounds" : "this run";
        if (wslabId != null) {
            double p999 = tail.get(wslabId) / 1000.0;
            out.append("| p99.9 at 10 members × 100 msgs/s ≤ the seed stack's ").append(SEED_P999_MS).append(" ms | ")
                    .append(String.format(Locale.ROOT, "%.2f ms (%s)", p999, how)).append(" | ")
                    .append(p999 <= SEED_P999_MS ? "**met**" : "**missed**").append(" |\n");
            String bestPeer = null;
            for (Map.Entry<String, Long> e : tail.entrySet()) {
                if (!e.getKey().equals(wslabId) && (bestPeer == null || e.getValue() < tail.get(bestPeer))) {
                    bestPeer = e.getKey();
                }
            }
            if (bestPeer != null) {
                double peer = tail.get(bestPeer) / 1000.0;
                out.append("| p99.9 at 10 members × 100 msgs/s ≤ the best peer's in ").append(rounds ? "the same rounds" : "this run")
                        .append(" (").append(bestPeer).append(String.format(Locale.ROOT, ", %.2f ms", peer)).append(") | ")
                        .append(String.format(Locale.ROOT, "%.2f ms (%s)", p999, how)).append(" | ")
                        .append(p999 <= peer ? "**met**" : "**missed**").append(" |\n");
            }
            Long seedStack = tail.get(Transport.NESTJS_WEBSOCKET.id());
            if (seedStack != null) {
                // The seed's framework stack on this host, beside the figure the issue measured on its own.
                double seed = seedStack / 1000.0;
                out.append("| p99.9 at 10 members × 100 msgs/s ≤ the seed's stack (NestJS + socket.io on Node.js) in ")
                        .append(rounds ? "the same rounds" : "this run")
                        .append(String.format(Locale.ROOT, " on this host (%s, %.2f ms) | ", Transport.NESTJS_WEBSOCKET.id(), seed))
                        .append(String.format(Locale.ROOT, "%.2f ms (%s)", p999, how)).append(" | ")
                        .append(p999 <= seed ? "**met**" : "**missed**").append(" |\n");
            }
        }
        if (rounds) {
            out.append("\nThe p99.9 cell was run again in rounds after the cells above, on the same server processes, ")
                    .append("the servers' order rotating each round. A 10 s cell's p99.9 is about its ten slowest deliveries, ")
                    .append("one message's fan-out, so one stall of the host decides a single run; the verdicts compare ")
                    .append("the medians. p99.9 in ms per round:\n\n");
            roundsTable(out, tailRounds, roundCount);
            if (!fromSend.isEmpty()) {
                out.append("\nThe same rounds counted from the moment each send began instead of its intended time. This ")
                        .append("leaves out the load generator's own lateness, a sender thread woken late by the host, which ")
                        .append("the verdicts above charge to whichever server was being measured. A stall of the server ")
                        .append("still counts: a send does not wait for the server. p99.9 in ms, for insight; no verdict:\n\n");
                roundsTable(out, fromSend, roundCount);
            }
        }
        out.append("\nThe fourth load (1,000 users connecting one after another) and 10,000 idle connections are the ")
                .append("capacity runner's, with the same shipped options (`CapacityRunner --shipped-jvm`): see ")
                .append("[footprint-capacity/](footprint-capacity/README.md). Messages per server CPU-second against the build ")
                .append("before issue 19 on the same host: `FootprintComparison`'s section below, when it has been run. ")
                .append("Where the p99.9 at 10 members × 100 msgs/s comes from (flight recording, GC and safepoint log): ")
                .append("[footprint-latency.md](footprint-latency.md).\n");
        return out.toString();
    }

    /** One row per transport: its p99.9 of each round in ms, then their median. */
    private static void roundsTable(StringBuilder out, Map<String, List<Long>> rounds, int roundCount) {
        out.append("| transport |");
        for (int i = 1; i <= roundCount; i++) {
            out.append(" round ").append(i).append(" |");
        }
        out.append(" median |\n|---|").append("---|".repeat(roundCount + 1)).append("\n");
        for (Map.Entry<String, List<Long>> e : rounds.entrySet()) {
            out.append("| ").append(e.getKey()).append(" |");
            for (long micros : e.getValue()) {
                out.append(String.format(Locale.ROOT, " %.2f |", micros / 1000.0));
            }
            out.append(String.format(Locale.ROOT, " %.2f |%n", median(e.getValue()) / 1000.0));
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "—" : String.format(Locale.ROOT, "%.1f", bytes / 1024.0 / 1024.0);
    }
}
