package dev.wslab.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 between the clients and a server that counts every byte it forwards in
 * each direction. It is the runner's independent witness: with {@code --proxy}, each cell checks
 * that the proxy saw exactly the bytes the clients' socket counters saw, so the bytes-per-message
 * figures do not rest on the load generator's own bookkeeping alone. (It adds a hop, so measured
 * latencies and CPU are not comparable with runs without it.)
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final WireCounter counter = new WireCounter();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What the proxy forwarded: client→server as {@code clientToServer}, server→client as {@code serverToClient}. */
    WireCounter counter() {
        return counter;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                // Reading the server counts server→client; writing to the server counts client→server.
                pump(client.getInputStream(), counter.counting(server.getOutputStream()), client, server);
                pump(counter.counting(server.getInputStream()), client.getOutputStream(), server, client);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy: " + e.getMessage());
                }
            }
        }
    }

    private static void pump(InputStream from, OutputStream to, Socket fromSocket, Socket toSocket) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
                toSocket.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(fromSocket);
                closeQuietly(toSocket);
            }
        }, "proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        sockets.forEach(CountingProxy::closeQuietly);
    }
}
