package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.framing.Limits;
import dev.wslab.framing.codec.Payload;
import dev.wslab.handshake.ServerHandshake;

/**
 * Sends every message back as it came, text as text and binary as binary: what the Autobahn
 * TestSuite's fuzzing client expects from a server under test. No token, any origin, off by default.
 */
final class EchoEndpoint implements Endpoint {

    private final ServerHandshake handshake;
    private final Limits limits;

    EchoEndpoint(ServerHandshake handshake, Limits limits) {
        this.handshake = handshake;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public boolean requiresToken() {
        return false;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public long maxOutboundBytes() {
        // An echo holds at most the message being echoed plus what the socket has not taken yet.
        return 2L * limits.maxMessageSize() + 64 * 1024;
    }

    @Override
    public Application open(WebSocketPeer peer, TokenCheck.Valid auth) {
        return new Application() {
            @Override
            public void onText(String text) {
                peer.sendText(text);
            }

            @Override
            public void onBinary(Payload payload) {
                peer.sendBinary(payload.asReadOnlyBuffer());
            }

            @Override
            public void onClosed(String reason) {
                // Nothing to clean up: an echo keeps no state.
            }
        };
    }
}
