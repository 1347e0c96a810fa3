package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.ops.OutboundGuard;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.connection.ConnectionState;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Drives one upgraded connection: the raw Undertow/XNIO {@link StreamConnection} on one side, wslab's
 * sans-IO {@link WebSocketConnection} on the other, the {@link Endpoint.Application} on top.
 *
 * <p><b>Confinement.</b> Every field without "any thread" in its comment is touched only on the
 * connection's IO thread: the read and write listeners, timers and inbox drains all run there.
 * {@link #sendText}, {@link #sendBinary} and {@link #close} may be called from any thread; they append
 * to the inbox and wake the IO thread.
 *
 * <p><b>Backpressure.</b> Bytes waiting towards the client (inbox plus unwritten socket bytes) are
 * bounded by the endpoint's {@code maxOutboundBytes}. Past it the client is a slow consumer: its
 * application is ended at once (the chat takes it out of its rooms, so no sender keeps feeding it), the
 * messages not yet started on the wire are dropped, and its 1008 Close goes out right behind the frame in
 * flight, when the socket allows. Reading from a client pauses while much is waiting towards it, so a
 * client that floods requests without reading the answers throttles only itself.
 *
 * <p><b>Timers and closing are the connection's decisions.</b> This driver only asks the sans-IO
 * connection when to wake it ({@code nextDeadlineNanos}) and whether to close TCP: after the outbox is
 * written ({@code shouldCloseTransport}) or now ({@code shouldDropTransport}). Keep-alive Pings and their
 * pong deadline, and the close deadline — from the moment any Close is queued, TCP is gone within the close
 * timeout, even when the peer stopped reading and our Close can never be written — all live there.
 */
final class ConnectionDriver implements WebSocketPeer, OutboundGuard.Consumer {

    private static final Logger log = LoggerFactory.getLogger(ConnectionDriver.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** Reads per wake-up before yielding the IO thread to its other connections. */
    private static final int MAX_READS_PER_WAKEUP = 16;

    private final String id;
    private final StreamConnection channel;
    private final XnioIoThread ioThread;
    private final ByteBufferPool buffers;
    private final WebSocketConnection ws;
    private final Endpoint endpoint;
    private final ConnectionRegistry registry;
    /** IO thread; an observer that throws is dropped, so it can never break a connection. */
    private final SafeTap tap;
    private final long maxOutboundBytes;
    /** Stop reading while this many bytes wait towards the peer; resume below half of it. */
    private final long readPauseBytes;
    private final TokenCheck.Valid auth;

    // ---- any thread ----
    private final OutgoingQueue outgoing = new OutgoingQueue();
    private final AtomicBoolean slowConsumer = new AtomicBoolean();
    private volatile boolean finished;

    // ---- IO thread ----
    private Endpoint.Application application;
    private boolean applicationEnded;
    private final PendingWrites unwritten;
    /** Built once: a broadcast runs these for every member, and a new lambda each time was garbage per delivery. */
    private final Runnable drain = this::drainInbox;
    private final Consumer<ByteBuffer> addToUnwritten;
    private boolean readsPaused;
    private final WakeUpTimer timer;
    /** A close the endpoint scheduled ({@link #closeAt}), or null. */
    private Outgoing.Close scheduledClose;
    private long scheduledCloseNanos;
    private String endReason = "connection closed";
    /** Any thread (its counters are). */
    private final ChatMetrics metrics;

    ConnectionDriver(StreamConnection channel, ByteBufferPool buffers, Endpoint endpoint, ConnectionRegistry registry,
                     WireTap tap, WireTap.TappedConnection tapped, Duration keepAliveInterval, TokenCheck.Valid auth) {
        this.id = tapped.connectionId();
        this.channel = channel;
        this.ioThread = channel.getIoThread();
        this.buffers = buffers;
        this.endpoint = endpoint;
        this.registry = registry;
        this.ws = DeflatePolicy.connection(tapped.response(), endpoint.limits());
        this.maxOutboundBytes = endpoint.maxOutboundBytes();
        this.readPauseBytes = Math.max(64 * 1024, maxOutboundBytes / 2);
        this.ws.keepAlive(keepAliveInterval, System.nanoTime());
        this.tap = SafeTap.open(tap, tapped);
        this.unwritten = new PendingWrites(this.tap.isActive() ? this.tap::bytesOut : null);
        this.addToUnwritten = unwritten::add;
        this.timer = new WakeUpTimer(ioThread, this::onTimer);
        this.auth = auth;
        this.metrics = registry.ops().metrics();
    }

    static String nextId() {
        return "ws-" + IDS.incrementAndGet();
    }

    /** Takes over the upgraded connection; runs on its IO thread (Undertow calls the upgrade listener there). */
    void start() {
        ConduitStreamSourceChannel source = channel.getSourceChannel();
        ConduitStreamSinkChannel sink = channel.getSinkChannel();
        source.setReadListener(ignored -> onReadable());
        sink.setWriteListener(ignored -> onWritable());
        channel.setCloseListener(ignored -> onChannelClosed());
        registry.add(this);
        try {
            application = endpoint.open(this, auth);
        } catch (RuntimeException e) {
            log.error("{}: the {} endpoint failed to open the connection", describe(), endpoint.name(), e);
            applicationEnded = true;
            startClose(CloseCode.INTERNAL_ERROR.code(), "internal error");
        }
        log.info("{}: {} connection open", describe(), endpoint.name());
        // Bytes that came with the upgrade request sit in Undertow's read-ahead conduit: resuming reads
        // makes it fire the read listener for them at once, without waiting for the socket.
        source.resumeReads();
        drainInbox();
    }

    // ------------------------------------------------------------------ any thread: WebSocketPeer

    @Override
    public String describe() {
        return id + " " + channel.getPeerAddress() + (auth != null ? " (" + auth.user().name() + ")" : "");
    }

    @Override
    public void sendText(String text) {
        // Encoded here, on the sending thread: a broadcast's members share one encoding (SharedUtf8), and
        // the bound counts the bytes as they go on the wire (a text message is UTF-8, RFC 6455 §5.6).
        enqueue(SharedUtf8.message(text));
    }

    @Override
    public void sendBinary(ByteBuffer data) {
        enqueue(new Outgoing.Binary(data));
    }

    @Override
    public void close(int code, String reason) {
        if (finished) {
            return;
        }
        if (outgoing.add(new Outgoing.Close(code, reason))) {
            runOnIoThread(drain);
        }
    }

    @Override
    public void closeAt(Instant when, int code, String reason) {
        long delay = Math.max(0, Duration.between(Instant.now(), when).toNanos());
        long at = System.nanoTime() + delay;
        runOnIoThread(() -> {
            scheduledClose = new Outgoing.Close(code, reason);
            scheduledCloseNanos = at;
            rearmTimer();
        });
    }

    /** Any thread: what waits towards this peer (inbox plus unwritten socket bytes), for the server-wide bound. */
    @Override
    public long queuedBytes() {
        return outgoing.bytes() + unwritten.bytes();
    }

    /** Any thread: the server-wide bound is reached and this connection holds the most: 1008, as over its own bound. */
    @Override
    public void cutAsSlow(String reason) {
        if (!finished && slowConsumer.compareAndSet(false, true)) {
            metrics.slowConsumerCut(ChatMetrics.WEBSOCKET, "total");
            log.warn("{}: {}", describe(), reason);
            runOnIoThread(() -> closeSlowConsumer(queuedBytes()));
        }
    }

    private void enqueue(Outgoing message) {
        if (finished || slowConsumer.get()) {
            return;
        }
        long waiting = outgoing.reserve(message) + unwritten.bytes();
        if (waiting > maxOutboundBytes) {
            outgoing.refund(message);
            if (slowConsumer.compareAndSet(false, true)) {
                metrics.slowConsumerCut(ChatMetrics.WEBSOCKET, "client");
                runOnIoThread(() -> closeSlowConsumer(waiting));
            }
            return;
        }
        registry.outbound().nudge(waiting);
        if (outgoing.add(message)) {
            runOnIoThread(drain);
        }
    }

    private void runOnIoThread(Runnable task) {
        try {
            ioThread.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // The IO thread is gone (server stopping); the connection is being closed with it.
        }
    }

    // ------------------------------------------------------------------ IO thread

    private void drainInbox() {
        if (finished) {
            outgoing.clear();
            return;
        }
        moveInboxIntoConnection();
        flush();
        if (unwritten.bytes() > maxOutboundBytes && slowConsumer.compareAndSet(false, true)) {
            metrics.slowConsumerCut(ChatMetrics.WEBSOCKET, "client");
            closeSlowConsumer(unwritten.bytes());
        }
        rearmTimer();
    }

    /** Hands queued messages and close requests to the connection, in order (they land in its outbox). */
    private void moveInboxIntoConnection() {
        outgoing.draining();
        Outgoing item;
        while ((item = outgoing.poll()) != null) {
            if (item instanceof Outgoing.Text text) {
                if (ws.sendText(text.utf8())) { // false once closing: a broadcast to a closing connection is routine
                    metrics.webSocketMessageOut();
                }
            } else if (item instanceof Outgoing.Binary binary) {
                if (ws.sendBinary(binary.data())) {
                    metrics.webSocketMessageOut();
                }
            } else if (item instanceof Outgoing.Close request && ws.state() == ConnectionState.OPEN) {
                ws.close(CloseStatus.of(request.code(), request.reason()), System.nanoTime());
            }
        }
    }

    private void onReadable() {
        if (finished) {
            return;
        }
        ConduitStreamSourceChannel source = channel.getSourceChannel();
        long now = System.nanoTime();
        int reads = 0;
        boolean drained = false;
        while (reads++ < MAX_READS_PER_WAKEUP) {
            int n;
            try (PooledByteBuffer pooled = buffers.allocate()) {
                ByteBuffer buffer = pooled.getBuffer();
                buffer.clear();
                try {
                    n = source.read(buffer);
                } catch (IOException e) {
                    transportLost("reading failed: " + e.getMessage());
                    return;
                }
                if (n > 0) {
                    metrics.webSocketBytesIn(n);
                    buffer.flip();
                    tap.bytesIn(buffer);
                    receiveFrameByFrame(buffer, now);
                }
            }
            if (n < 0) {
                transportLost("the peer closed the TCP connection");
                return;
            }
            if (n == 0) {
                drained = true;
                break;
            }
            if (finished) {
                return;
            }
            if (unwritten.bytes() + outgoing.bytes() > readPauseBytes) {
                // Backpressure: stop taking requests from a peer that does not take our answers.
                readsPaused = true;
                source.suspendReads();
                break;
            }
        }
        if (!drained && !readsPaused && !finished) {
            source.wakeupReads(); // more may be waiting: come back after the other connections had a turn
        }
        drainInbox();
    }

    /**
     * Feeds the read to the connection; each event reaches the application as soon as its frame ends, and
     * the application's answers are moved into the connection right after, so an answer is queued before a
     * Close that arrived right behind its message is processed (Autobahn case 7.1.1). The connection copies
     * what it keeps, so the pooled buffer can go back right after.
     */
    private void receiveFrameByFrame(ByteBuffer buffer, long now) {
        ws.receive(buffer, now, event -> {
            handleEvent(event);
            moveInboxIntoConnection();
        });
    }

    private void onWritable() {
        if (finished) {
            return;
        }
        flush();
        rearmTimer();
    }

    private void handleEvents(List<Event> events) {
        events.forEach(this::handleEvent);
    }

    private void handleEvent(Event event) {
        if (event instanceof Event.Text text) {
            metrics.webSocketMessageIn();
            if (!applicationEnded) {
                application.onText(text.text());
            }
        } else if (event instanceof Event.Binary binary) {
            metrics.webSocketMessageIn();
            if (!applicationEnded) {
                application.onBinary(binary.payload());
            }
        } else if (event instanceof Event.Violation violation) {
            log.warn("{}: the peer broke the protocol, closing with {}", describe(), violation.describe());
            endReason = "protocol violation: " + violation.describe();
        } else if (event instanceof Event.CloseReceived received) {
            log.debug("{}: peer sent Close {}", describe(), LogSafe.quote(received.status().describe()));
        } else if (event instanceof Event.Closed closed) {
            if (!endReason.startsWith("protocol violation")) {
                endReason = closed.describe();
            }
            // The close reason is the peer's text: escaped, so it cannot forge a log line (issue 10).
            log.info("{}: WebSocket closed: {}", describe(), LogSafe.quote(closed.describe()));
            endApplication(endReason, peerVanished());
        }
        // Ping and Pong: the connection has queued the answer and disarmed its pong deadline itself.
    }

    /** Writes the connection's outbox; on a partial write, the write listener resumes. */
    private void flush() {
        if (finished) {
            return;
        }
        if (ws.hasOutbound()) {
            ws.takeOutbound(addToUnwritten);
        }
        ConduitStreamSinkChannel sink = channel.getSinkChannel();
        long queued = unwritten.bytes();
        try {
            boolean all = unwritten.writeTo(sink);
            metrics.webSocketBytesOut(queued - unwritten.bytes());
            if (!all || !sink.flush()) {
                sink.resumeWrites(); // the socket is full: the write listener calls flush() again
                return;
            }
        } catch (IOException e) {
            transportLost("writing failed: " + e.getMessage());
            return;
        }
        sink.suspendWrites();
        if (readsPaused && (ws.state() != ConnectionState.OPEN || unwritten.bytes() + outgoing.bytes() < readPauseBytes / 2)) {
            readsPaused = false;
            channel.getSourceChannel().resumeReads();
        }
        if (ws.shouldCloseTransport()) {
            // RFC 6455 §7.1.1: after the closing handshake the server closes the TCP connection first.
            closeTransport();
        }
    }

    private void onTimer() {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        handleEvents(ws.onTimer(now));
        if (ws.shouldDropTransport()) {
            dropTransport();
            return;
        }
        if (scheduledClose != null && now - scheduledCloseNanos >= 0) {
            Outgoing.Close due = scheduledClose;
            scheduledClose = null;
            if (ws.state() == ConnectionState.OPEN) {
                log.info("{}: closing with {} \"{}\", as the {} endpoint scheduled", describe(), due.code(),
                        due.reason(), endpoint.name());
                endApplication(due.reason());
                startClose(due.code(), due.reason());
            }
        }
        flush();
        rearmTimer();
    }

    /**
     * The connection's deadline passed (close or pong): TCP goes now, whatever is still unwritten. The log
     * says which of the two ways a closing peer failed us.
     */
    private void dropTransport() {
        long unwrittenBytes = unwritten.bytes() + (ws.hasOutbound() ? 1 : 0);
        String after = ws.limits().closeTimeout().toMillis() + " ms";
        if (ws.closeSent().isPresent() && unwrittenBytes > 0) {
            log.info("{}: peer stopped reading; dropped after {} with {} bytes unwritten (our Close {} among them)",
                    describe(), after, unwritten.bytes(), ws.closeSent().get().code());
            endReason = "peer stopped reading; dropped after " + after;
        } else if (ws.closeSent().isPresent() && ws.closeReceived().isEmpty()) {
            log.info("{}: peer did not answer our Close {}; dropped after {}", describe(), ws.closeSent().get().code(), after);
            endReason = "peer did not answer our Close; dropped after " + after;
        } else if (ws.closeSent().isPresent()) {
            log.info("{}: the closing handshake did not finish in time; dropped after {}", describe(), after);
            endReason = "closing handshake not finished; dropped after " + after;
        }
        closeTransport();
    }

    /** Arms the one timer at the earliest of: the connection's own deadline and the endpoint's scheduled close. */
    private void rearmTimer() {
        if (finished) {
            return;
        }
        OptionalLong deadline = ws.nextDeadlineNanos();
        boolean closeDue = scheduledClose != null && ws.state() == ConnectionState.OPEN;
        if (deadline.isEmpty() && !closeDue) {
            return;
        }
        long next = deadline.isPresent() ? deadline.getAsLong() : scheduledCloseNanos;
        if (closeDue && scheduledCloseNanos - next < 0) {
            next = scheduledCloseNanos;
        }
        timer.wakeAt(next, System.nanoTime());
    }

    private void startClose(int code, String reason) {
        if (ws.state() == ConnectionState.OPEN) {
            ws.close(CloseStatus.of(code, reason), System.nanoTime());
        }
        flush();
        rearmTimer();
    }

    private void closeSlowConsumer(long waitingBytes) {
        if (finished) {
            return;
        }
        log.warn("{}: slow consumer: {} bytes wait towards the peer (limit {}); closing with 1008 so the others are not held up",
                describe(), waitingBytes, maxOutboundBytes);
        outgoing.clear();
        // Its 1008 Close goes right behind the frame in flight, not behind megabytes it will never read.
        long dropped = unwritten.discardUnstarted();
        log.info("{}: dropped {} queued bytes so the 1008 Close goes out next", describe(), dropped);
        endReason = "slow consumer";
        endApplication("slow consumer");
        startClose(CloseCode.POLICY_VIOLATION.code(), "slow consumer: too many undelivered messages");
    }

    private void transportLost(String why) {
        if (finished) {
            return;
        }
        if (ws.state() != ConnectionState.CLOSED) {
            log.info("{}: {} before the closing handshake completed", describe(), why);
        }
        handleEvents(ws.onTransportClosed());
        closeTransport();
    }

    private void closeTransport() {
        IoUtils.safeClose(channel); // fires onChannelClosed
        onChannelClosed();
    }

    /** The close listener: runs when the channel closes for any reason (us, the peer, server shutdown). */
    private void onChannelClosed() {
        if (finished) {
            return;
        }
        if (!ioThread.equals(Thread.currentThread())) {
            runOnIoThread(this::onChannelClosed);
            return;
        }
        if (ws.state() != ConnectionState.CLOSED) {
            handleEvents(ws.onTransportClosed());
        }
        finished = true;
        ws.closeSent().ifPresent(sent -> metrics.closeSent(sent.code()));
        ws.closeReceived().ifPresent(received -> metrics.closeReceived(received.code()));
        timer.cancel();
        outgoing.clear();
        unwritten.clear();
        endApplication(endReason, peerVanished());
        registry.remove(this);
        tap.closed(endReason);
    }

    /**
     * Neither side sent a Close (RFC 6455 §7.1.5: closed without a handshake, 1006): the peer vanished
     * (reset, end of stream, no Pong), so a resumable session may wait for it. A protocol violation
     * is not a vanishing peer.
     */
    private boolean peerVanished() {
        return ws.closeReceived().isEmpty() && ws.closeSent().isEmpty() && !endReason.startsWith("protocol violation");
    }

    /** Ends the application exactly once, as a clean end (the chat then takes the user out of its rooms). */
    private void endApplication(String reason) {
        endApplication(reason, false);
    }

    /**
     * Ends the application exactly once. {@code dropped}: the peer vanished without a closing handshake,
     * so the application may keep the session for a resume.
     */
    private void endApplication(String reason, boolean dropped) {
        if (applicationEnded) {
            return;
        }
        applicationEnded = true;
        if (application != null) {
            try {
                if (dropped) {
                    application.onDropped(reason);
                } else {
                    application.onClosed(reason);
                }
            } catch (RuntimeException e) {
                log.error("{}: the {} endpoint failed while closing", describe(), endpoint.name(), e);
            }
        }
    }

}
