package dev.wslab.chat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port in front of a server, for tests of lost connections: it can cut
 * every connection through it with a TCP reset (SO_LINGER 0, so both ends get RST, as when a Wi-Fi
 * link or a NAT entry goes away), and refuse new connections for a while.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private volatile String holdMarker;
    private volatile long holdMillis;
    private volatile boolean closed;

    public CuttingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The proxy's port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection through the proxy, both sides. */
    public void cut() {
        for (Socket socket : open) {
            reset(socket);
        }
        open.clear();
    }

    /** While true, new connections are reset as soon as they arrive. */
    public void refuse(boolean value) {
        refusing = value;
    }

    /**
     * From now on, bytes from a client that contain {@code marker} (e.g. one request's body) reach the
     * server only after {@code hold}: that request is late, everything else flows.
     */
    public void hold(String marker, java.time.Duration hold) {
        holdMillis = hold.toMillis();
        holdMarker = marker;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 5000);
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    String marker = holdMarker;
                    if (fromClient && marker != null
                            && new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker)) {
                        try {
                            Thread.sleep(holdMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                reset(from);
                reset(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cut();
    }
}
