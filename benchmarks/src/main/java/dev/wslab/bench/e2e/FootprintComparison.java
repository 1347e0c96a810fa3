package dev.wslab.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Issue 19's loads (the footprint profile's {@code wslab-ws} cells) against several launches of wslab's chat,
 * alternated in rounds on the same host so that a change in the machine's background load hits them alike:
 * the build before issue 19 as a user ran it then (plain {@code java -jar}, the JVM's own ergonomics), this
 * build as {@code ./wslab chat} ships it ({@code chat-demo/jvm.options}, {@code MALLOC_ARENA_MAX=2}), and any
 * candidate option sets. For each launch and load: delivered messages per server CPU-second, delivered/s,
 * p99.9 and RSS, the median of the rounds with their spread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.FootprintComparison \
 *     --baseline-jar /tmp/pre19/chat-demo/target/wslab-chat.jar [--rounds 3] [--out docs/benchmarks] \
 *     [--variant "name=-XX:Option ... --chat-option value"]... [--no-page] [--fixed-rate-only] [--event-loop-clients]
 * </pre>
 * The table (with issue 19's "messages per server CPU-second not lower than before" verdicts) goes into
 * {@code footprint.md} between {@value #BEGIN} and {@value #END}, where {@code TransportRunner --footprint}
 * keeps it when it rewrites the rest of the page.
 */
final class FootprintComparison {

    static final String BEGIN = "<!-- cpu-comparison:begin (FootprintComparison writes this block) -->";
    static final String END = "<!-- cpu-comparison:end -->";
    static final String BEFORE = "before issue 19";
    static final String SHIPPED = "shipped";

    /**
     * One way to launch the chat: its jar, JVM options, whether the jar knows {@code --max-outbound-total}, and
     * chat options added to the benchmark's own (e.g. {@code --io-threads 1}).
     */
    record Variant(String name, Path jar, List<String> jvmOptions, boolean arenaCap, boolean knowsOutboundTotal,
                   List<String> chatArgs) {
        Variant(String name, Path jar, List<String> jvmOptions, boolean arenaCap, boolean knowsOutboundTotal) {
            this(name, jar, jvmOptions, arenaCap, knowsOutboundTotal, List.of());
        }

        String describe() {
            return "`java " + (jvmOptions.isEmpty() ? "" : String.join(" ", jvmOptions) + " ") + "-jar " + jar.getFileName()
                    + (chatArgs.isEmpty() ? "" : " server … " + String.join(" ", chatArgs))
                    + "`" + (arenaCap ? " with `MALLOC_ARENA_MAX=2`" : "");
        }

        /**
         * A {@code --variant "name=OPTIONS"} of this build: options with two leading dashes (and the values after
         * them) are the chat's, the others the JVM's, added to the shipped ones.
         */
        static Variant parse(String spec, Path jar) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--variant takes NAME=OPTIONS, not " + spec);
            }
            List<String> jvm = new ArrayList<>(Footprint.shippedJvm());
            List<String> chat = new ArrayList<>();
            boolean chatValue = false;
            for (String option : spec.substring(eq + 1).trim().split("\\s+")) {
                if (option.isEmpty()) {
                    continue;
                }
                if (option.startsWith("--") || chatValue && !option.startsWith("-")) {
                    chat.add(option);
                    chatValue = option.startsWith("--");
                } else {
                    jvm.add(option);
                    chatValue = false;
                }
            }
            return new Variant(spec.substring(0, eq), jar, List.copyOf(jvm), true, true, List.copyOf(chat));
        }
    }

    /** One cell of one variant in one round. */
    record Measurement(Variant variant, int round, CellResult result, Footprint.Sample sample) {
        double perCpuSecond() {
            return 1e6 / result.serverCpuMicrosPerDelivered();
        }
    }

    private FootprintComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        Path out = Path.of("docs", "benchmarks");
        Path baseline = null;
        boolean page = true;
        boolean fixedRateOnly = false;
        boolean eventLoopClients = false;
        List<Variant> variants = new ArrayList<>();
        List<Variant> candidates = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--baseline-jar" -> baseline = Path.of(args[++i]);
                case "--no-page" -> page = false;
                case "--fixed-rate-only" -> fixedRateOnly = true;
                case "--variant" -> candidates.add(Variant.parse(args[++i], ChatNode.jar()));
                case "--event-loop-clients" -> eventLoopClients = true;
                default -> {
                    System.err.println("FootprintComparison: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (baseline != null) {
            variants.add(new Variant(BEFORE, baseline, List.of(), false, false));
        }
        variants.add(new Variant(SHIPPED, ChatNode.jar(), Footprint.shippedJvm(), true, true));
        variants.addAll(candidates);
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        List<Measurement> measurements;
        try (ClientEventLoop loop = eventLoopClients ? new ClientEventLoop() : null) {
            measurements = run(variants, rounds, fixedRateOnly, loop);
        }
        String loadAfter = loadAverage();
        String command = "java -cp benchmarks/target/benchmarks.jar " + FootprintComparison.class.getName() + " "
                + String.join(" ", args);
        String table = markdown(variants, measurements, rounds, command, started, loadBefore, loadAfter);
        System.out.println(table);
        if (page) {
            Path file = out.resolve("footprint.md");
            String existing = Files.isRegularFile(file) ? Files.readString(file) : "";
            Files.createDirectories(out);
            Files.writeString(file, withBlock(existing, table), StandardCharsets.UTF_8);
            System.err.println("wrote the comparison into " + file);
        }
    }

    /** Every variant through every footprint cell, {@code rounds} times, the order of the variants rotating each round. */
    static List<Measurement> run(List<Variant> variants, int rounds, boolean fixedRateOnly, ClientEventLoop loop)
            throws IOException, InterruptedException {
        List<CellSpec> cells = new ArrayList<>(Profile.FOOTPRINT.cells(List.of(Transport.WSLAB_WEBSOCKET)));
        if (fixedRateOnly) {
            cells.removeIf(c -> c.mode() != CellSpec.Mode.FIXED_RATE); // e.g. a flight recording of the latency cell alone
        }
        List<Measurement> measurements = new ArrayList<>();
        WireCounter wire = new WireCounter();
        FrameAccounting frames = new FrameAccounting();
        PollTimings timings = new PollTimings();
        for (int round = 1; round <= rounds; round++) {
            List<Variant> order = new ArrayList<>(variants);
            Collections.rotate(order, -(round - 1));
            for (Variant variant : order) {
                List<String> arguments = ChatNode.withOptions(ChatNode.arguments(null), variant.chatArgs());
                if (!variant.knowsOutboundTotal()) {
                    int at = arguments.indexOf("--max-outbound-total");
                    arguments.remove(at + 1);
                    arguments.remove(at);
                }
                try (ServerProcess server = ServerProcess.startChat(variant.jar(), variant.jvmOptions(), arguments,
                        variant.arenaCap())) {
                    Accounts accounts = new Accounts(server.port());
                    int number = 0;
                    for (CellSpec spec : cells) {
                        System.err.printf("round %d/%d, %s: %s (load %s)%n", round, rounds, variant.name(), spec.label(),
                                loadAverage());
                        CellRunner runner = new CellRunner(wire, frames, timings, server::cpuNanos, null, null);
                        CellRunner.ClientFactory factory = TransportCatalog.clients(spec.transport(), index -> server.port(),
                                accounts, wire, frames, timings, loop);
                        CellResult result = runner.run(spec, factory,
                                "v" + variants.indexOf(variant) + "r" + round + "c" + ++number + "-");
                        if (variant.jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
                            // Where the resident memory goes, before the probe's full GC changes it.
                            Path nmt = Path.of(System.getProperty("java.io.tmpdir"), "nmt-" + variant.name() + "-r" + round
                                    + "-c" + number + ".txt");
                            Files.writeString(nmt, spec.label() + "\n" + Footprint.jcmd(server.pid(), "VM.native_memory summary"));
                            System.err.println("    native memory summary: " + nmt);
                        }
                        Footprint.Sample sample = Footprint.probe(spec.label(), ServerKind.WSLAB, server);
                        Measurement m = new Measurement(variant, round, result, sample);
                        measurements.add(m);
                        System.err.printf("    %,.0f delivered/s, %,.0f per server CPU-second, p99.9 %.2f ms, RSS %.1f MB"
                                        + " (peak so far %.1f), checks %s%n",
                                result.deliveredPerSecond(), m.perCpuSecond(), result.latencyMicros().p999() / 1000.0,
                                sample.rss() / 1048576.0, sample.peakRss() / 1048576.0, result.passed() ? "pass" : "FAIL");
                    }
                }
            }
        }
        return measurements;
    }

    static String markdown(List<Variant> variants, List<Measurement> measurements, int rounds, String command,
                           Instant started, String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Messages per server CPU-second, before and after issue 19\n\n")
                .append("Generated by `").append(command).append("`, ").append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(", load before/after ").append(loadBefore).append(" / ").append(loadAfter)
                .append(". The same loads against each launch, ")
                .append(rounds).append(" rounds, the launches' order rotating each round; medians, with the rounds' ")
                .append("range in brackets. Launches:\n\n");
        for (Variant v : variants) {
            out.append("- **").append(v.name()).append("**: ").append(v.describe()).append('\n');
        }
        // The peak is the process's VmHWM: one server runs every load of a round, so it is the peak up to this load.
        out.append("\n| load | launch | delivered msgs per server CPU-second | delivered msgs/s | p99.9 ms | RSS MB"
                        + " | peak RSS MB so far | checks |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Map<String, Map<String, List<Measurement>>> byCell = group(measurements);
        byCell.forEach((cell, byVariant) -> byVariant.forEach((variant, ms) -> out.append("| ").append(cell).append(" | ")
                .append(variant).append(" | ").append(spread(ms, Measurement::perCpuSecond, "%,.0f")).append(" | ")
                .append(spread(ms, m -> m.result().deliveredPerSecond(), "%,.0f")).append(" | ")
                .append(spread(ms, m -> m.result().latencyMicros().p999() / 1000.0, "%.2f")).append(" | ")
                .append(spread(ms, m -> m.sample().rss() / 1048576.0, "%.1f")).append(" | ")
                .append(spread(ms, m -> m.sample().peakRss() / 1048576.0, "%.1f")).append(" | ")
                .append(ms.stream().allMatch(m -> m.result().passed()) ? "pass" : "**FAIL**").append(" |\n")));
        if (variants.stream().anyMatch(v -> v.name().equals(BEFORE))) {
            out.append("\n| target (issue 19) | before | shipped | ratio | verdict |\n|---|---|---|---|---|\n");
            byCell.forEach((cell, byVariant) -> {
                List<Measurement> before = byVariant.get(BEFORE);
                List<Measurement> shipped = byVariant.get(SHIPPED);
                if (before == null || shipped == null) {
                    return;
                }
                double b = median(before, Measurement::perCpuSecond);
                double s = median(shipped, Measurement::perCpuSecond);
                double ratio = s / b;
                out.append("| delivered msgs per server CPU-second, ").append(cell).append(", not lower than before | ")
                        .append(String.format(Locale.ROOT, "%,.0f | %,.0f | %.2f× | ", b, s, ratio))
                        .append(ratio >= 1.0 ? "**met**" : String.format(Locale.ROOT, "**missed** (%.0f%% lower)", (1 - ratio) * 100))
                        .append(" |\n");
            });
        }
        return out.toString();
    }

    private static Map<String, Map<String, List<Measurement>>> group(List<Measurement> measurements) {
        Map<String, Map<String, List<Measurement>>> byCell = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            byCell.computeIfAbsent(m.result().spec().label(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(m.variant().name(), v -> new ArrayList<>()).add(m);
        }
        // Variants in the order they were declared, whatever round ran them first.
        for (Map.Entry<String, Map<String, List<Measurement>>> e : byCell.entrySet()) {
            Map<String, List<Measurement>> sorted = new LinkedHashMap<>();
            measurements.stream().map(m -> m.variant().name()).distinct().sorted((a, b) -> order(a) - order(b))
                    .forEach(v -> {
                        if (e.getValue().containsKey(v)) {
                            sorted.put(v, e.getValue().get(v));
                        }
                    });
            e.setValue(sorted);
        }
        return byCell;
    }

    private static int order(String variant) {
        return variant.equals(BEFORE) ? 0 : variant.equals(SHIPPED) ? 1 : 2;
    }

    static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        double[] values = ms.stream().mapToDouble(f).sorted().toArray();
        int n = values.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String spread(List<Measurement> ms, ToDoubleFunction<Measurement> f, String format) {
        double[] values = ms.stream().mapToDouble(f).sorted().toArray();
        String median = String.format(Locale.ROOT, format, median(ms, f));
        if (values.length < 2) {
            return median;
        }
        return median + " [" + String.format(Locale.ROOT, format, values[0]) + "–"
                + String.format(Locale.ROOT, format, values[values.length - 1]) + "]";
    }

    /** {@code page} with the comparison block replaced (or appended when it has none). */
    static String withBlock(String page, String table) {
        String block = BEGIN + "\n" + table + END + "\n";
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        if (begin >= 0 && end > begin) {
            return page.substring(0, begin) + block + page.substring(end + END.length()).replaceFirst("^\n", "");
        }
        return page + (page.isEmpty() || page.endsWith("\n\n") ? "" : page.endsWith("\n") ? "\n" : "\n\n") + block;
    }

    /** The comparison block of {@code page} with its markers, or "" when it has none ({@code TransportRunner} keeps it). */
    static String block(String page) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        return begin >= 0 && end > begin ? page.substring(begin, end + END.length()) + "\n" : "";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
