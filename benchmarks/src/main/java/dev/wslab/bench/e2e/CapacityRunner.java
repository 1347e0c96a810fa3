package dev.wslab.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The capacity benchmark of issue 11: for wslab's chat and the Undertow-native baseline, in one
 * run, each in its own JVM with the JVM's <b>default heap</b> (no {@code -Xmx}; with {@code --shipped-jvm}
 * wslab's chat gets the options {@code ./wslab chat} ships instead; wslab's chat is the
 * shipped jar, {@link ChatNode}):
 * <ol>
 *   <li><b>connect storm</b>: N distinct users (10,000) connect one after another over WebSocket and
 *       each joins a room of {@value #STORM_ROOM_SIZE}; the time of every connect (TCP, upgrade, join
 *       answered) and the bytes every client received are kept;</li>
 *   <li><b>idle cost</b>: with the N connections open and idle, {@code jcmd} makes the server collect
 *       garbage fully and totals its live objects; native memory (NMT), resident memory and file
 *       descriptors are read from outside too; each minus the same figure before the storm, over N, is the cost
 *       of one idle connection;</li>
 *   <li><b>active</b>: 1,000 fresh clients in 50 rooms each send 100 messages (one in flight per
 *       client); every delivery is booked: lost, duplicated, per-room order, msgs/s, p50/p99.</li>
 * </ol>
 * The load generator is {@link NioChatClients}: one selector thread for all sockets.
 *
 * <pre>
 * ulimit -n 65536   # or as high as `ulimit -Hn` allows; benchmarks/run-capacity.sh does this
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.CapacityRunner [--users 10000] [--out DIR]
 * </pre>
 */
public final class CapacityRunner {

    static final int STORM_ROOM_SIZE = 50;
    static final int BATCH = 1_000;
    static final int ACTIVE_CLIENTS = 1_000;
    static final int ACTIVE_ROOMS = 50;
    static final int ACTIVE_MESSAGES = 100;
    static final int ACTIVE_PAYLOAD = 64;

    private CapacityRunner() {
    }

    /** The connect storm's figures. */
    public record Storm(int users, int roomSize, double seconds, List<Double> meanConnectMillisPerBatch,
                        double firstBatchMeanMillis, double lastBatchMeanMillis, double lastOverFirst,
                        long firstUserBytesAtBatch1, long firstUserBytesAtEnd, double maxBytesPerClient,
                        double meanBytesPerClient, int maxPresenceEventsPerClient) {
    }

    /** What the idle connections cost the server, per connection (bytes, or descriptors). */
    public record Idle(int connections, long heapBefore, long heapAfter, double heapPerConnection,
                       long nativeCommittedBefore, long nativeCommittedAfter, double nativePerConnection,
                       long rssBefore, long rssAfter, double rssPerConnection, long directBefore, long directAfter,
                       int fdsBefore, int fdsAfter, double fdsPerConnection, long heapMax, int threads) {
    }

    /** The active phase's figures. */
    public record Active(int clients, int rooms, int messagesEach, long expectedDeliveries, long delivered,
                         long lost, long duplicated, int roomsOutOfOrder, double seconds, double deliveredPerSecond,
                         double p50Millis, double p99Millis, double maxMillis) {
    }

    /** One server's results. */
    public record ServerResult(String server, Storm storm, Idle idle, Active active, String failure) {
    }

    /** The whole run. */
    public record Report(String command, String javaVersion, String started, String finished, String loadBefore,
                         String loadAfter, int cpus, String fdLimit, List<ServerResult> servers) {
    }

