package dev.wslab.tools.docs.examples;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.tools.docs.WireBytes;

import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * How a message becomes frames on the sending side, and frames become a message again on the receiving
 * side: a server sends in fragments of at most 5 bytes (a tiny limit, to see the split), streams a message
 * in parts with a Ping in between, and a client reassembles both.
 */
public final class Fragments {
    private Fragments() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // docs:begin fragments
        WebSocketConnection server = new WebSocketConnection(Role.SERVER,
                Limits.DEFAULTS.withOutboundFragmentSize(5));  // the default is 16 KiB
        WebSocketConnection client = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);

        server.sendText("Hello, world");                     // one message, cut into 5-byte fragments
        server.sendTextPart("Hel", false);                   // a message streamed in parts ...
        server.ping("are you there?".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // ... a control frame between them
        server.sendTextPart("lo", true);                     // ... and its last part

        for (ByteBuffer bytes : server.takeOutbound()) {
            out.println("server → client: " + WireBytes.hex(bytes.array(), bytes.position(), bytes.limit()));
            client.receive(bytes, 0L, event -> out.println("  client event: " + event));
        }
        // docs:end fragments
    }
}
