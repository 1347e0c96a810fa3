package dev.wslab.chat;

import dev.wslab.chat.auth.AccountStore;
import dev.wslab.chat.transport.undertow.WireTap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The live components a {@link ChatServer} runs with, beside its {@link ChatServerConfig settings}:
 * things with state of their own (stored accounts, a transport's sessions, an inspector's streams)
 * that one server owns while it runs. Settings are values that can be printed, compared and reused;
 * parts are not, so they are kept apart.
 *
 * <pre>{@code
 * ServerParts parts = WebClients.addTo(ServerParts.builder()).accountStore(store).build();
 * ChatServer server = new ChatServer(ChatServerConfig.builder().port(8080).build(), parts);
 * }</pre>
 *
 * @param accountStore where accounts live; empty (the default): in the server's own storage (the embedded
 *                     database under {@code dataDir})
 * @param extensions   more transports and routes (e.g. the HTTP polling transport, the page's side channels)
 * @param wireTap      observer of raw WebSocket bytes and handshakes (e.g. the frame inspector)
 */
public record ServerParts(Optional<AccountStore> accountStore, List<ServerExtension> extensions, WireTap wireTap) {

    public ServerParts {
        Objects.requireNonNull(accountStore, "accountStore");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(wireTap, "wireTap");
    }

    /** The server's own account storage, no extensions, no tap: the chat WebSocket (and echo) only. */
    public static ServerParts minimal() {
        return builder().build();
    }

    /** A builder starting from {@link #minimal()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ServerParts}. */
    public static final class Builder {
        private AccountStore accountStore;
        private final List<ServerExtension> extensions = new ArrayList<>();
        private WireTap wireTap = WireTap.NONE;

        private Builder() {}

        public Builder accountStore(AccountStore value) { accountStore = value; return this; }
        public Builder extension(ServerExtension value) { extensions.add(value); return this; }
        public Builder wireTap(WireTap value) { wireTap = value; return this; }

        public ServerParts build() {
            return new ServerParts(Optional.ofNullable(accountStore), extensions, wireTap);
        }
    }
}
