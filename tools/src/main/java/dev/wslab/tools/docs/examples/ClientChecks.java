package dev.wslab.tools.docs.examples;

import dev.wslab.handshake.ClientHandshake;
import dev.wslab.handshake.ClientHandshakeResult;
import dev.wslab.handshake.HttpFields;
import dev.wslab.handshake.UpgradeResponse;

import java.io.PrintStream;

/**
 * What a client checks in the server's answer (RFC 6455 §4.1): a correct 101, then the same answer with one
 * thing wrong at a time. The key is the seed's, so the expected accept is the one chapter 2 derives.
 */
public final class ClientChecks {
    private ClientChecks() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // docs:begin client-checks
        ClientHandshake client = ClientHandshake.builder()
                .host("server.example.com").target("/chat")
                .key("x3JJHMbDL1EzLkh9GBhXDw==")             // fixed only so the output is reproducible
                .subprotocols("chat", "superchat")
                .build();
        HttpFields good = HttpFields.of()
                .with("Upgrade", "websocket")
                .with("Connection", "Upgrade")
                .with("Sec-WebSocket-Accept", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")
                .with("Sec-WebSocket-Protocol", "chat");

        show(out, "the correct answer", client.validate(UpgradeResponse.of(101, good)));
        show(out, "200 instead of 101", client.validate(UpgradeResponse.of(200, good)));
        show(out, "no Upgrade header", client.validate(UpgradeResponse.of(101, good.without("Upgrade"))));
        show(out, "an accept for another key", client.validate(UpgradeResponse.of(101,
                good.without("Sec-WebSocket-Accept").with("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))));
        show(out, "a subprotocol nobody offered", client.validate(UpgradeResponse.of(101,
                good.without("Sec-WebSocket-Protocol").with("Sec-WebSocket-Protocol", "v2.chat"))));
        show(out, "an extension nobody offered", client.validate(UpgradeResponse.of(101,
                good.with("Sec-WebSocket-Extensions", "permessage-deflate"))));
        // docs:end client-checks
    }

    private static void show(PrintStream out, String what, ClientHandshakeResult result) {
        out.println(what + ":");
        if (result instanceof ClientHandshakeResult.Failed failed) {
            out.println("  FAILED  " + failed.message());
        } else {
            out.println("  OK      " + result);
        }
    }
}
