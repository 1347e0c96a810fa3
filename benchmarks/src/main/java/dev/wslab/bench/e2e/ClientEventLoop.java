package dev.wslab.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread that reads every client connection of the load generator, as an event-loop generator (Node's,
 * or a Go client on one core) does: a message fanned out to ten members costs the generator one wake-up and
 * one pass over the ready sockets, where a thread per client costs ten wake-ups, ten context switches on a
 * host whose two cores the server shares. The latency it books is then closer to the server's own (issue 19's
 * p99.9 rounds: {@code TransportRunner --event-loop-clients}).
 *
 * <p>Only reading is done here. Clients write from the runner's sender threads straight to their non-blocking
 * channels (see {@link WebSocketLoadClient}), so a send is not delayed by a hand-over to this thread.
 */
final class ClientEventLoop implements AutoCloseable {

    /**
     * Given, on the loop thread, what one read of its channel brought (valid only during the call); returns
     * false when the connection is over.
     */
    interface Reader {
        boolean onReadable(ByteBuffer bytes);
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> registrations = new ConcurrentLinkedQueue<>();
    /** Shared by every connection: the loop reads one socket at a time, and a reader consumes what it is given. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private volatile boolean running = true;

    ClientEventLoop() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "client-event-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads {@code channel} (already connected and non-blocking) on the loop thread from now on. */
    void register(SocketChannel channel, Reader reader) {
        registrations.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select(100);
                Runnable registration;
                while ((registration = registrations.poll()) != null) {
                    registration.run();
                }
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key.isValid() && key.isReadable()) {
                        read(key);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("client event loop: " + e);
                }
            }
        }
    }

    private void read(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Reader reader = (Reader) key.attachment();
        readBuffer.clear();
        int n;
        try {
            n = channel.read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            key.cancel(); // the server closed the connection (or reset it): nothing more to read
            return;
        }
        readBuffer.flip();
        if (!reader.onReadable(readBuffer)) {
            key.cancel();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            selector.close();
        } catch (IOException ignored) {
            // Best effort.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
