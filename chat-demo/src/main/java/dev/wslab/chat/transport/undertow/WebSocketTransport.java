package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerContext;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Limits;
import dev.wslab.handshake.OriginPolicy;
import dev.wslab.handshake.ServerHandshake;
import io.undertow.server.HttpHandler;
import java.time.Duration;

/**
 * The WebSocket side of the chat server: one Undertow handler for the chat path, one for the echo
 * path, and the registry of open connections. Built by {@code ChatServer}.
 */
public final class WebSocketTransport {

    private final ServerContext context;
    private final ConnectionRegistry registry = new ConnectionRegistry();

    public WebSocketTransport(ServerContext context) {
        this.context = context;
    }

    /** The chat endpoint: subprotocol {@code wslab.chat.v1}, token required, Origin checked. */
    public HttpHandler chatHandler() {
        ChatServerConfig config = context.config();
        ServerHandshake handshake = ServerHandshake.builder()
                .subprotocols(ChatEndpoint.SUBPROTOCOL)
                .originPolicy(originPolicy(config))
                .build();
        Limits limits = limits(config, config.maxMessageBytes());
        ChatEndpoint endpoint = new ChatEndpoint(context.chat(), handshake, limits, config.maxOutboundBytes());
        return new UpgradeHandler(endpoint, context.authenticator(), registry, config.wireTap(), config.keepAliveInterval());
    }

    /** The echo endpoint for conformance runs: no token, any origin, its own (larger) message limit. */
    public HttpHandler echoHandler() {
        ChatServerConfig config = context.config();
        EchoEndpoint endpoint = new EchoEndpoint(limits(config, config.echoMaxMessageBytes()));
        return new UpgradeHandler(endpoint, context.authenticator(), registry, config.wireTap(), config.keepAliveInterval());
    }

    /** How many WebSocket connections are open. */
    public int openConnections() {
        return registry.size();
    }

    /** Closes every connection with 1001 "server shutting down" and waits up to {@code wait} for them. */
    public void shutdown(Duration wait) {
        registry.closeAll(CloseCode.GOING_AWAY.code(), "server shutting down", wait);
    }

    private static Limits limits(ChatServerConfig config, int maxMessageBytes) {
        return Limits.DEFAULTS
                .withMaxSizes(maxMessageBytes)
                .withCloseTimeout(config.closeTimeout())
                .withPongTimeout(config.keepAliveTimeout());
    }

    /**
     * Pages served by this server may always connect (same host and port); other browser origins only
     * if listed; "*" allows any. Clients without an Origin header (not browsers) are allowed: they could
     * send any Origin they like, the token is what authenticates them.
     */
    static OriginPolicy originPolicy(ChatServerConfig config) {
        if (config.allowedOrigins().contains("*")) {
            return OriginPolicy.anyOrigin();
        }
        OriginPolicy sameHost = OriginPolicy.sameHost();
        OriginPolicy listed = OriginPolicy.allowList(config.allowedOrigins());
        return (origin, request) -> sameHost.allows(origin, request) || listed.allows(origin, request);
    }
}
