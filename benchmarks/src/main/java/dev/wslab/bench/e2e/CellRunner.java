package dev.wslab.bench.e2e;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs one cell: opens the clients, runs a warm-up phase and a measured phase with the same load,
 * drains, and turns the books into a {@link CellResult} with its self-checks.
 */
final class CellRunner {

    /** Creates the clients of a cell for one transport. */
    interface ClientFactory {
        LoadClient create(int index, String room) throws IOException;
    }

    private static final int MAX_SENDER_THREADS = 4;

    private final WireCounter wire;
    private final FrameAccounting frames;
    private final PollTimings timings;
    private final LongSupplier serverCpuNanos;
    private final WireCounter proxy;
    private final LongSupplier redisCommands;
    private SlowDeliveries slow;
    /** The p99.9 of the last measured phase counted from each send's actual start (µs), or -1. */
    private long measuredP999FromSendMicros = -1;

    /**
     * @param proxy         the counters of a {@link CountingProxy} the clients go through, or null; when
     *                      present, each cell checks that it saw exactly the bytes the clients counted
     * @param redisCommands commands the cell's Redis has processed so far, or null without Redis
     */
    CellRunner(WireCounter wire, FrameAccounting frames, PollTimings timings, LongSupplier serverCpuNanos,
               WireCounter proxy, LongSupplier redisCommands) {
        this.wire = wire;
        this.frames = frames;
        this.timings = timings;
        this.serverCpuNanos = serverCpuNanos;
        this.proxy = proxy;
        this.redisCommands = redisCommands;
    }

    /** Books the measured phase's late deliveries in {@code slow} too (null: not at all). */
    CellRunner watchingSlowDeliveries(SlowDeliveries slow) {
        this.slow = slow;
        return this;
    }

    /**
     * The p99.9 of the last measured phase from each send's actual start, in µs (-1 before one ran): the
     * generator's own lateness left out (see {@link PhaseLedger}).
     */
    long measuredP999FromSendMicros() {
        return measuredP999FromSendMicros;
    }

    CellResult run(CellSpec spec, ClientFactory factory, String roomPrefix) throws IOException, InterruptedException {
        List<LoadClient> clients = new ArrayList<>(spec.clients());
        try {
            for (int i = 0; i < spec.clients(); i++) {
                LoadClient client = factory.create(i, roomPrefix + (i % spec.rooms()));
                clients.add(client);
                client.open();
            }
            runPhase(spec, clients, 'w', spec.warmupSeconds());
            CellResult measured = runPhase(spec, clients, 'm', spec.measureSeconds());
            List<CellResult.Check> checks = new ArrayList<>(measured.checks());
            checks.add(presenceCheck(spec, clients));
            return measured.withChecks(checks);
        } finally {
            for (LoadClient client : clients) {
                client.close();
            }
        }
    }

