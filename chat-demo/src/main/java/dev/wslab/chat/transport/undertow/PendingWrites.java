package dev.wslab.chat.transport.undertow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The bytes a connection has produced that the socket has not taken yet, in order, written with
 * gathering writes ({@code write(ByteBuffer[])}: one system call for many frames).
 *
 * <p>A non-blocking socket may take only part of what it is offered, or nothing when its send buffer
 * is full. {@link #writeTo} therefore writes until the channel refuses, keeps the rest (a buffer may
 * be left half written, its position marking the next byte), and reports whether anything is left:
 * the caller then waits for the channel to become writable and calls it again.
 *
 * <p>Used on one thread (the connection's IO thread); only {@link #bytes()} may be read from any
 * thread, for the backpressure bound.
 */
final class PendingWrites {

    /** Buffers per gathering write; more would only make a larger array for the same system call. */
    private static final int MAX_BUFFERS_PER_WRITE = 64;
    /** One batch array per IO thread: a connection is written only by its own IO thread, one write at a time. */
    private static final ThreadLocal<ByteBuffer[]> BATCH =
            ThreadLocal.withInitial(() -> new ByteBuffer[MAX_BUFFERS_PER_WRITE]);

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final Consumer<ByteBuffer> onWritten;
    /** Written only by the owning thread; volatile so other threads can read a recent value. */
    private volatile long bytes;

    /** @param onWritten sees a read-only view of every run of bytes the channel took (may be null) */
    PendingWrites(Consumer<ByteBuffer> onWritten) {
        this.onWritten = onWritten;
    }

    /** Appends a buffer to be written after everything already pending. */
    void add(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            buffers.add(buffer);
            bytes += buffer.remaining();
        }
    }

    /** Bytes not yet taken by the channel. */
    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /**
     * Forgets every buffer the channel has not started on, keeping a half-written one (a frame cannot be cut
     * short): what is queued next then goes out right after the frame in flight. Each buffer holds whole
     * frames, so the stream stays well-formed.
     *
     * @return how many bytes were dropped
     */
    long discardUnstarted() {
        ByteBuffer inFlight = buffers.peekFirst();
        boolean keepFirst = inFlight != null && inFlight.position() > 0;
        long dropped = 0;
        while (buffers.size() > (keepFirst ? 1 : 0)) {
            dropped += buffers.pollLast().remaining();
        }
        bytes -= dropped;
        return dropped;
    }

    /** Forgets everything pending (the connection is gone). */
    void clear() {
        buffers.clear();
        bytes = 0;
    }

    /**
     * Writes as much as {@code channel} accepts now.
     *
     * @return {@code true} if everything pending has been written
     */
    boolean writeTo(GatheringByteChannel channel) throws IOException {
        while (!buffers.isEmpty()) {
            long written = writeBatch(channel);
            while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
                buffers.pollFirst();
            }
            if (written <= 0) {
                return false; // the socket's send buffer is full: wait until it is writable
            }
        }
        return true;
    }

    /** One gathering write of up to {@value #MAX_BUFFERS_PER_WRITE} pending buffers. */
    private long writeBatch(GatheringByteChannel channel) throws IOException {
        if (onWritten == null) {
            // The IO thread's own array, emptied after the call: a batch allocates nothing.
            ByteBuffer[] batch = BATCH.get();
            int count = fill(batch);
            try {
                long written = channel.write(batch, 0, count);
                if (written > 0) {
                    bytes -= written;
                }
                return written;
            } finally {
                Arrays.fill(batch, 0, count, null);
            }
        }
        // A tap sees what each write took: a batch of its own, with the positions it started from.
        ByteBuffer[] batch = nextBatch();
        int[] starts = positions(batch);
        long written = channel.write(batch);
        if (written > 0) {
            bytes -= written;
            report(batch, starts);
        }
        return written;
    }

    /** Puts the first pending buffers into {@code batch}; returns how many. */
    private int fill(ByteBuffer[] batch) {
        int count = Math.min(buffers.size(), batch.length);
        Iterator<ByteBuffer> it = buffers.iterator();
        for (int i = 0; i < count; i++) {
            batch[i] = it.next();
        }
        return count;
    }

    private ByteBuffer[] nextBatch() {
        ByteBuffer[] batch = new ByteBuffer[Math.min(buffers.size(), MAX_BUFFERS_PER_WRITE)];
        fill(batch);
        return batch;
    }

    private static int[] positions(ByteBuffer[] batch) {
        int[] starts = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            starts[i] = batch[i].position();
        }
        return starts;
    }

    private void report(ByteBuffer[] batch, int[] starts) {
        for (int i = 0; i < batch.length; i++) {
            int end = batch[i].position();
            if (end > starts[i]) {
                ByteBuffer view = batch[i].duplicate();
                view.position(starts[i]).limit(end);
                onWritten.accept(view.asReadOnlyBuffer());
            }
        }
    }
}
