package dev.wslab.bench.e2e;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of a server JVM started by the runner: {@code ServerMain WSLAB|UNDERTOW_NATIVE|NETTY}, or
 * {@code ServerMain WSLAB_REDIS|WSLAB_CLUSTER redis://host:port} for one node of a cluster.
 * Listens on 127.0.0.1 and a free port, prints {@value #READY}{@code <port>}, and runs until its
 * standard input closes (the runner closes it, or the runner died). A line {@code measure} on
 * standard input makes it collect garbage fully and print {@value #MEASURED}{@code heapUsed=…
 * directUsed=…} (bytes): the retained heap, for the capacity benchmark's cost per connection.
 */
public final class ServerMain {

    /** The line prefix announcing the port. */
    static final String READY = "LISTENING ";
    /** The line prefix of a measurement. */
    static final String MEASURED = "MEASURED ";

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerKind kind = ServerKind.valueOf(args[0]);
        try (AutoCloseable server = start(kind, args.length > 1 ? args[1] : null)) {
            System.out.println(READY + portOf(server));
            System.out.flush();
            waitForEndOfInput(System.in);
        }
        System.exit(0);
    }

    private static AutoCloseable start(ServerKind kind, String redisUri) throws IOException, InterruptedException {
        if (kind == ServerKind.NETTY || kind == ServerKind.NETTY_UNCONSOLIDATED) {
            return NettyChatServer.start(0, kind == ServerKind.NETTY);
        }
        if (kind == ServerKind.UNDERTOW_NATIVE) {
            return UndertowNativeChatServer.start(0);
        }
        return WslabServer.start(redisUri);
    }

    private static int portOf(AutoCloseable server) {
        if (server instanceof NettyChatServer netty) {
            return netty.port();
        }
        if (server instanceof UndertowNativeChatServer undertow) {
            return undertow.port();
        }
        return ((WslabServer) server).port();
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.trim().equals("measure")) {
                System.out.println(MEASURED + measure());
                System.out.flush();
            }
        }
    }

    /** Heap in use after full collections (what live objects retain), and direct buffer memory. */
    private static String measure() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // a few rounds: finalizable and soft-referenced objects go in later rounds
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        long direct = 0;
        for (java.lang.management.BufferPoolMXBean pool
                : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            direct += pool.getMemoryUsed();
        }
        return "heapUsed=" + used + " heapMax=" + memory.getHeapMemoryUsage().getMax() + " directUsed=" + direct
                + " threads=" + Thread.activeCount();
    }
}
