package dev.wslab.bench.e2e;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of a server JVM started by the runner: {@code ServerMain WSLAB|UNDERTOW_NATIVE}.
 * Listens on 127.0.0.1 and a free port, prints {@value #READY}{@code <port>}, and runs until its
 * standard input closes (the runner closes it, or the runner died).
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

    private static AutoCloseable start(ServerKind kind) throws IOException {
        if (kind == ServerKind.UNDERTOW_NATIVE) {
            return UndertowNativeChatServer.start(0);
        }
        return WslabServer.start();
    }

    private static int portOf(AutoCloseable server) {
        if (server instanceof UndertowNativeChatServer undertow) {
            return undertow.port();
        }
        return ((WslabServer) server).port();
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // Nothing to do: the runner only ever closes this stream.
        }
    }
}
