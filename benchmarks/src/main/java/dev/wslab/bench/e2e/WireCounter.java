package dev.wslab.bench.e2e;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes that cross the client sockets, in both directions, for every connection of a
 * run: the raw socket streams are wrapped before any buffering, so every byte the kernel handed
 * over or took is seen exactly once — handshakes, HTTP heads, frame headers, masks, payloads,
 * pings. (TCP/IP headers are below the socket API and not counted; they are the same for every
 * transport per segment.)
 */
public final class WireCounter {

    private final LongAdder clientToServer = new LongAdder();
    private final LongAdder serverToClient = new LongAdder();

    /** Bytes written by clients so far. */
    public long clientToServer() {
        return clientToServer.sum();
    }

    /** Bytes read by clients so far. */
    public long serverToClient() {
        return serverToClient.sum();
    }

    /** Counts {@code n} bytes read from a channel (a client that reads without a stream) as server-to-client bytes. */
    public void countRead(long n) {
        serverToClient.add(n);
    }

    /** A stream that counts what it reads from {@code socketInput} as server-to-client bytes. */
    public InputStream counting(InputStream socketInput) {
        return new FilterInputStream(socketInput) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    serverToClient.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    serverToClient.add(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                serverToClient.add(skipped);
                return skipped;
            }
        };
    }

    /** A stream that counts what it writes to {@code socketOutput} as client-to-server bytes. */
    public OutputStream counting(OutputStream socketOutput) {
        return new FilterOutputStream(socketOutput) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                clientToServer.increment();
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                clientToServer.add(length);
            }
        };
    }
}
