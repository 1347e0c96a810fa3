package dev.wslab.tools.docs.examples;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * How a connection notices that its peer is gone, with time passed in by hand: the sans-IO connection has
 * no clock, so a test (or this example) can jump ten seconds ahead in one line.
 */
public final class DeadPeers {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private DeadPeers() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // docs:begin keep-alive
        // The defaults: a Ping must be answered within 10 s, a Close within 5 s.
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        long start = 0;                                       // any monotonic clock; here, seconds by hand

        server.ping("keep-alive".getBytes(StandardCharsets.UTF_8), start); // arms the pong deadline
        out.println("ping sent; next deadline at " + server.nextDeadlineNanos().getAsLong() / SECOND + " s");
        show(out, "at  9 s", server.onTimer(start + 9 * SECOND));
        List<Event> events = new java.util.ArrayList<>();
        server.receive(pongFromClient(), start + 9 * SECOND, events::add); // the client answers in time
        show(out, "Pong at 9 s", events);
        out.println("deadline after the Pong: " + server.nextDeadlineNanos());

        server.ping("keep-alive".getBytes(StandardCharsets.UTF_8), start + 30 * SECOND); // 30 s later: again
        show(out, "at 39 s", server.onTimer(start + 39 * SECOND));
        show(out, "at 40 s", server.onTimer(start + 40 * SECOND)); // no Pong: the peer is gone
        out.println("close TCP: " + server.shouldCloseTransport());
        // docs:end keep-alive

        // docs:begin close-timeout
        WebSocketConnection other = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        other.close(CloseStatus.of(1001, "going away"), start);  // our Close is queued; now we wait
        show(out, "close sent, at 5 s", other.onTimer(start + 5 * SECOND));

        WebSocketConnection third = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        show(out, "TCP reset by the peer", third.onTransportClosed());
        // docs:end close-timeout
    }

    private static void show(PrintStream out, String when, List<Event> events) {
        out.println(when + ":" + (events.isEmpty() ? " nothing happens" : ""));
        for (Event e : events) {
            out.println("    " + e);
        }
    }

    /** A client's Pong, masked with the RFC example key. */
    private static ByteBuffer pongFromClient() {
        return new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(0x37fa213d))
                .encode(Frame.pong(Payload.ofUtf8("keep-alive")));
    }
}
