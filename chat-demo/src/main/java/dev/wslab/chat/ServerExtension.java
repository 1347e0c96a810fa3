package dev.wslab.chat;

import io.undertow.server.handlers.PathHandler;

/**
 * Adds routes to a {@link ChatServer} before it starts: this is how every transport (the WebSocket one,
 * which the server always registers, and the HTTP polling one) and the web page's side channels plug
 * into the same server, on the same {@link ServerContext} (same chat, same
 * accounts, same tokens) as the WebSocket endpoint.
 *
 * <pre>{@code
 * ServerParts parts = ServerParts.builder()
 *         .extension(new PollingTransport())
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface ServerExtension {

    /** Registers this extension's handlers on {@code routes}; called once, before the server binds. */
    void register(ServerContext context, PathHandler routes);
}
