package dev.wslab.client;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.ConnectionState;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.framing.deflate.PerMessageDeflateExtension;
import dev.wslab.handshake.DeflateParameters;
import dev.wslab.handshake.ExtensionOffer;
import dev.wslab.handshake.UpgradeResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An open WebSocket connection made by {@link WebSocketClient}: send messages, read events, close.
 *
 * <pre>{@code
 * try (WebSocketSession session = WebSocketClient.connect(URI.create("ws://127.0.0.1:8080/echo"))) {
 *     session.sendText("hello");
 *     Optional<Event> reply = session.nextEvent(Duration.ofSeconds(5));   // Event.Text("hello")
 *     session.close(1000, "bye");
 *     session.awaitClosed(Duration.ofSeconds(5));                           // Event.Closed(1000, ...)
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method may be called from any thread. A session runs two daemon threads: a
 * reader, which feeds the socket's bytes to our sans-IO {@link WebSocketConnection} (CLIENT role: it
 * masks what we send and answers Pings and Closes) and delivers events; and a writer, the only thread
 * that writes to the socket. All protocol state is behind one lock, and frames are queued for the writer
 * in the order the connection produced them, so concurrent senders never interleave a message's frames.
 *
 * <p><b>Events</b> ({@link Event.Text}, {@link Event.Binary}, {@link Event.Ping}, {@link Event.Pong},
 * {@link Event.CloseReceived}, {@link Event.Violation}, and always last exactly one {@link Event.Closed})
 * are queued for {@link #nextEvent(Duration)} unless the options named an {@link EventListener}.
 *
 * <p><b>Sending</b> returns {@code false} when the connection no longer accepts data (after a Close was
 * sent or received, RFC 6455 §5.5.1) instead of throwing. Sends are asynchronous: they queue frames for
 * the writer; when more than {@link ClientOptions#maxQueuedBytes()} wait, the sending thread waits for
 * room (never the reader thread, so a listener that echoes cannot deadlock).
 *
 * <p><b>Closing.</b> {@link #close(int, String)} starts the closing handshake (RFC 6455 §7.1.2); the server
 * answers and closes TCP (§7.1.1), and the session reports {@code Closed}. If the server does not, the
 * close timeout of the {@link Limits} ends it. {@link #close()} does all of that and waits. When the server
 * breaks the protocol, the session sends a Close with the matching code (1002, 1007, 1009), reports an
 * {@link Event.Violation} and {@code Closed}, and still lets the server close TCP first, within the close
 * timeout (§7.1.7, §7.1.1).
 *
 * <p>Incoming bytes are handed to the connection one frame at a time, so a listener answers each message
 * before the next frame — a broken one, or a Close — is looked at.
 */
public final class WebSocketSession implements AutoCloseable {

    /** How often the reader wakes up to let the connection's timers run when nothing arrives. */
    private static final long TIMER_TICK_MILLIS = 200;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final URI uri;
    private final UpgradeResponse response;
    private final Optional<String> subprotocol;
    private final List<ExtensionOffer> extensions;
    private final Limits limits;
    private final Socket socket;
    private final InputStream in;
    private final Optional<EventListener> listener;

    /** Guards {@link #connection}: it is sans-IO and single-threaded by design. */
    private final Object lock = new Object();
    private final WebSocketConnection connection;
    private final SocketWriter writer;
    private final Thread readerThread;
    private final Thread writerThread;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final CountDownLatch transportClosedLatch = new CountDownLatch(1);
    private volatile Event.Closed closedEvent;
    private volatile boolean closedTaken;

    WebSocketSession(URI uri, UpgradeResponse response, Optional<String> subprotocol, List<ExtensionOffer> extensions,
                     Socket socket, ByteBuffer firstBytes, ClientOptions options) throws IOException {
        this.uri = uri;
        this.response = response;
        this.subprotocol = subprotocol;
        this.extensions = List.copyOf(extensions);
        this.limits = options.limits();
        this.socket = socket;
        this.in = socket.getInputStream();
        this.listener = options.listener();
        this.connection = connectionFor(this.extensions, options.limits());
        options.readTimeout().ifPresent(timeout -> connection.keepAlive(timeout, System.nanoTime()));
        this.writer = new SocketWriter(socket, socket.getOutputStream(), options.maxQueuedBytes());
        String name = "wslab-client " + uri.getHost() + ":" + socket.getPort();
        this.writerThread = new Thread(writer, name + " writer");
        this.writerThread.setDaemon(true);
        ByteBuffer early = firstBytes.duplicate();
        this.readerThread = new Thread(() -> readLoop(early), name + " reader");
        this.readerThread.setDaemon(true);
    }

    /**
     * The client's sans-IO connection: with permessage-deflate when the server's answer accepted it, with the
     * parameters it agreed on (RFC 7692 §7.1: the server may shrink our window or stop our context takeover).
     */
    private static WebSocketConnection connectionFor(List<ExtensionOffer> accepted, Limits limits) {
        Optional<DeflateParameters> agreed = DeflateParameters.agreedIn(accepted);
        if (agreed.isEmpty()) {
            return new WebSocketConnection(Role.CLIENT, limits);
        }
        DeflateParameters p = agreed.get();
        return WebSocketConnection.withExtension(Role.CLIENT, limits, MaskingKeySource.secure(),
                PerMessageDeflateExtension.agreed(Role.CLIENT, p.serverNoContextTakeover(), p.clientNoContextTakeover(),
                        p.serverMaxWindowBits(), p.clientMaxWindowBits(), PerMessageDeflateExtension.DEFAULT_LEVEL,
                        PerMessageDeflateExtension.DEFAULT_MIN_MESSAGE_SIZE));
    }

    /** Starts the threads; separate from the constructor so that no thread sees a half-built session. */
    void start() {
        writerThread.start();
        readerThread.start();
    }

    // ------------------------------------------------------------------------------------------- facts

    /** The URI this session connected to. */
    public URI uri() {
        return uri;
    }

    /** The subprotocol the server selected from those offered (RFC 6455 §4.1), if any. */
    public Optional<String> subprotocol() {
        return subprotocol;
    }

    /** The extensions the server accepted from those offered (RFC 6455 §9.1), in its order; usually none. */
    public List<ExtensionOffer> extensions() {
        return extensions;
    }

    /** The server's {@code 101} response head. */
    public UpgradeResponse handshakeResponse() {
        return response;
    }

    /** The connection's state: OPEN, CLOSE_SENT or CLOSED (a received Close is answered at once). */
    public ConnectionState state() {
        synchronized (lock) {
            return connection.state();
        }
    }

    /** True while messages can still be sent (no Close sent or received yet). */
    public boolean isOpen() {
        return state() == ConnectionState.OPEN;
    }

    /** Bytes of outgoing frames not yet written to the socket. */
    public long queuedBytes() {
        return writer.queuedBytes();
    }

    // ------------------------------------------------------------------------------------------ sending

    /** Sends a text message. @return false if the connection no longer accepts data */
    public boolean sendText(String text) {
        Objects.requireNonNull(text, "text");
        return submit(c -> c.sendText(text), true);
    }

    /** Sends a binary message (the array is copied). @return false if the connection no longer accepts data */
    public boolean sendBinary(byte[] data) {
        Objects.requireNonNull(data, "data");
        return submit(c -> c.sendBinary(data), true);
    }

    /**
     * Sends a Ping (RFC 6455 §5.5.2); the server answers with a Pong carrying the same bytes.
     *
     * @throws IllegalArgumentException if the payload exceeds 125 bytes (§5.5)
     */
    public boolean ping(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        return submit(c -> c.ping(payload), false);
    }

    /**
     * Starts the closing handshake with {@code code} and {@code reason} (RFC 6455 §7.1.2). Returns at once;
     * {@link #awaitClosed(Duration)} waits for the end.
     *
     * @return false if a Close was already sent or the connection is over
     * @throws IllegalArgumentException if the code may not be sent (§7.4) or the reason exceeds 123 bytes
     */
    public boolean close(int code, String reason) {
        CloseStatus status = new CloseStatus(code, reason);
        return submit(c -> c.close(status, System.nanoTime()), false);
    }

    /**
     * Closes with 1000 (Normal Closure) unless a Close was already sent or received, then waits — at most
     * about the close timeout — until the closing handshake is over and the server has closed TCP
     * (RFC 6455 §7.1.1: the server closes first; our queued Close answer is written before that), and
     * finally releases the socket whatever happened. Safe to call more than once.
     *
     * <p>Called by an {@link EventListener} (on the reader thread, which cannot wait for itself), it only
     * starts the closing handshake; the session then ends on its own.
     */
    @Override
    public void close() {
        close(1000, "");
        if (Thread.currentThread() == readerThread) {
            return;
        }
        try {
            // The reader ends when TCP closes: the server closes it, or the connection's close timeout has
            // our writer close it after the last queued frame.
            transportClosedLatch.await(limits.closeTimeout().plusSeconds(1).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            abort();
        }
    }

    /** Drops the TCP connection without a closing handshake; the session reports {@code Closed(1006)}. */
    public void abort() {
        writer.finish();
        SocketWriter.closeSocket(socket);
    }

    // ------------------------------------------------------------------------------------------ receiving

    /**
     * The next event, waiting up to {@code timeout}. Empty on timeout, and immediately once the
     * {@link Event.Closed} has been taken (nothing follows it).
     *
     * @throws IllegalStateException if events go to a listener
     */
    public Optional<Event> nextEvent(Duration timeout) throws InterruptedException {
        if (listener.isPresent()) {
            throw new IllegalStateException("this session delivers its events to a listener");
        }
        if (closedTaken && events.isEmpty()) {
            return Optional.empty();
        }
        Event event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (event instanceof Event.Closed) {
            closedTaken = true;
        }
        return Optional.ofNullable(event);
    }

    /** Waits until the connection is over; the {@link Event.Closed}, or empty on timeout. */
    public Optional<Event.Closed> awaitClosed(Duration timeout) throws InterruptedException {
        closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return Optional.ofNullable(closedEvent);
    }

    // -------------------------------------------------------------------------------------------- internals

    /**
     * Runs one call on the connection under the lock and queues what it produced for the writer, in order.
     * Application sends then wait for room in the writer's queue; the reader thread never waits.
     */
    private boolean submit(Predicate<WebSocketConnection> call, boolean dataMessage) {
        boolean accepted;
        synchronized (lock) {
            accepted = call.test(connection);
            flushLocked();
        }
        if (accepted && dataMessage && Thread.currentThread() != readerThread) {
            try {
                writer.awaitRoom(limits.closeTimeout().toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return accepted;
    }

    /** Moves the connection's outbox to the writer; the caller holds {@link #lock}. */
    private void flushLocked() {
        if (connection.hasOutbound()) {
            writer.enqueue(connection.takeOutbound());
        }
        if (connection.shouldCloseTransport()) {
            // The connection decided TCP must go (RFC 6455 §7.1.1: a client closes only when the server did not
            // in time): write what is queued, then close. Until then a client keeps reading — lingering —
            // even after it failed the connection; the connection discards what arrives.
            writer.closeAfterFlush();
        }
    }

    private void readLoop(ByteBuffer early) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try {
            if (early.hasRemaining()) {
                // Bytes that arrived together with the 101 belong to the first frames (never lost).
                process(early);
            }
            while (!mustDrop()) {
                socket.setSoTimeout((int) readTimeoutMillis());
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException tick) {
                    onTimer();
                    continue;
                }
                if (n < 0) {
                    break;
                }
                process(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException e) {
            // A reset, or the socket closed by our writer after a deadline: the transport is gone.
        } finally {
            transportClosed();
        }
    }

    /** True once the connection's close (or pong) deadline passed: TCP goes now, written or not. */
    private boolean mustDrop() {
        synchronized (lock) {
            return connection.shouldDropTransport();
        }
    }

    private long readTimeoutMillis() {
        OptionalLong deadline;
        synchronized (lock) {
            deadline = connection.nextDeadlineNanos();
        }
        if (deadline.isEmpty()) {
            return TIMER_TICK_MILLIS;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline.getAsLong() - System.nanoTime()) + 1;
        return Math.max(1, Math.min(TIMER_TICK_MILLIS, millis));
    }

    /**
     * Feeds the bytes to the connection, which hands each event over as soon as its frame ends: a listener
     * answers a message before the next frame (a broken one, or a Close) is looked at. The listener runs
     * under the connection's lock, so its sends are queued in order.
     */
    private void process(ByteBuffer bytes) {
        synchronized (lock) {
            connection.receive(bytes, System.nanoTime(), event -> {
                flushLocked();
                deliver(List.of(event));
                flushLocked();
            });
            flushLocked();
        }
    }

    private void onTimer() {
        List<Event> produced;
        synchronized (lock) {
            produced = connection.onTimer(System.nanoTime());
            flushLocked();
        }
        deliver(produced);
    }

    private void transportClosed() {
        List<Event> produced;
        synchronized (lock) {
            produced = connection.onTransportClosed();
        }
        writer.finish();
        SocketWriter.closeSocket(socket);
        deliver(produced);
        transportClosedLatch.countDown();
    }

    private void deliver(List<Event> produced) {
        for (Event event : produced) {
            if (event instanceof Event.Closed closed) {
                closedEvent = closed;
            }
            if (listener.isPresent()) {
                try {
                    listener.get().onEvent(this, event);
                } catch (RuntimeException e) {
                    // A broken listener must not leave a half-working connection behind.
                    abort();
                }
            } else {
                events.add(event);
            }
            if (event instanceof Event.Closed) {
                closedLatch.countDown();
            }
        }
    }
}
