package dev.wslab.tools.docs.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs {@link BlockingEchoServer} and {@link BlockingEchoClient} against each other over loopback TCP. */
public final class SocketEcho {
    private SocketEcho() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (BlockingEchoServer server = new BlockingEchoServer(0)) {
            Future<?> serving = thread.submit(() -> {
                server.serveOne();
                return null;
            });
            BlockingEchoClient.talk(server.port(), List.of("Hello", "κόσμε"), out);
            serving.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
