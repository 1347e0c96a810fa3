package dev.wslab.tools.docs.examples;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.ServerHandshake;
import dev.wslab.handshake.UpgradeRequest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/**
 * The smallest useful WebSocket server on wslab: blocking sockets, one connection at a time, echoing every
 * message. It shows the two jobs of an I/O adapter — move bytes, and obey the connection's answers — with
 * nothing else in the way. (A real server uses non-blocking I/O and timers: see the chat demo's Undertow
 * adapter.)
 */
public final class BlockingEchoServer implements Closeable {
    private final ServerSocket listener;
    private final ServerHandshake handshake = ServerHandshake.builder().subprotocols("chat").build();

    /** Listens on 127.0.0.1; port 0 picks a free port. */
    public BlockingEchoServer(int port) throws IOException {
        listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    }

    /** The port listened on. */
    public int port() {
        return listener.getLocalPort();
    }

    public static void main(String[] args) throws IOException {
        try (BlockingEchoServer server = new BlockingEchoServer(args.length > 0 ? Integer.parseInt(args[0]) : 9001)) {
            System.out.println("echo server on ws://127.0.0.1:" + server.port() + "/");
            while (true) {
                server.serveOne();
            }
        }
    }

    /** Accepts one connection and serves it until it ends. */
    public void serveOne() throws IOException {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout(10_000); // a stand-in for real timers: never block forever on a silent peer
            serve(socket.getInputStream(), socket.getOutputStream());
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        // docs:begin server-handshake
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests(); // with limits against floods
        HeadParseResult<UpgradeRequest> head = new HeadParseResult.NeedMore<>();
        while (head instanceof HeadParseResult.NeedMore) {
            int n = in.read(buffer);
            if (n < 0) {
                return;                                      // the client left before finishing its request
            }
            head = parser.feed(ByteBuffer.wrap(buffer, 0, n));
        }
        if (head instanceof HeadParseResult.Failed<UpgradeRequest> failed) {
            out.write(failed.toRejection().toResponseBytes()); // 400, 414 or 431 with a reason
            return;
        }
        HeadParseResult.Complete<UpgradeRequest> complete = (HeadParseResult.Complete<UpgradeRequest>) head;
        HandshakeDecision decision = handshake.decide(complete.head());
        out.write(decision.toResponseBytes());               // 101, or the rejection (400, 403, 405, 426 ...)
        if (!(decision instanceof HandshakeDecision.Accepted)) {
            return;
        }
        // docs:end server-handshake

        // docs:begin server-loop
        WebSocketConnection connection = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        // Bytes that arrived in the same read as the head are the first frames: never drop them.
        ByteBuffer input = complete.leftover();
        WritableByteChannel wire = Channels.newChannel(out);
        while (true) {
            // Each event arrives as soon as its frame ends, so an echo is queued before a Close that came
            // in the same read is answered.
            connection.receive(input, System.nanoTime(), event -> {
                if (event instanceof Event.Text text) {
                    connection.sendText(text.text());
                } else if (event instanceof Event.Binary binary) {
                    connection.sendBinary(binary.payload().toByteArray());
                }                                            // Pongs and Close echoes are queued for us
            });
            for (ByteBuffer bytes : connection.takeOutbound()) {
                // Through a channel, not array(): a payload of 1 KiB or more leaves as a read-only view, uncopied.
                while (bytes.hasRemaining()) {
                    wire.write(bytes);
                }
            }
            if (connection.shouldCloseTransport()) {
                return;                                      // RFC 6455 §7.1.1: the server closes TCP first
            }
            int n = in.read(buffer);
            if (n < 0) {
                connection.onTransportClosed();              // EOF without a closing handshake: Closed(1006)
                return;
            }
            input = ByteBuffer.wrap(buffer, 0, n);
        }
        // docs:end server-loop
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
