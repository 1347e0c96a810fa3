package dev.wslab.chat.web;

import dev.wslab.chat.ServerParts;
import dev.wslab.chat.transport.polling.PollingTransport;

/**
 * Everything the browser page needs besides the chat WebSocket and the page itself (which
 * {@code ChatServer} serves from the class path's {@code web/} directory): the HTTP polling transport
 * (the page's "long polling" switch), the frame inspector (its {@link dev.wslab.chat.transport.undertow.WireTap}
 * and side channel), and the room directory.
 *
 * <pre>{@code
 * ServerParts parts = WebClients.addTo(ServerParts.builder()).build();
 * }</pre>
 */
public final class WebClients {

    private WebClients() {}

    /** Adds a default {@link PollingTransport}, a {@link FrameInspector} and the {@link RoomDirectory}. */
    public static ServerParts.Builder addTo(ServerParts.Builder builder) {
        return addTo(builder, new PollingTransport());
    }

    /** Same, with this polling transport (e.g. one with shorter timeouts in a test). */
    public static ServerParts.Builder addTo(ServerParts.Builder builder, PollingTransport polling) {
        FrameInspector inspector = new FrameInspector();
        return builder.extension(polling).extension(inspector).extension(new RoomDirectory()).wireTap(inspector);
    }
}
