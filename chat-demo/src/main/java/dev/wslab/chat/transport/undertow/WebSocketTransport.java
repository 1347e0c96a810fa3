package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerContext;
import dev.wslab.chat.ServerExtension;
import dev.wslab.chat.http.PublicOrigins;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Limits;
import dev.wslab.handshake.OriginPolicy;
import dev.wslab.handshake.ServerHandshake;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.time.Duration;

/**
 * The WebSocket side of the chat server: one Undertow handler for the chat path, one for the echo
 * path, and the registry of open connections. {@code ChatServer} registers it like every other
 * transport ({@link ServerExtension}, as the HTTP polling transport), and keeps it to count and close
 * its connections.
 */
public final class WebSocketTransport implements ServerExtension {

    private final ServerContext context;
    private final ConnectionRegistry registry;

    public WebSocketTransport(ServerContext context) {
        this.context = context;
        this.registry = new ConnectionRegistry(context.ops());
    }

    /** Adds the chat path (when "websocket" is one of the transports), and the echo path when enabled. */
    @Override
    public void register(ServerContext serverContext, PathHandler routes) {
        ChatServerConfig config = serverContext.config();
        if (config.transports().contains("websocket")) {
            routes.addExactPath(config.chatPath(), chatHandler());
        }
        if (config.echoEnabled()) {
            routes.addExactPath(config.echoPath(), echoHandler());
        }
    }

    /** The chat endpoint: subprotocol {@code wslab.chat.v1}, token required, Origin checked. */
    public HttpHandler chatHandler() {
        ChatServerConfig config = context.config();
        ServerHandshake.Builder handshake = ServerHandshake.builder()
                .subprotocols(ChatEndpoint.SUBPROTOCOL)
                .originPolicy(originPolicy(context.origins()));
        if (config.deflate()) {
            handshake.extensionNegotiator(DeflatePolicy.NEGOTIATOR);
        }
        Limits limits = limits(config, config.maxMessageBytes());
        ChatEndpoint endpoint = new ChatEndpoint(context.chat(), context.sessions(), handshake.build(), limits, config.maxOutboundBytes(),
                config.limits(), context.ops().metrics());
        return new UpgradeHandler(endpoint, context.authenticator(), registry, context.parts().wireTap(), config.keepAliveInterval(),
                context.sessionQuota());
    }

    /** The echo endpoint for conformance runs: no token, any origin, its own (larger) message limit. */
    public HttpHandler echoHandler() {
        ChatServerConfig config = context.config();
        ServerHandshake.Builder handshake = ServerHandshake.builder();
        if (config.deflate()) {
            handshake.extensionNegotiator(DeflatePolicy.NEGOTIATOR);
        }
        EchoEndpoint endpoint = new EchoEndpoint(handshake.build(), limits(config, config.echoMaxMessageBytes()));
        return new UpgradeHandler(endpoint, context.authenticator(), registry, context.parts().wireTap(), config.keepAliveInterval(),
                context.sessionQuota());
    }

    /** How many WebSocket connections are open. */
    public int openConnections() {
        return registry.size();
    }

    /** The reason of the 1001 every client gets when the server stops (RFC 6455 §7.4.1: going away). */
    public static final String SHUTDOWN_REASON = "server shutting down: reconnect (another node, or here in a moment)";

    /** Closes every connection with 1001 and {@link #SHUTDOWN_REASON}, and waits up to {@code wait} for them. */
    public void shutdown(Duration wait) {
        registry.closeAll(CloseCode.GOING_AWAY.code(), SHUTDOWN_REASON, wait);
    }

    private static Limits limits(ChatServerConfig config, int maxMessageBytes) {
        return Limits.DEFAULTS
                .withMaxSizes(maxMessageBytes)
                .withCloseTimeout(config.closeTimeout())
                .withPongTimeout(config.keepAliveTimeout());
    }

    /**
     * Pages of this server's own origins may connect (scheme, host and port, RFC 6454 §5), others only
     * if listed; "*" allows any. Clients without an Origin header (not browsers) are allowed: they could
     * send any Origin they like, the token is what authenticates them. The port is the one the
     * {@code Host} names: {@code FrontDoor} has already refused (421) a Host that is not ours, so that
     * is the port this request reached.
     */
    static OriginPolicy originPolicy(PublicOrigins origins) {
        return (origin, request) -> origins.allowsOrigin(origin, hostPort(request.fields().first("Host").orElse(""),
                origins.scheme()));
    }

    private static int hostPort(String host, String scheme) {
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            try {
                return Integer.parseInt(host.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                return -2; // matches no origin
            }
        }
        return scheme.equals("https") ? 443 : 80;
    }
}
