package dev.wslab.bench.e2e;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of a peer server's JVM started by the runner: {@code ServerMain UNDERTOW_NATIVE|NETTY|NETTY_UNCONSOLIDATED}
 * (wslab's chat runs from its own jar: {@link ChatNode}). Listens on 127.0.0.1 and a free port, prints
 * {@value #READY}{@code <port>}, and runs until its standard input closes (the runner closes it, or the
 * runner died) or it is terminated.
 */
public final class ServerMain {

    /** The line prefix announcing the port. */
    static final String READY = "LISTENING ";

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerKind kind = ServerKind.valueOf(args[0]);
        try (AutoCloseable server = start(kind)) {
            System.out.println(READY + portOf(server));
            System.out.flush();
            waitForEndOfInput(System.in);
        }
        System.exit(0);
    }

    private static AutoCloseable start(ServerKind kind) throws IOException, InterruptedException {
        if (kind == ServerKind.NETTY || kind == ServerKind.NETTY_UNCONSOLIDATED) {
            return NettyChatServer.start(0, kind == ServerKind.NETTY);
        }
        if (kind == ServerKind.UNDERTOW_NATIVE) {
            return UndertowNativeChatServer.start(0);
        }
        throw new IllegalArgumentException(kind + " is wslab's chat, started from its own jar (ChatNode), not here");
    }

    private static int portOf(AutoCloseable server) {
        if (server instanceof NettyChatServer netty) {
            return netty.port();
        }
        if (server instanceof UndertowNativeChatServer undertow) {
            return undertow.port();
        }
        throw new IllegalStateException("unknown server " + server);
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // Only the end of input matters.
        }
    }
}