    public static void main(String[] args) throws Exception {
        int users = 10_000;
        int holdIdleSeconds = 0;
        boolean shippedJvm = false;
        Path out = Path.of("docs", "benchmarks");
        List<ServerKind> kinds = new ArrayList<>(List.of(ServerKind.WSLAB, ServerKind.UNDERTOW_NATIVE));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--hold-idle" -> holdIdleSeconds = Integer.parseInt(args[++i]);
                case "--shipped-jvm" -> shippedJvm = true;
                case "--servers" -> {
                    kinds.clear();
                    for (String k : args[++i].split(",")) {
                        kinds.add(ServerKind.valueOf(k.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                default -> {
                    System.err.println("usage: CapacityRunner [--users N] [--out DIR] [--servers wslab,undertow_native] "
                            + "[--hold-idle SECONDS] [--shipped-jvm]");
                    System.exit(2);
                }
            }
        }
        String fdLimit = fdLimit();
        System.err.println("open-file limit of this JVM: " + fdLimit);
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        List<ServerResult> results = new ArrayList<>();
        for (ServerKind kind : kinds) {
            results.add(runServer(kind, users, holdIdleSeconds, shippedJvm));
        }
        Report report = new Report("java -cp benchmarks/target/benchmarks.jar " + CapacityRunner.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args)), System.getProperty("java.version"),
                started.truncatedTo(ChronoUnit.SECONDS).toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors(), fdLimit, results);
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("capacity-results.json").toFile(), report);
        String md = CapacityTables.markdown(report);
        Files.writeString(out.resolve("capacity-results.md"), md, StandardCharsets.UTF_8);
        CapacityTables.chart(report, out);
        System.out.println(md);
        boolean failed = results.stream().anyMatch(r -> r.failure() != null);
        System.exit(failed ? 1 : 0);
    }

    private static ServerResult runServer(ServerKind kind, int users, int holdIdleSeconds, boolean shippedJvm) {
        // Native memory tracking, for the cost per connection outside the heap.
        List<String> jvm = new ArrayList<>();
        if (shippedJvm && kind.wslabChat()) {
            // --shipped-jvm: wslab's chat with the options ./wslab chat starts it with (chat-demo/jvm.options),
            // to see what an operator's server holds; the peers keep the JVM's defaults.
            jvm.addAll(Footprint.shippedJvm());
        }
        jvm.add("-XX:NativeMemoryTracking=summary");
        Storm storm = null;
        Idle idle = null;
        Active active = null;
        try (ServerProcess server = ServerProcess.start(kind, jvm)) {
            System.err.printf("%s: pid %d, port %d, load %s%n", kind, server.pid(), server.port(), loadAverage());
            Thread.sleep(2000);
            Probe before = Probe.of(server);
            try (NioChatClients clients = new NioChatClients(server.port())) {
                storm = storm(kind, clients, users);
                Thread.sleep(3000); // let the last joins settle, then measure the idle connections
                idle = Probe.of(server).minus(before, users);
                System.err.printf("%s idle: %.0f B heap, %.0f B native, %.0f B RSS, %.2f fds per connection%n",
                        kind, idle.heapPerConnection(), idle.nativePerConnection(), idle.rssPerConnection(),
                        idle.fdsPerConnection());
                // --hold-idle: time to look inside the server with the connections open
                // (jcmd PID GC.class_histogram shows what each connection retains).
                Thread.sleep(holdIdleSeconds * 1000L);
            }
            Thread.sleep(3000); // the server notices 10,000 EOFs
            try (NioChatClients clients = new NioChatClients(server.port())) {
                active = active(kind, clients);
            }
            return new ServerResult(kind.name(), storm, idle, active, null);
        } catch (Exception e) {
            e.printStackTrace();
            return new ServerResult(kind.name(), storm, idle, active, e.toString());
        }
    }

    private static String target(ServerKind kind, int index) {
        return kind == ServerKind.WSLAB ? ChatNode.CHAT_PATH : "/ws?name=user" + index;
    }

    private static String authorization(ServerKind kind, int index) {
        return kind == ServerKind.WSLAB ? "Bearer " + ChatNode.token(index, Duration.ofHours(3)) : null;
    }

    static Storm storm(ServerKind kind, NioChatClients clients, int users) throws Exception {
        List<NioChatClients.Conn> conns = new ArrayList<>(users);
        List<Double> batchMeans = new ArrayList<>();
        long batchNanos = 0;
        long firstUserBytesAtBatch1 = 0;
        long start = System.nanoTime();
        for (int i = 0; i < users; i++) {
            String auth = authorization(kind, i); // signed before the clock starts
            long t0 = System.nanoTime();
            NioChatClients.Conn conn = clients.open(i, target(kind, i), auth, "storm-" + (i / STORM_ROOM_SIZE))
                    .get(60, TimeUnit.SECONDS);
            batchNanos += System.nanoTime() - t0;
            conns.add(conn);
            if ((i + 1) % BATCH == 0) {
                batchMeans.add(batchNanos / 1e6 / BATCH);
                System.err.printf("%s storm: %,d connected, %.3f ms per connect in this batch, load %s%n",
                        kind, i + 1, batchNanos / 1e6 / BATCH, loadAverage());
                batchNanos = 0;
                if (i + 1 == BATCH) {
                    firstUserBytesAtBatch1 = conns.get(0).bytesReceived;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1000); // the last deltas of the last rooms arrive
        long maxBytes = 0;
        long sumBytes = 0;
        int maxPresence = 0;
        for (NioChatClients.Conn c : conns) {
            maxBytes = Math.max(maxBytes, c.bytesReceived);
            sumBytes += c.bytesReceived;
            maxPresence = Math.max(maxPresence, c.presenceEvents);
        }
        double first = batchMeans.isEmpty() ? Double.NaN : batchMeans.get(0);
        double last = batchMeans.isEmpty() ? Double.NaN : batchMeans.get(batchMeans.size() - 1);
        return new Storm(users, STORM_ROOM_SIZE, seconds, batchMeans, first, last, last / first, firstUserBytesAtBatch1,
                conns.get(0).bytesReceived, maxBytes, (double) sumBytes / users, maxPresence);
    }

    static Active active(ServerKind kind, NioChatClients clients) throws Exception {
        int n = ACTIVE_CLIENTS;
        long[][] sentAt = new long[n][ACTIVE_MESSAGES];
        int[][] lastSeq = new int[n][n]; // receiver → sender → last seq seen
        for (int[] row : lastSeq) {
            java.util.Arrays.fill(row, -1);
        }
        long[] orderHash = new long[n];
        long[] delivered = new long[1];
        long[] duplicated = new long[1];
        long[] firstSend = {Long.MAX_VALUE};
        long[] lastDelivery = new long[1];
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        int expectedPerReceiver = (n / ACTIVE_ROOMS) * ACTIVE_MESSAGES;
        int[] receivedBy = new int[n];
        CountDownLatch done = new CountDownLatch(n);
        List<NioChatClients.Conn> conns = new ArrayList<>();
        // Listener runs on the selector thread only: plain arrays are safe.
        clients.listener((conn, text, now) -> ChatWire.forEachMarker(text, marker -> {
            if (marker.phase() != 'a') {
                return;
            }
            int receiver = conn.index;
            int sender = marker.sender();
            int seq = marker.seq();
            if (seq <= lastSeq[receiver][sender]) {
                duplicated[0]++;
                return;
            }
            lastSeq[receiver][sender] = seq;
            delivered[0]++;
            lastDelivery[0] = now;
            latency.recordValue(Math.max(0, now - sentAt[sender][seq]));
            orderHash[receiver] = orderHash[receiver] * 1_000_003L + (long) sender * ACTIVE_MESSAGES + seq;
            if (++receivedBy[receiver] == expectedPerReceiver) {
                done.countDown();
            }
            if (sender == receiver && seq + 1 < ACTIVE_MESSAGES) {
                sendActive(conn, seq + 1, sentAt);
            }
        }));
        for (int i = 0; i < n; i++) {
            conns.add(clients.open(i, target(kind, i), authorization(kind, i), "active-" + (i % ACTIVE_ROOMS))
                    .get(60, TimeUnit.SECONDS));
        }
        Thread.sleep(1000);
        clients.execute(() -> {
            firstSend[0] = System.nanoTime();
            for (NioChatClients.Conn conn : conns) {
                sendActive(conn, 0, sentAt);
            }
        });
        boolean finished = done.await(300, TimeUnit.SECONDS);
        Thread.sleep(500); // late duplicates would show here
        CompletableFuture<long[]> snapshot = new CompletableFuture<>();
        clients.execute(() -> snapshot.complete(new long[] {delivered[0], duplicated[0], firstSend[0], lastDelivery[0]}));
        long[] s = snapshot.get(30, TimeUnit.SECONDS);
        int roomsOutOfOrder = 0;
        for (int room = 0; room < ACTIVE_ROOMS; room++) {
            for (int i = room + ACTIVE_ROOMS; i < n; i += ACTIVE_ROOMS) {
                if (orderHash[i] != orderHash[room]) {
                    roomsOutOfOrder++;
                    break;
                }
            }
        }
        long expected = (long) n * expectedPerReceiver;
        double seconds = (s[3] - s[2]) / 1e9;
        Active result = new Active(n, ACTIVE_ROOMS, ACTIVE_MESSAGES, expected, s[0], expected - s[0], s[1], roomsOutOfOrder,
                seconds, s[0] / seconds, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                latency.getMaxValue() / 1e6);
        System.err.printf("%s active: %s%s%n", kind, result, finished ? "" : " (NOT FINISHED within 300 s)");
        return result;
    }

    private static void sendActive(NioChatClients.Conn conn, int seq, long[][] sentAt) {
        sentAt[conn.index][seq] = System.nanoTime();
        conn.sendNow(ChatWire.messageCommand(conn.room, ChatWire.markerText('a', conn.index, seq, ACTIVE_PAYLOAD)));
    }

    /** A server's memory and descriptors at one moment. */
    record Probe(long heap, long heapMax, long direct, int threads, long nativeCommitted, long rss, int fds) {

        private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
        private static final Pattern NMT_HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
        /** NMT's "Other": memory from {@code Unsafe.allocateMemory}, where direct {@code ByteBuffer}s live. */
        private static final Pattern NMT_OTHER = Pattern.compile("Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
        /** The last line of a class histogram: {@code Total  <instances>  <bytes>}. */
        private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
        private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");

        /**
         * Read from outside the server, the same way for every server (none needs to cooperate):
         * {@code jcmd PID GC.class_histogram} collects garbage fully and totals the live objects (the
         * retained heap), NMT gives native memory, {@code /proc} resident memory, threads and descriptors.
         */
        static Probe of(ServerProcess server) throws IOException, InterruptedException {
            long pid = server.pid();
            Matcher live = HISTOGRAM_TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
            Matcher maxHeap = MAX_HEAP.matcher(jcmd(pid, "VM.flags"));
            if (!live.find() || !maxHeap.find()) {
                throw new IOException("jcmd " + pid + " gave no class histogram total or no MaxHeapSize");
            }
            String nmt = jcmd(pid, "VM.native_memory", "summary");
            Matcher other = NMT_OTHER.matcher(nmt);
            return new Probe(Long.parseLong(live.group(2)), Long.parseLong(maxHeap.group(1)),
                    other.find() ? Long.parseLong(other.group(2)) * 1024 : -1, (int) statusField(pid, "Threads:"),
                    nativeCommitted(nmt), statusField(pid, "VmRSS:") * 1024, fds(pid));
        }

        Idle minus(Probe before, int connections) {
            return new Idle(connections, before.heap, heap, (double) (heap - before.heap) / connections,
                    before.nativeCommitted, nativeCommitted, (double) (nativeCommitted - before.nativeCommitted) / connections,
                    before.rss, rss, (double) (rss - before.rss) / connections, before.direct, direct,
                    before.fds, fds, (double) (fds - before.fds) / connections, heapMax, threads);
        }

        /**
         * NMT's committed total without the Java heap, in bytes ({@code jcmd PID VM.native_memory
         * summary}): memory outside the heap (thread stacks, NIO, metaspace, the GC's own tables…).
         * The heap is left out because its committed size follows the collector's sizing, not the
         * connections; what connections keep in it is measured after a full GC instead.
         */
        private static long nativeCommitted(String nmt) {
            Matcher total = NMT_TOTAL.matcher(nmt);
            Matcher heap = NMT_HEAP.matcher(nmt);
            if (!total.find() || !heap.find()) {
                return -1;
            }
            return (Long.parseLong(total.group(2)) - Long.parseLong(heap.group(2))) * 1024;
        }

        private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid)));
            line.addAll(List.of(command));
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(2, TimeUnit.MINUTES);
            return text;
        }

        /** A number field of {@code /proc/PID/status} ({@code VmRSS:} in KiB, {@code Threads:}). */
        private static long statusField(long pid, String field) throws IOException {
            try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
                return lines.filter(l -> l.startsWith(field))
                        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
            }
        }

        private static int fds(long pid) throws IOException {
            try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                return (int) entries.count();
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** This process's soft and hard open-file limits, from {@code /proc/self/limits}. */
    static String fdLimit() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(l -> l.startsWith("Max open files")).map(l -> l.replaceAll("\\s+", " ").trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
