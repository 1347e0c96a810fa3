package dev.wslab.bench.e2e;

import dev.wslab.handshake.DeflateOffer;

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
import java.util.Map;
import java.util.Optional;

/**
 * What permessage-deflate costs wslab's chat server in memory per connection (issue 15), with context
 * takeover on and off, against the same connections without the extension. For each variant a fresh chat
 * server (from its shipped jar, as the end-to-end runner starts it) is probed the way {@link CapacityRunner}
 * probes it ({@link CapacityRunner.Probe}: live heap after a full GC from {@code jcmd GC.class_histogram},
 * NMT, {@code VmRSS}); then N end-to-end load clients ({@link WebSocketLoadClient}, offering the variant's
 * extension) connect, join rooms of ten and each send a few chat messages, so every connection's compressor
 * and decompressor have worked; the probe is repeated and the difference divided by N.
 *
 * <p>zlib's own state (a {@code Deflater}'s window and hash tables, an {@code Inflater}'s window) is allocated
 * by zlib with {@code malloc}, outside the Java heap and outside NMT: it shows in the resident memory (RSS),
 * not in the heap column.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wslab.bench.e2e.DeflateConnectionMemory [--connections 200] [--out DIR]
 * </pre>
 */
public final class DeflateConnectionMemory {

    private static final int MESSAGES_EACH = 3;
    private static final int ROOM_SIZE = 10;

    private DeflateConnectionMemory() {
    }

    /** One variant's figures. */
    record Row(String variant, int connections, double heapPerConnection, double nativePerConnection,
               double rssPerConnection) {
    }

    public static void main(String[] args) throws Exception {
        int connections = 200;
        Path out = Path.of("docs", "benchmarks", "deflate");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: DeflateConnectionMemory [--connections N] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        Instant started = Instant.now();
        List<Row> rows = new ArrayList<>();
        rows.add(measure("no extension", Optional.empty(), connections));
        rows.add(measure("permessage-deflate, context takeover", TransportCatalog.deflateOffer(
                Transport.WSLAB_DEFLATE_WEBSOCKET), connections));
        rows.add(measure("permessage-deflate, no context takeover", TransportCatalog.deflateOffer(
                Transport.WSLAB_DEFLATE_NO_TAKEOVER_WEBSOCKET), connections));
        String md = markdown(rows, "java -cp benchmarks/target/benchmarks.jar " + DeflateConnectionMemory.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args)), started);
        Files.createDirectories(out);
        Files.writeString(out.resolve("e2e-memory.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
    }

    static Row measure(String variant, Optional<DeflateOffer> offer, int connections) throws Exception {
        List<String> jvm = List.of("-Xms512m", "-Xmx512m", "-XX:NativeMemoryTracking=summary");
        try (ServerProcess server = ServerProcess.start(ServerKind.WSLAB, jvm)) {
            Thread.sleep(2000);
            CapacityRunner.Probe before = CapacityRunner.Probe.of(server);
            WireCounter wire = new WireCounter();
            FrameAccounting frames = new FrameAccounting();
            List<WebSocketLoadClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    WebSocketLoadClient client = new WebSocketLoadClient(i, "mem" + i / ROOM_SIZE, server.port(),
                            ChatNode.CHAT_PATH, Map.of("Authorization", "Bearer " + ChatNode.token(i, Duration.ofHours(1))),
                            wire, frames, offer);
                    clients.add(client);
                    client.open();
                }
                for (int m = 0; m < MESSAGES_EACH; m++) {
                    for (WebSocketLoadClient client : clients) {
                        client.sendMessage(ChatWire.markerText('m', client.index, m, 128));
                    }
                }
                Thread.sleep(3000); // the broadcasts settle
                CapacityRunner.Idle idle = CapacityRunner.Probe.of(server).minus(before, connections);
                FrameAccounting.Snapshot f = frames.snapshot();
                if (offer.isPresent() && f.compressedMessagesIn() == 0) {
                    throw new IOException(variant + ": no message arrived compressed");
                }
                System.err.printf(Locale.ROOT, "%s: %.0f B heap, %.0f B native (NMT), %.0f B RSS per connection; "
                                + "%d of %d messages in compressed%n", variant, idle.heapPerConnection(),
                        idle.nativePerConnection(), idle.rssPerConnection(), f.compressedMessagesIn(), f.framesIn());
                return new Row(variant, connections, idle.heapPerConnection(), idle.nativePerConnection(),
                        idle.rssPerConnection());
            } finally {
                clients.forEach(WebSocketLoadClient::close);
            }
        }
    }

    static String markdown(List<Row> rows, String command, Instant started) {
        StringBuilder md = new StringBuilder();
        md.append("# permessage-deflate end to end: memory per connection in wslab's chat server\n\n")
                .append("Generated by `").append(command).append("`, started ")
                .append(started.truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs shared with other work. ")
                .append("Each variant: a fresh chat server (`-Xmx512m`), ").append(rows.get(0).connections())
                .append(" end-to-end load clients joined in rooms of ").append(ROOM_SIZE).append(", each sent ")
                .append(MESSAGES_EACH).append(" chat messages; after a full GC the server's live heap ")
                .append("(`jcmd GC.class_histogram`), NMT committed (without the heap) and RSS are compared with the ")
                .append("idle server and divided by the connections. zlib's state is `malloc`ed by zlib itself, so it ")
                .append("shows in RSS, not in the heap or NMT columns.\n\n")
                .append("| variant | heap B/conn | NMT native B/conn | RSS B/conn | RSS vs no extension |\n")
                .append("|---|---|---|---|---|\n");
        double base = rows.get(0).rssPerConnection();
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %+.0f |%n", r.variant(),
                    r.heapPerConnection(), r.nativePerConnection(), r.rssPerConnection(), r.rssPerConnection() - base));
        }
        return md.toString();
    }
}
