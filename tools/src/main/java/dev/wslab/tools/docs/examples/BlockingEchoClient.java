package dev.wslab.tools.docs.examples;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.handshake.ClientHandshake;
import dev.wslab.handshake.ClientHandshakeResult;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.UpgradeResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest useful WebSocket client on wslab: connect, handshake, send each message, print the answers,
 * close properly. Blocking sockets, loopback only.
 */
public final class BlockingEchoClient {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private WebSocketConnection connection;

    private BlockingEchoClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
        talk(port, List.of("Hello", "κόσμε"), System.out);
    }

    /** Connects to 127.0.0.1:{@code port}, sends each message, prints what happens, and closes. */
    public static void talk(int port, List<String> messages, PrintStream log) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            BlockingEchoClient client = new BlockingEchoClient(socket);
            List<Event> early = client.handshake(port, log);
            for (Event event : early) {
                log.println("received " + event);
            }
            for (String message : messages) {
                client.connection.sendText(message);
                client.flush();
                log.println("sent     \"" + message + "\"");
                client.awaitAndPrint(e -> e instanceof Event.Text || e instanceof Event.Closed, log);
            }
            // docs:begin client-close
            client.connection.close(CloseStatus.NORMAL, System.nanoTime());
            client.flush();
            client.awaitAndPrint(e -> e instanceof Event.Closed, log);
            // RFC 6455 §7.1.1: the client waits for the server to close TCP, then closes its end.
            int eof = client.in.read(client.buffer);
            log.println("server closed TCP: " + (eof < 0));
            // docs:end client-close
        }
    }

    private List<Event> handshake(int port, PrintStream log) throws IOException {
        // docs:begin client-handshake
        ClientHandshake handshake = ClientHandshake.builder()
                .host("127.0.0.1:" + port).target("/").subprotocols("chat").build(); // a fresh random key
        out.write(handshake.requestBytes());
        HttpHeadParser<UpgradeResponse> parser = HttpHeadParser.forResponses();
        HeadParseResult<UpgradeResponse> head = new HeadParseResult.NeedMore<>();
        while (head instanceof HeadParseResult.NeedMore) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            head = parser.feed(ByteBuffer.wrap(buffer, 0, n));
        }
        if (head instanceof HeadParseResult.Failed<UpgradeResponse> failed) {
            throw new IOException("not an HTTP response: " + failed.reason());
        }
        HeadParseResult.Complete<UpgradeResponse> complete = (HeadParseResult.Complete<UpgradeResponse>) head;
        ClientHandshakeResult result = handshake.validate(complete.head());
        if (result instanceof ClientHandshakeResult.Failed failed) {
            throw new IOException(failed.message());         // names the header, what was expected and the RFC rule
        }
        log.println("connected, subprotocol "
                + ((ClientHandshakeResult.Established) result).subprotocol().orElse("(none)"));
        connection = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS); // masks with fresh SecureRandom keys
        List<Event> first = new ArrayList<>();
        connection.receive(complete.leftover(), System.nanoTime(), first::add);
        return first;
        // docs:end client-handshake
    }

    // docs:begin client-io
    /** Writes whatever the connection queued: messages, Pongs, Close frames. */
    private void flush() throws IOException {
        for (ByteBuffer bytes : connection.takeOutbound()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
    }

    /** Reads until an event matching {@code wanted} arrives, printing every event. */
    private void awaitAndPrint(java.util.function.Predicate<Event> wanted, PrintStream log) throws IOException {
        while (true) {
            int n = in.read(buffer);
            List<Event> events = new ArrayList<>();
            if (n < 0) {
                events.addAll(connection.onTransportClosed());
            } else {
                connection.receive(ByteBuffer.wrap(buffer, 0, n), System.nanoTime(), events::add);
            }
            flush();                                          // e.g. the Pong for a Ping that just arrived
            boolean done = n < 0;
            for (Event event : new ArrayList<>(events)) {
                log.println("received " + event);
                done |= wanted.test(event);
            }
            if (done) {
                return;
            }
        }
    }
    // docs:end client-io
}
