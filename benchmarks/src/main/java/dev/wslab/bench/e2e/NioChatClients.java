package dev.wslab.bench.e2e;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.handshake.ClientHandshake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A load generator that holds thousands of chat WebSocket connections on one thread: one NIO
 * selector, non-blocking sockets, one shared read buffer, and per connection only wslab's sans-IO
 * {@link WebSocketConnection} in the CLIENT role plus a few counters. A thread per connection (what
 * {@link WebSocketLoadClient} does) would need 10,000 threads for the capacity benchmark; this needs one.
 *
 * <p>Every method except {@link #open}, {@link #send} and {@link #close} runs on the selector thread;
 * those three hand their work over through a queue and wake the selector.
 */
final class NioChatClients implements AutoCloseable {

    /** What a connection's events are handed to, on the selector thread. */
    interface Listener {
        /** One text message from the server, its decoded JSON text, received at {@code nanos}. */
        void onText(Conn conn, String text, long nanos);
    }

    /** One client connection. Fields are touched only by the selector thread unless volatile. */
    final class Conn {
        final int index;
        final String room;
        final CompletableFuture<Conn> joined = new CompletableFuture<>();
        private final SocketChannel channel;
        private final byte[] request;
        private final String expectedAccept;
        private final String joinId;
        private WebSocketConnection ws;
        private ByteBuffer head;            // the HTTP response head while the handshake is under way
        private ArrayDeque<ByteBuffer> unwritten; // created on the first partial write only
        private SelectionKey key;
        /**
         * Characters of chat events (JSON text messages) this client received: what the chat sent
         * it, without the handshake and keep-alive Pings, whose count depends on time, not on N.
         */
        volatile long bytesReceived;
        /** Presence events ({@code members}, {@code userJoined}, {@code userLeft}, any user list) received. */
        volatile int presenceEvents;
        volatile long joinedAtNanos;

        private Conn(int index, String room, SocketChannel channel, ClientHandshake handshake) {
            this.index = index;
            this.room = room;
            this.channel = channel;
            this.request = handshake.requestBytes();
            this.expectedAccept = handshake.expectedAccept();
            this.joinId = "join-" + index;
        }

        /** Queues a text message (call on the selector thread, e.g. from a listener). */
        void sendNow(String json) {
            if (ws != null && ws.sendText(json)) {
                flush();
            }
        }

        private void flush() {
            ByteBuffer[] out = ws.takeOutbound();
            if (unwritten == null || unwritten.isEmpty()) {
                write(out);
            } else {
                for (ByteBuffer b : out) {
                    unwritten.add(b);
                }
            }
        }

        private void write(ByteBuffer[] out) {
            try {
                channel.write(out);
            } catch (IOException e) {
                fail(e);
                return;
            }
            for (ByteBuffer b : out) {
                if (b.hasRemaining()) {
                    if (unwritten == null) {
                        unwritten = new ArrayDeque<>(4);
                    }
                    unwritten.add(b);
                }
            }
            if (unwritten != null && !unwritten.isEmpty()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        private void onWritable() throws IOException {
            while (unwritten != null && !unwritten.isEmpty()) {
                ByteBuffer b = unwritten.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                unwritten.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void fail(Throwable e) {
            joined.completeExceptionally(new IOException("client " + index + ": " + e.getMessage(), e));
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    private final InetSocketAddress server;
    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final List<Conn> conns = new ArrayList<>();
    private volatile Listener listener = (conn, text, nanos) -> { };
    private volatile boolean running = true;

    NioChatClients(int port) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "nio-chat-clients");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Opens connection {@code index}: connect, upgrade with {@code headers} on {@code target}, then
     * join {@code room}. The future completes when the server answered the join.
     */
    CompletableFuture<Conn> open(int index, String target, String authorization, String room) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ClientHandshake.Builder handshake = ClientHandshake.builder()
                .host("127.0.0.1:" + server.getPort()).target(target).subprotocols(ChatWire.SUBPROTOCOL);
        if (authorization != null) {
            handshake.header("Authorization", authorization);
        }
        Conn conn = new Conn(index, room, channel, handshake.build());
        tasks.add(() -> {
            try {
                conns.add(conn);
                boolean connected = channel.connect(server);
                conn.key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
                if (connected) {
                    onConnected(conn);
                }
            } catch (IOException e) {
                conn.fail(e);
            }
        });
        selector.wakeup();
        return conn.joined;
    }

    /** Sends a text from any thread. */
    void send(Conn conn, String json) {
        tasks.add(() -> conn.sendNow(json));
        selector.wakeup();
    }

    /** Runs {@code task} on the selector thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select(100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            conn.channel.finishConnect();
                            key.interestOps(SelectionKey.OP_READ);
                            onConnected(conn);
                        }
                        if (key.isValid() && key.isWritable()) {
                            conn.onWritable();
                        }
                        if (key.isValid() && key.isReadable()) {
                            onReadable(conn);
                        }
                    } catch (IOException | RuntimeException e) {
                        conn.fail(e);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void onConnected(Conn conn) {
        conn.head = ByteBuffer.allocate(1024);
        conn.write(new ByteBuffer[] {ByteBuffer.wrap(conn.request)});
    }

    private void onReadable(Conn conn) throws IOException {
        readBuffer.clear();
        int n = conn.channel.read(readBuffer);
        if (n < 0) {
            conn.fail(new IOException("the server closed the connection"));
            return;
        }
        readBuffer.flip();
        long now = System.nanoTime();
        if (conn.ws == null && !readHandshake(conn)) {
            return;
        }
        if (!readBuffer.hasRemaining()) {
            return;
        }
        conn.ws.receive(readBuffer, now, event -> {
            if (event instanceof Event.Text text) {
                onText(conn, text.text(), now);
            } else if (event instanceof Event.Closed || event instanceof Event.Violation) {
                conn.fail(new IOException("connection ended: " + event));
            }
        });
        if (conn.ws != null && conn.channel.isOpen() && conn.ws.hasOutbound()) {
            conn.flush(); // a Pong for the server's keep-alive Ping, or our Close answer
        }
    }

    /** Reads the 101 response head; leaves any bytes after it in the read buffer. */
    private boolean readHandshake(Conn conn) throws IOException {
        while (readBuffer.hasRemaining()) {
            if (!conn.head.hasRemaining()) {
                throw new IOException("response head over 1024 bytes");
            }
            conn.head.put(readBuffer.get());
            int p = conn.head.position();
            if (p >= 4 && conn.head.get(p - 4) == '\r' && conn.head.get(p - 3) == '\n'
                    && conn.head.get(p - 2) == '\r' && conn.head.get(p - 1) == '\n') {
                String head = new String(conn.head.array(), 0, p, StandardCharsets.ISO_8859_1);
                conn.head = null;
                if (!head.startsWith("HTTP/1.1 101") || !head.contains(conn.expectedAccept)) {
                    throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
                }
                conn.ws = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);
                conn.sendNow(ChatWire.joinCommand(conn.room, conn.joinId));
                return true;
            }
        }
        return false;
    }

    private void onText(Conn conn, String text, long now) {
        conn.bytesReceived += text.length();
        if (text.startsWith("{\"type\":\"members\"") || text.startsWith("{\"type\":\"userJoined\"")
                || text.startsWith("{\"type\":\"userLeft\"") || text.startsWith("{\"type\":\"userList\"")) {
            conn.presenceEvents++;
            return;
        }
        if (!conn.joined.isDone() && text.contains("\"" + conn.joinId + "\"")) {
            if (text.contains("\"type\":\"ok\"")) {
                conn.joinedAtNanos = now;
                conn.joined.complete(conn);
            } else {
                conn.fail(new IOException("join refused: " + text));
            }
            return;
        }
        listener.onText(conn, text, now);
    }

    /** Closes every connection (abruptly: the server sees EOF) and stops the thread. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            for (Conn conn : conns) {
                conn.closeQuietly();
            }
            conns.clear();
            done.complete(null);
        });
        try {
            done.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Stopping anyway.
        }
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // Best effort.
        }
    }
}