    private CellResult runPhase(CellSpec spec, List<LoadClient> clients, char tag, double seconds)
            throws InterruptedException, IOException {
        PhaseLedger ledger = new PhaseLedger(tag, spec.clients(), tag == 'm' ? slow : null);
        BlockingQueue<LoadClient> ready = new LinkedBlockingQueue<>();
        LoadClient.OwnDeliveryListener listener = spec.mode() == CellSpec.Mode.SATURATION ? ready::add : null;
        for (LoadClient client : clients) {
            client.startPhase(ledger, spec.clients(), listener);
        }
        // Counters are read only while no byte is in flight anywhere (see LoadClient.quiesce).
        quiesce(clients);
        long wireInStart = wire.serverToClient();
        long wireOutStart = wire.clientToServer();
        FrameAccounting.Snapshot framesStart = frames.snapshot();
        PollTimings.Snapshot timingsStart = timings.snapshot();
        long proxyInStart = proxy == null ? 0 : proxy.serverToClient();
        long proxyOutStart = proxy == null ? 0 : proxy.clientToServer();
        long serverCpuStart = serverCpuNanos.getAsLong();
        long redisStart = redisCommands == null ? 0 : redisCommands.getAsLong();
        long clientCpuStart = clientCpuNanos();
        long start = System.nanoTime();
        long sendEnd = start + (long) (seconds * 1e9);
        clients.forEach(LoadClient::resume);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        int senderThreads = Math.min(MAX_SENDER_THREADS, spec.clients());
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < senderThreads; t++) {
            int thread = t;
            Runnable body = spec.mode() == CellSpec.Mode.FIXED_RATE
                    ? () -> fixedRate(spec, clients, ledger, thread, senderThreads, start, sendEnd, failure)
                    : () -> closedLoop(spec, ledger, ready, sendEnd, failure);
            Thread sender = new Thread(body, "sender-" + t);
            sender.setDaemon(true);
            senders.add(sender);
        }
        if (spec.mode() == CellSpec.Mode.SATURATION) {
            for (int k = 0; k < spec.inFlight(); k++) {
                for (LoadClient client : clients) {
                    if (spec.sends(client.index)) {
                        ready.add(client);
                    }
                }
            }
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        if (failure.get() != null) {
            throw new IOException("a send failed in " + spec.label(), failure.get());
        }
        long drainDeadline = System.nanoTime() + drainTimeoutNanos(spec);
        while (!ledger.allDelivered() && System.nanoTime() < drainDeadline) {
            Thread.sleep(5);
        }
        long end = System.nanoTime();
        quiesce(clients);
        long serverCpu = serverCpuNanos.getAsLong() - serverCpuStart;
        // Minus one: our own INFO at the end is counted by Redis too.
        long redisSpent = redisCommands == null ? 0 : redisCommands.getAsLong() - redisStart - 1;
        long clientCpu = clientCpuNanos() - clientCpuStart;
        long wireIn = wire.serverToClient() - wireInStart;
        long wireOut = wire.clientToServer() - wireOutStart;
        FrameAccounting.Snapshot frameDelta = frames.snapshot().minus(framesStart);
        PollTimings.Snapshot pollDelta = timings.snapshot().minus(timingsStart);
        long proxyIn = proxy == null ? 0 : proxy.serverToClient() - proxyInStart;
        long proxyOut = proxy == null ? 0 : proxy.clientToServer() - proxyOutStart;

        long windowEnd = ledger.allDelivered() ? Math.max(ledger.lastDeliveryNanos(), sendEnd) : end;
        double windowSeconds = (windowEnd - start) / 1e9;
        long delivered = ledger.delivered();
        Histogram latency = ledger.latencyMicros();
        if (tag == 'm') {
            measuredP999FromSendMicros = ledger.fromSendMicros().getValueAtPercentile(99.9);
        }
        CellResult.Latency percentiles = new CellResult.Latency(
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9),
                latency.getMaxValue(), latency.getTotalCount());
        List<CellResult.Check> checks = new ArrayList<>();
        checks.add(deliveryCheck(ledger));
        if (spec.transport().isWebSocket()) {
            checks.add(frameCostCheck(frameDelta, wireIn, wireOut));
        }
        if (TransportCatalog.deflateOffer(spec.transport()).isPresent()) {
            checks.add(deflateCheck(frameDelta));
        }
        if (proxy != null) {
            checks.add(proxyCheck(wireIn, wireOut, proxyIn, proxyOut));
        }
        if (spec.transport().kind() == Transport.Kind.SHORT_POLLING && spec.mode() == CellSpec.Mode.FIXED_RATE) {
            checks.add(shortPollingMedianCheck(spec.transport().pollIntervalMs(), pollDelta.meanPeriodMillis(),
                    pollDelta.meanRoundTripMillis(), percentiles.p50()));
        }
        double perDelivered = delivered == 0 ? Double.NaN : 1.0 / delivered;
        return new CellResult(spec, ledger.sent(), ledger.expectedDeliveries(), delivered, windowSeconds,
                delivered / windowSeconds, percentiles, wireOut, wireIn, (wireIn + wireOut) * perDelivered,
                serverCpu / 1000.0 * perDelivered, clientCpu / 1000.0 * perDelivered,
                redisCommands == null || ledger.sent() == 0 ? Double.NaN : (double) redisSpent / ledger.sent(), checks);
    }

    /** Pauses every client's own traffic, then lets the relay and the kernel deliver what is in flight. */
    private static void quiesce(List<LoadClient> clients) throws InterruptedException {
        for (LoadClient client : clients) {
            client.quiesce();
        }
        Thread.sleep(100);
    }

    /**
     * One sender thread of a fixed-rate cell. Its intended send times are fixed before the phase
     * starts, independent of how fast anything answers (so a stall shows up as latency): a Poisson
     * process of rate {@code sendsPerSecond / threads}, seeded. Random arrivals, as a chat's are,
     * rather than a metronome: a metronome whose period matches a short-polling interval would land
     * every message at the same point between two polls of a client and measure the alignment, not
     * the transport.
     */
    private static void fixedRate(CellSpec spec, List<LoadClient> clients, PhaseLedger ledger, int thread,
                                  int threads, long start, long sendEnd, AtomicReference<Throwable> failure) {
        List<LoadClient> own = new ArrayList<>();
        for (int i = thread; i < clients.size(); i += threads) {
            own.add(clients.get(i));
        }
        double meanGapNanos = 1e9 * threads / spec.sendsPerSecond();
        SplittableRandom gaps = new SplittableRandom(6455L * 31 + thread);
        double intendedOffset = 0;
        try {
            for (long k = 0; ; k++) {
                intendedOffset += -meanGapNanos * Math.log(1.0 - gaps.nextDouble());
                long intended = start + (long) intendedOffset;
                if (intended >= sendEnd) {
                    return;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(spec, own.get((int) (k % own.size())), ledger, intended);
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void closedLoop(CellSpec spec, PhaseLedger ledger, BlockingQueue<LoadClient> ready,
                                   long sendEnd, AtomicReference<Throwable> failure) {
        try {
            while (System.nanoTime() < sendEnd) {
                LoadClient client = ready.poll(10, TimeUnit.MILLISECONDS);
                if (client != null && System.nanoTime() < sendEnd) {
                    // Closed loop: no schedule, so latency counts from the actual send.
                    send(spec, client, ledger, System.nanoTime());
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(CellSpec spec, LoadClient client, PhaseLedger ledger, long intendedNanos)
            throws IOException {
        synchronized (client) {
            int seq = client.nextSeq++;
            int room = client.index % spec.rooms();
            ledger.recordSend(client.index, seq, intendedNanos, System.nanoTime(), spec.membersOfRoom(room));
            client.sendMessage(ChatWire.markerText(ledger.tag(), client.index, seq, spec.payloadBytes()));
        }
    }

    private static long drainTimeoutNanos(CellSpec spec) {
        long pollMillis = spec.transport().pollIntervalMs();
        long measureMillis = (long) (spec.measureSeconds() * 1000);
        return TimeUnit.MILLISECONDS.toNanos(Math.max(Math.max(10_000, 2 * measureMillis), 3 * pollMillis + 5_000));
    }

    private static long clientCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime();
        }
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    /**
     * Presence is scoped to rooms: while a cell runs, a client hears only of its own room (one
     * {@code members} list, then one {@code userJoined} per later arrival), never a list per connect
     * of every user online. So no client may receive more presence events than its room has members.
     */
    static CellResult.Check presenceCheck(CellSpec spec, List<LoadClient> clients) {
        int max = 0;
        int bound = 0;
        boolean passed = true;
        for (LoadClient client : clients) {
            int limit = spec.membersOfRoom(client.index % spec.rooms());
            max = Math.max(max, client.presenceEvents());
            bound = Math.max(bound, limit);
            passed &= client.presenceEvents() <= limit;
        }
        return new CellResult.Check("presence events per client are bounded by the members of its own room",
                passed, String.format(Locale.ROOT, "at most %d presence events per client, room size at most %d", max, bound));
    }

    private static CellResult.Check deliveryCheck(PhaseLedger ledger) {
        boolean passed = ledger.delivered() == ledger.expectedDeliveries()
                && ledger.duplicatesOrReordered() == 0 && ledger.unknown() == 0;
        return new CellResult.Check("every message sent was delivered to every room member exactly once, in order",
                passed, String.format(Locale.ROOT, "sent %d, expected deliveries %d, delivered %d, "
                                + "duplicated or reordered %d, unknown %d", ledger.sent(), ledger.expectedDeliveries(),
                        ledger.delivered(), ledger.duplicatesOrReordered(), ledger.unknown()));
    }

    /**
     * RFC 6455 §5.2: the bytes counted at the sockets must be exactly the frames' payloads plus their
     * headers — payload + 2 per server frame of at most 125 bytes, payload + 6 per client frame.
     */
    static CellResult.Check frameCostCheck(FrameAccounting.Snapshot frames, long wireIn, long wireOut) {
        long expectedIn = frames.payloadIn() + frames.headerBytesIn();
        long expectedOut = frames.payloadOut() + frames.headerBytesOut();
        boolean passed = frames.framesIn() > 0 && frames.framesOut() > 0
                && wireIn == expectedIn && wireOut == expectedOut;
        return new CellResult.Check(
                "WebSocket frame cost at the socket: server→client payload+2 (≤125 B; +4 ≤64 KiB), "
                        + "client→server payload+6 (≤125 B; +8 ≤64 KiB)",
                passed, String.format(Locale.ROOT,
                        "server→client: %d frames (%d of ≤125 B), payload %d B, socket %d B, expected %d B; "
                                + "client→server: %d frames (%d of ≤125 B), payload %d B, socket %d B, expected %d B",
                        frames.framesIn(), frames.smallFramesIn(), frames.payloadIn(), wireIn, expectedIn,
                        frames.framesOut(), frames.smallFramesOut(), frames.payloadOut(), wireOut, expectedOut));
    }

    /**
     * RFC 7692 with permessage-deflate negotiated: the server's messages arrived compressed (RSV1), and
     * their payloads on the wire were smaller than the inflated messages. The frame cost check above still
     * holds byte for byte, since the frame books keep the compressed sizes. The client's own commands are
     * reported, not judged: without context takeover a short command may not shrink.
     */
    static CellResult.Check deflateCheck(FrameAccounting.Snapshot frames) {
        boolean passed = frames.compressedMessagesIn() > 0 && frames.payloadIn() < frames.messageBytesIn();
        return new CellResult.Check("permessage-deflate: server→client messages compressed, wire payload below "
                + "the inflated size", passed, String.format(Locale.ROOT,
                "server→client: %d of %d frames compressed, wire payload %d B for %d B of messages (%.3f); "
                        + "client→server: %d compressed, wire payload %d B for %d B of messages (%.3f)",
                frames.compressedMessagesIn(), frames.framesIn(), frames.payloadIn(), frames.messageBytesIn(),
                frames.payloadIn() / (double) Math.max(1, frames.messageBytesIn()), frames.compressedMessagesOut(),
                frames.payloadOut(), frames.messageBytesOut(),
                frames.payloadOut() / (double) Math.max(1, frames.messageBytesOut())));
    }

    /** The counting relay between clients and server saw exactly the bytes the client sockets counted. */
    static CellResult.Check proxyCheck(long wireIn, long wireOut, long proxyIn, long proxyOut) {
        return new CellResult.Check("an independent counting TCP proxy saw the same bytes as the client sockets",
                wireIn == proxyIn && wireOut == proxyOut, String.format(Locale.ROOT,
                "server→client: clients %d B, proxy %d B; client→server: clients %d B, proxy %d B",
                wireIn, proxyIn, wireOut, proxyOut));
    }

    /**
     * A message lands at a uniformly random moment between two polls, so it waits half a period on
     * median for the next poll, and then that poll's round trip: median ≈ P/2 + R, where P is the
     * measured period between a client's polls (the configured N when the machine keeps up; a busy
     * machine stretches it) and R the measured mean round trip of a poll. Allowed: ± (P/4 + the
     * smaller of 3 ms and P/10), which stays narrower than the expectation itself, so the check can
     * fail on either side.
     * The detail also shows N/2, so a reader sees how far the machine stretched the period.
     */
    static CellResult.Check shortPollingMedianCheck(int intervalMs, double periodMs, double roundTripMs,
                                                    long p50Micros) {
        double period = Double.isNaN(periodMs) ? intervalMs : periodMs;
        double roundTrip = Double.isNaN(roundTripMs) ? 0 : roundTripMs;
        double expectedMs = period / 2 + roundTrip;
        double toleranceMs = period / 4 + Math.min(3.0, period / 10);
        double medianMs = p50Micros / 1000.0;
        boolean passed = Math.abs(medianMs - expectedMs) <= toleranceMs;
        return new CellResult.Check("short polling at " + intervalMs + " ms has a median latency near "
                + intervalMs + "/2 (half the measured poll period plus a poll's round trip)", passed,
                String.format(Locale.ROOT, "median %.2f ms; N/2 = %.1f ms; measured period %.1f ms, round trip "
                                + "%.2f ms, so expected %.1f ms ± %.1f ms", medianMs, intervalMs / 2.0, period,
                        roundTrip, expectedMs, toleranceMs));
    }
}
