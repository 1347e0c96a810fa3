package dev.wslab.tools.docs.examples;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.handshake.ClientHandshake;
import dev.wslab.handshake.ClientHandshakeResult;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.ServerHandshake;
import dev.wslab.handshake.UpgradeRequest;
import dev.wslab.handshake.UpgradeResponse;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A client and a server talking through byte arrays, with no socket at all: the whole protocol (handshake,
 * a message each way, the closing handshake) in one method. This is what "sans-IO" buys: every step can be
 * watched and tested.
 */
public final class InMemoryEcho {
    private InMemoryEcho() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // docs:begin handshake
        ServerHandshake server = ServerHandshake.builder().subprotocols("chat").build();
        ClientHandshake client = ClientHandshake.builder()
                .host("localhost:8080").target("/chat").subprotocols("chat").build();

        // Client → server: the upgrade request. The server parses it and decides.
        byte[] request = client.requestBytes();
        HeadParseResult<UpgradeRequest> parsedRequest = HttpHeadParser.parseRequest(request);
        UpgradeRequest head = ((HeadParseResult.Complete<UpgradeRequest>) parsedRequest).head();
        HandshakeDecision decision = server.decide(head);
        out.println("client → server: " + request.length + " bytes, " + head.method() + " " + head.target());

        // Server → client: the 101 response. The client checks it (status, Upgrade, Connection, accept, subprotocol).
        byte[] response = decision.toResponseBytes();
        HeadParseResult<UpgradeResponse> parsedResponse = HttpHeadParser.parseResponse(response);
        ClientHandshakeResult result =
                client.validate(((HeadParseResult.Complete<UpgradeResponse>) parsedResponse).head());
        out.println("server → client: " + response.length + " bytes, status " + decision.status());
        if (result instanceof ClientHandshakeResult.Established established) {
            out.println("client: handshake done, subprotocol " + established.subprotocol().orElse("(none)"));
        } else {
            out.println("client: " + ((ClientHandshakeResult.Failed) result).message());
            return;
        }
        // docs:end handshake

        // docs:begin messages
        WebSocketConnection clientSide = new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS);
        WebSocketConnection serverSide = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);

        clientSide.sendText("Hello");                        // queued in the client's outbox, masked
        for (Event event : deliver(clientSide, serverSide, "client → server", out)) {
            out.println("  server event: " + event);
            if (event instanceof Event.Text text) {
                serverSide.sendText(text.text().toUpperCase()); // the application answers
            }
        }
        for (Event event : deliver(serverSide, clientSide, "server → client", out)) {
            out.println("  client event: " + event);
        }
        // docs:end messages

        // docs:begin close
        clientSide.close(CloseStatus.NORMAL, 0L);            // the client starts the closing handshake
        for (Event event : deliver(clientSide, serverSide, "client → server", out)) {
            out.println("  server event: " + event);         // CloseReceived, then Closed; the echo is queued
        }
        for (Event event : deliver(serverSide, clientSide, "server → client", out)) {
            out.println("  client event: " + event);
        }
        out.println("server closes TCP now: " + serverSide.shouldCloseTransport()
                + "; client waits for that: " + !clientSide.shouldCloseTransport());
        // docs:end close
    }

    // docs:begin deliver
    /** Moves everything in {@code from}'s outbox into {@code to}, as a socket would, and returns {@code to}'s events. */
    static List<Event> deliver(WebSocketConnection from, WebSocketConnection to, String direction, PrintStream out) {
        List<Event> events = new ArrayList<>();
        for (ByteBuffer bytes : from.takeOutbound()) {
            out.println(direction + ": " + bytes.remaining() + " bytes");
            to.receive(bytes, 0L, events::add);              // sans-IO: time is a parameter; 0 will do here
        }
        return events;
    }
    // docs:end deliver
}
