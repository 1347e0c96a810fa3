package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.limits.SessionQuota;
import dev.wslab.framing.Limits;
import dev.wslab.framing.codec.Payload;
import dev.wslab.handshake.ServerHandshake;

/**
 * One accepted connection's view of its endpoint, holding the session slot the upgrade reserved
 * ({@link SessionQuota}) and giving it back when the application ends, however the connection ends.
 */
final class QuotaEndpoint implements Endpoint {

    private final Endpoint endpoint;
    private final SessionQuota.Slot slot;

    QuotaEndpoint(Endpoint endpoint, SessionQuota.Slot slot) {
        this.endpoint = endpoint;
        this.slot = slot;
    }

    @Override
    public String name() {
        return endpoint.name();
    }

    @Override
    public ServerHandshake handshake() {
        return endpoint.handshake();
    }

    @Override
    public boolean requiresToken() {
        return endpoint.requiresToken();
    }

    @Override
    public Limits limits() {
        return endpoint.limits();
    }

    @Override
    public long maxOutboundBytes() {
        return endpoint.maxOutboundBytes();
    }

    @Override
    public Application open(WebSocketPeer peer, TokenCheck.Valid auth) {
        Application application;
        try {
            application = endpoint.open(peer, auth);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        return new Application() {
            @Override
            public void onText(String text) {
                application.onText(text);
            }

            @Override
            public void onBinary(Payload payload) {
                application.onBinary(payload);
            }

            @Override
            public void onClosed(String reason) {
                try {
                    application.onClosed(reason);
                } finally {
                    slot.release();
                }
            }

            @Override
            public void onDropped(String reason) {
                try {
                    application.onDropped(reason);
                } finally {
                    slot.release();
                }
            }
        };
    }
}
