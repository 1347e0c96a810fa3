package dev.wslab.chat;

import io.undertow.server.handlers.PathHandler;

/**
 * Adds routes to a {@link ChatServer} before it starts: this is how the HTTP polling transport and
 * the web page plug into the same server, on the same {@link ServerContext} (same chat, same
 * accounts, same tokens) as the WebSocket endpoint.
 *
 * <pre>{@code
 * ChatServerConfig config = ChatServerConfig.builder()
 *         .extension((context, routes) -> routes.addPrefixPath("/poll", new PollingHandler(context)))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface ServerExtension {

    /** Registers this extension's handlers on {@code routes}; called once, before the server binds. */
    void register(ServerContext context, PathHandler routes);
}
