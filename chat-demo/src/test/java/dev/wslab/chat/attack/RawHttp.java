package dev.wslab.chat.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 connection written byte by byte, as an attacker would: half a head, a body that
 * never comes, any Host. Optionally from another loopback address (127.0.0.2), so an attack's rate
 * limits and the victim's are counted apart, as they would be for two real clients.
 */
final class RawHttp implements AutoCloseable {

    /** The answer to one request: status, head and whatever body arrived. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    static RawHttp open(int port) {
        return open(port, null);
    }

    static RawHttp open(int port, String sourceAddress) {
        try {
            Socket socket = new Socket();
            if (sourceAddress != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            }
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawHttp send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response: the head, then a Content-Length body (or up to EOF without one). */
    Answer read() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the response head: " + head);
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(0, text.indexOf("\r\n")).split(" ")[1]);
            Answer headOnly = new Answer(status, text, "");
            String length = headOnly.header("Content-Length");
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
            return new Answer(status, text, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code bytes} from another thread, 64 KiB at a time, as a client still sending its body
     * while it waits for the answer. The future gives the bytes written, or fails with the write error
     * (the server closed or reset the connection).
     */
    CompletableFuture<Long> writeInBackground(byte[] bytes) {
        return CompletableFuture.supplyAsync(() -> {
            long written = 0;
            try {
                OutputStream out = socket.getOutputStream();
                while (written < bytes.length) {
                    int n = (int) Math.min(64 * 1024, bytes.length - written);
                    out.write(bytes, (int) written, n);
                    written += n;
                }
                out.flush();
                return written;
            } catch (IOException e) {
                throw new UncheckedIOException("write failed after " + written + " bytes", e);
            }
        });
    }

    /**
     * Writes one space every {@code every} until a write fails (the server closed the connection for
     * good) or {@code atMost} has passed; returns the milliseconds until the failure, or -1.
     */
    long trickleUntilWriteFails(Duration every, Duration atMost) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < atMost.toNanos()) {
            try {
                socket.getOutputStream().write(' ');
                socket.getOutputStream().flush();
            } catch (IOException closed) {
                return (System.nanoTime() - started) / 1_000_000;
            }
            Thread.sleep(every.toMillis());
        }
        return -1;
    }

    /**
     * Whether the server ended the connection with a clean close (EOF, its FIN) within {@code millis},
     * rather than a reset or not at all.
     */
    boolean endsCleanlyWithin(long millis) {
        try {
            socket.setSoTimeout((int) millis);
            return socket.getInputStream().read() < 0;
        } catch (IOException resetOrTimeout) {
            return false;
        }
    }

    /** Whether the server closed the connection (EOF or reset) within {@code millis}. */
    boolean closedWithin(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (socket.getInputStream().read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    return false;
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
