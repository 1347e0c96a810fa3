package dev.wslab.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The only thread that writes to the socket. Frames are queued in protocol order (the session queues
 * them while holding its connection lock) and written here, so neither the reader thread nor an
 * application thread ever blocks inside a socket write while holding the protocol state — two blocking
 * peers that both write before they read cannot deadlock us.
 *
 * <p>After {@link #closeAfterFlush()}, everything queued so far is written and then the socket is closed.
 */
final class SocketWriter implements Runnable {
    private final Socket socket;
    private final OutputStream out;
    private final long maxQueuedBytes;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closeRequested;
    private boolean finished;

    SocketWriter(Socket socket, OutputStream out, long maxQueuedBytes) {
        this.socket = socket;
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Queues frames for writing, in order; never blocks. Ignored once the writer has finished. */
    synchronized void enqueue(ByteBuffer[] buffers) {
        if (finished || buffers.length == 0) {
            return;
        }
        for (ByteBuffer b : buffers) {
            queue.add(b);
            queuedBytes += b.remaining();
        }
        notifyAll();
    }

    /** Writes what is queued, then closes the socket. */
    synchronized void closeAfterFlush() {
        closeRequested = true;
        notifyAll();
    }

    /**
     * Waits while more than {@code maxQueuedBytes} are queued and the writer is still running, at most
     * {@code timeoutNanos}. Backpressure for application threads that send faster than the peer reads.
     */
    synchronized void awaitRoom(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (queuedBytes > maxQueuedBytes && !finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Bytes waiting to be written. */
    synchronized long queuedBytes() {
        return queuedBytes;
    }

    @Override
    public void run() {
        try {
            while (true) {
                ByteBuffer next;
                synchronized (this) {
                    while (queue.isEmpty() && !closeRequested && !finished) {
                        wait();
                    }
                    if (finished || (queue.isEmpty() && closeRequested)) {
                        break;
                    }
                    next = queue.peek();
                }
                write(next);
                synchronized (this) {
                    if (!finished) {
                        queue.poll();
                        queuedBytes -= next.remaining();
                    }
                    notifyAll();
                }
            }
        } catch (IOException | InterruptedException e) {
            // The socket failed or was closed under us; the reader thread sees the same and reports it.
        } finally {
            finish();
            closeSocket(socket);
        }
    }

    /** Stops writing at once (the connection is over); queued bytes are dropped. */
    synchronized void finish() {
        finished = true;
        queue.clear();
        queuedBytes = 0;
        notifyAll();
    }

    private void write(ByteBuffer buffer) throws IOException {
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            out.write(copy);
        }
        out.flush();
    }

    static void closeSocket(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort: the connection is over either way.
        }
    }
}
