package dev.wslab.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The end-to-end runner: chat servers in their own JVMs, this JVM as the load generator, all on
 * 127.0.0.1. It runs a profile's cells, checks itself, and writes {@code e2e-results.json},
 * {@code e2e-results.md} and the PNG charts.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.TransportRunner --quick   # a few minutes
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.TransportRunner --full    # the whole matrix
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.TransportRunner --smoke   # CI: seconds
 *   options: --out DIR (default docs/benchmarks)  --transports wslab-ws,wslab-ws-deflate,undertow-ws,netty-ws,...
 *            (wslab-ws-deflate-notakeover only when named)  --server-heap 512m
 *            --no-charts  --proxy (clients go through a counting TCP relay that cross-checks the byte counts)
 *            --only REGEX (run only the cells whose label, e.g. "wslab-ws 128B 1000c/1r 20/s", matches)
 *            --replace-cells-in FILE --because TEXT (with --only: write FILE's run with those cells' results replaced
 *            by this run's, and a note saying when, at what load and why)
 *            --footprint (issue 19's loads; after each cell every server's RSS, heap after a full GC, direct memory and
 *            threads, written with the targets' verdicts to footprint.md; wslab's chat runs with ./wslab chat's JVM options)
 *            --latency-rounds N (with --footprint: then the p99.9 cell N more times per server, the order rotating;
 *            the p99.9 verdicts compare the rounds' medians)
 *            --slow-deliveries FILE (with --latency-rounds: every delivery of the rounds slower than 2 ms, with its
 *            monotonic send time and the processes' ids, for TailAttribution)
 *            --event-loop-clients (every WebSocket client is read by one shared event-loop thread, as an event-loop
 *            load generator reads them, instead of by a thread each; see ClientEventLoop)
 *   -Dwslab.bench.serverJvmOptions="..." adds options to every server JVM ({kind} becomes WSLAB, NETTY, ...)
 * </pre>
 *
 * <p>Exit status 0 when every self-check passed, 1 when one failed (the results are written
 * either way, with the failures listed), 2 for bad arguments.
 */
public final class TransportRunner {

    private TransportRunner() {
    }

    /** Parsed command line. */
    record Options(Profile profile, Path out, Set<String> transports, String serverHeap, boolean charts,
                   boolean proxy, boolean footprint, java.util.regex.Pattern only, Path replaceIn, String why,
                   int latencyRounds, Path slowDeliveries, boolean eventLoopClients) {

        static Options parse(String[] args) {
            Profile profile = Profile.QUICK;
            Path out = Path.of("docs", "benchmarks");
            Set<String> transports = new LinkedHashSet<>();
            String heap = "512m";
            boolean charts = true;
            boolean proxy = false;
            boolean footprint = false;
            java.util.regex.Pattern only = null;
            Path replaceIn = null;
            String why = null;
            int latencyRounds = 0;
            Path slowDeliveries = null;
            boolean eventLoopClients = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> profile = Profile.QUICK;
                    case "--full" -> profile = Profile.FULL;
                    case "--smoke" -> profile = Profile.SMOKE;
                    case "--out" -> out = Path.of(args[++i]);
                    case "--transports" -> transports.addAll(List.of(args[++i].split(",")));
                    case "--server-heap" -> heap = args[++i];
                    case "--no-charts" -> charts = false;
                    case "--proxy" -> proxy = true;
                    case "--only" -> only = java.util.regex.Pattern.compile(args[++i]);
                    case "--replace-cells-in" -> replaceIn = Path.of(args[++i]);
                    case "--because" -> why = args[++i];
                    case "--latency-rounds" -> latencyRounds = Integer.parseInt(args[++i]);
                    case "--slow-deliveries" -> slowDeliveries = Path.of(args[++i]);
                    case "--event-loop-clients" -> eventLoopClients = true;
                    case "--footprint" -> {
                        footprint = true;
                        profile = Profile.FOOTPRINT;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (transports.isEmpty()) {
                transports.addAll(profile.defaultTransports());
            }
            if (replaceIn != null && (only == null || why == null)) {
                throw new IllegalArgumentException("--replace-cells-in needs --only (which cells) and --because (why)");
            }
            if (latencyRounds > 0 && !footprint) {
                throw new IllegalArgumentException("--latency-rounds runs the footprint profile's p99.9 cell again: use it with --footprint");
            }
            if (slowDeliveries != null && latencyRounds == 0) {
                throw new IllegalArgumentException("--slow-deliveries books the late deliveries of the p99.9 rounds: use it with --latency-rounds");
            }
            return new Options(profile, out, transports, heap, charts, proxy, footprint, only, replaceIn, why, latencyRounds,
                    slowDeliveries, eventLoopClients);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("TransportRunner: " + e.getMessage());
            System.err.println("usage: TransportRunner [--quick|--full|--smoke] [--out DIR] [--transports a,b] "
                    + "[--server-heap 512m] [--no-charts] [--proxy] [--only REGEX [--replace-cells-in FILE --because TEXT]] [--footprint [--latency-rounds N [--slow-deliveries FILE]]] [--event-loop-clients]");
            System.exit(2);
            return;
        }
        RunReport report = run(options, "java -cp benchmarks/target/benchmarks.jar " + TransportRunner.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args)));
        if (options.replaceIn() != null) {
            report = CellReplacement.replace(CellReplacement.read(options.replaceIn()), report, options.why());
        }
        write(report, options);
        System.out.println(MarkdownTable.of(report));
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs the cells of a profile and returns the report (nothing written). */
    public static RunReport run(Options options, String command) throws IOException, InterruptedException {
        if (options.footprint()) {
            Footprint.shippedJvm(); // before any cell: fails when the shipped options cannot be read
        }
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        List<String> notes = new ArrayList<>();
        List<Transport> transports = new ArrayList<>();
        for (Transport t : TransportCatalog.all()) {
            if (options.transports().isEmpty() || options.transports().contains(t.id())) {
                transports.add(t);
            }
        }
        for (Transport t : TransportCatalog.onRequest()) {
            if (options.transports().contains(t.id())) {
                transports.add(t);
            }
        }
        List<CellSpec> cells = new ArrayList<>(options.profile().cells(transports));
        if (options.only() != null) {
            // Trying a few cells of a long profile: keep those whose label matches.
            cells.removeIf(spec -> !options.only().matcher(spec.label()).find());
        }

        WireCounter wire = new WireCounter();
        FrameAccounting frames = new FrameAccounting();
        PollTimings timings = new PollTimings();
        List<CellResult> results = new ArrayList<>();
        List<Footprint.Sample> footprints = new ArrayList<>();
        Map<String, List<Long>> tailRounds = new java.util.LinkedHashMap<>();
        Map<String, List<Long>> tailRoundsFromSend = new java.util.LinkedHashMap<>();
        Map<ServerKind, ServerGroup> servers = new EnumMap<>(ServerKind.class);
        Map<ServerKind, CountingProxy> proxies = new EnumMap<>(ServerKind.class);
        Map<ServerKind, Accounts> accounts = new EnumMap<>(ServerKind.class);
        ClientEventLoop loop = options.eventLoopClients() ? new ClientEventLoop() : null;
        try {
            for (CellSpec spec : cells) {
                servers.computeIfAbsent(spec.transport().server(), kind -> startServer(kind, options.serverHeap(),
                        options.footprint()));
            }
            for (Map.Entry<ServerKind, ServerGroup> server : servers.entrySet()) {
                // The counting proxy sits in front of one port; a cluster's clients go to two nodes directly.
                if (options.proxy() && server.getValue().singleNode()) {
                    proxies.put(server.getKey(), new CountingProxy(server.getValue().firstPort()));
                }
                if (server.getKey() != ServerKind.UNDERTOW_NATIVE) {
                    // Accounts per server (tokens are bound to one server's accounts); a cluster shares them.
                    accounts.put(server.getKey(), new Accounts(server.getValue().firstPort()));
                }
            }
            int number = 0;
            for (CellSpec spec : cells) {
                System.err.printf("[%d/%d] %s ...%n", ++number, cells.size(), spec.label());
                ServerGroup server = servers.get(spec.transport().server());
                CellResult result = runCell(spec, server, proxies.get(spec.transport().server()),
                        accounts.get(spec.transport().server()), wire, frames, timings, "c" + number + "-r", null, loop, null);
                results.add(result);
                if (options.footprint()) {
                    probeAll(spec, spec.label(), server, footprints, "footprint");
                }
            }
            if (options.latencyRounds() > 0) {
                // The p99.9 cell again, each round every server once, the order rotating (Footprint.markdown).
                List<CellSpec> tailCells = cells.stream().filter(Footprint::isTailCell).toList();
                SlowDeliveries slow = options.slowDeliveries() == null ? null : new SlowDeliveries();
                for (int round = 1; round <= options.latencyRounds(); round++) {
                    List<CellSpec> order = new ArrayList<>(tailCells);
                    java.util.Collections.rotate(order, -(round - 1));
                    for (CellSpec spec : order) {
                        System.err.printf("[p99.9 round %d/%d] %s ...%n", round, options.latencyRounds(), spec.label());
                        if (slow != null) {
                            slow.startCell("round " + round + " " + spec.transport().id());
                        }
                        CellResult result = runCell(spec, servers.get(spec.transport().server()),
                                proxies.get(spec.transport().server()), accounts.get(spec.transport().server()),
                                wire, frames, timings, "t" + round + "-" + spec.transport().id() + "-r", slow, loop,
                                micros -> tailRoundsFromSend.computeIfAbsent(spec.transport().id(), id -> new ArrayList<>())
                                        .add(micros));
                        if (!result.passed()) {
                            throw new IOException("a p99.9 round failed its checks: " + spec.label());
                        }
                        tailRounds.computeIfAbsent(spec.transport().id(), id -> new ArrayList<>())
                                .add(result.latencyMicros().p999());
                    }
                }
                // Memory again after the rounds (rounds imply --footprint): the light load has now run long
                // enough to have cycled through the whole young generation, which its first cell alone may not have.
                for (CellSpec spec : tailCells) {
                    probeAll(spec, spec.label() + Footprint.AFTER_ROUNDS, servers.get(spec.transport().server()),
                            footprints, "footprint after the rounds, " + spec.transport().id());
                }
                if (slow != null) {
                    Map<Long, String> processes = new java.util.LinkedHashMap<>();
                    processes.put(ProcessHandle.current().pid(), "load generator");
                    for (CellSpec spec : tailCells) {
                        for (ServerProcess node : servers.get(spec.transport().server()).nodes()) {
                            processes.put(node.pid(), spec.transport().id() + " server");
                        }
                    }
                    slow.write(options.slowDeliveries(), processes);
                    System.err.println("wrote the rounds' late deliveries to " + options.slowDeliveries()
                            + " (TailAttribution lays them over a perf sched recording)");
                }
            }
        } finally {
            if (loop != null) {
                loop.close();
            }
            proxies.values().forEach(CountingProxy::close);
            servers.values().forEach(ServerGroup::close);
        }
        RunReport.Environment environment = new RunReport.Environment(
                System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), cpuModel(), loadBefore, loadAverage(),
                started.truncatedTo(ChronoUnit.SECONDS).toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        RunReport report = new RunReport(options.profile().name().toLowerCase(java.util.Locale.ROOT), command, environment,
                results, notes);
        if (options.footprint()) {
            Files.createDirectories(options.out());
            Path page = options.out().resolve("footprint.md");
            // The CPU comparison with the build before issue 19 is FootprintComparison's block: kept.
            String kept = Files.isRegularFile(page) ? FootprintComparison.block(Files.readString(page)) : "";
            Files.writeString(page, Footprint.markdown(report, footprints, tailRounds, tailRoundsFromSend) + (kept.isEmpty() ? "" : "\n" + kept),
                    StandardCharsets.UTF_8);
        }
        return report;
    }

    /** Probes every node of {@code server} after {@code spec}'s load, under {@code label}, and prints each sample. */
    private static void probeAll(CellSpec spec, String label, ServerGroup server, List<Footprint.Sample> footprints,
                                 String prefix) throws IOException, InterruptedException {
        for (ServerProcess node : server.nodes()) {
            Footprint.Sample sample = Footprint.probe(label, spec.transport().server(), node);
            footprints.add(sample);
            System.err.printf("    %s: RSS %.1f MB (peak %.1f), heap after GC %s, %d threads%n", prefix,
                    sample.rss() / 1048576.0, sample.peakRss() / 1048576.0, sample.heapAfterGc() < 0 ? "not a JVM"
                            : String.format(java.util.Locale.ROOT, "%.1f MB", sample.heapAfterGc() / 1048576.0),
                    sample.threads());
        }
    }

    /** One cell against a running server (a cell that cannot finish is a failed result, and the run goes on). */
    private static CellResult runCell(CellSpec spec, ServerGroup server, CountingProxy proxy, Accounts accounts,
                                      WireCounter wire, FrameAccounting frames, PollTimings timings, String roomPrefix,
                                      SlowDeliveries slow, ClientEventLoop loop,
                                      java.util.function.LongConsumer p999FromSend)
            throws InterruptedException {
        CellRunner runner = new CellRunner(wire, frames, timings, server::cpuNanos,
                proxy == null ? null : proxy.counter(), server.redisCommands()).watchingSlowDeliveries(slow);
        CellRunner.ClientFactory factory = TransportCatalog.clients(spec.transport(),
                proxy == null ? server::portFor : index -> proxy.port(), accounts, wire, frames, timings, loop);
        CellResult result;
        long cellStart = System.nanoTime();
        try {
            result = runner.run(spec, factory, roomPrefix);
            if (p999FromSend != null) {
                p999FromSend.accept(runner.measuredP999FromSendMicros());
            }
        } catch (IOException e) {
            // A cell that cannot finish (refused connections, a send that failed) is a result
            // too: it is reported as failed and the run goes on with the next cell.
            result = CellResult.failedToRun(spec, e);
        }
        System.err.printf("    %,.0f delivered/s, p99 %.2f ms, p99.9 %.2f ms, %.0f B/msg, checks %s (cell took %.1f s)%n",
                result.deliveredPerSecond(), result.latencyMicros().p99() / 1000.0, result.latencyMicros().p999() / 1000.0,
                result.bytesPerDelivered(), result.passed() ? "pass" : "FAIL", (System.nanoTime() - cellStart) / 1e9);
        if (!result.passed()) {
            result.checks().stream().filter(c -> !c.passed())
                    .forEach(c -> System.err.println("    FAILED: " + c.name() + " — " + c.detail()));
            server.log().stream().limit(20).forEach(line -> System.err.println("    server: " + line));
        }
        return result;
    }

    private static ServerGroup startServer(ServerKind kind, String heap, boolean shipped) {
        List<String> options = new ArrayList<>();
        if (shipped && kind.wslabChat()) {
            // As ./wslab chat starts it (issue 19): the footprint is that of the server as shipped.
            options.addAll(Footprint.shippedJvm());
        } else {
            options.addAll(List.of("-Xms" + heap, "-Xmx" + heap));
        }
        // Extra options for every server JVM, e.g. a flight recording to find where a latency tail comes
        // from: -Dwslab.bench.serverJvmOptions="-XX:StartFlightRecording=filename=/tmp/server.jfr"
        String extra = System.getProperty("wslab.bench.serverJvmOptions", "").trim();
        if (!extra.isEmpty()) {
            for (String option : extra.split("\\s+")) {
                options.add(option.replace("{kind}", kind.name()));
            }
        }
        return ServerGroup.start(kind, options);
    }

    /** Writes the JSON, the Markdown table and (unless disabled) the charts. */
    static void write(RunReport report, Options options) throws IOException {
        Files.createDirectories(options.out());
        String base = report.profile().equals("quick") ? "e2e-results" : "e2e-results-" + report.profile();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.out().resolve(base + ".json").toFile(), report);
        Files.writeString(options.out().resolve(base + ".md"), MarkdownTable.of(report), StandardCharsets.UTF_8);
        if (options.charts()) {
            Charts.write(report, options.out());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
