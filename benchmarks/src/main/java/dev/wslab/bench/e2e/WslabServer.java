package dev.wslab.bench.e2e;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.auth.Account;
import dev.wslab.chat.auth.Argon2idPasswordHasher;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.RateLimit;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.chat.transport.polling.PollingConfig;
import dev.wslab.chat.transport.polling.PollingTransport;

import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.JdbcAccountStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * wslab's chat server as the benchmarks run it: the demo's own {@link ChatServer} on 127.0.0.1 and
 * a free port, with two settings changed for measuring, both outside the measured path:
 * <ul>
 *   <li>a cheap Argon2id cost (8 KiB, 1 pass), because a thousand users log in before the cells
 *       and the demo's deliberately slow hash would dominate the setup time;</li>
 *   <li>a 64 MiB outbound bound per WebSocket connection instead of 1 MiB, and 256 MiB / a million
 *       pending events per polling session instead of 1 MiB / 10 000, because the Undertow baseline
 *       has no bound at all and a saturation cell with 16 KiB messages must not be cut short by the
 *       demo's slow-consumer protection.</li>
 * </ul>
 * The HTTP polling transport ({@link PollingTransport}) is plugged in, on the same chat.
 */
final class WslabServer implements AutoCloseable {

    static final String CHAT_PATH = ChatServerConfig.DEFAULT_CHAT_PATH;
    /** A system property with the JWT signing key, so a load generator can sign tokens itself. */
    static final String JWT_SECRET_PROPERTY = "wslab.bench.jwtSecret";
    /**
     * A system property: how many accounts ({@code user-<i>} named {@code user<i>}, created at
     * {@link #PRESET_CREATED}) the server holds before it starts, so a load generator can sign tokens for
     * 10,000 users itself. Tokens are bound to existing accounts; registering 10,000 users over HTTP would
     * only lengthen the setup.
     */
    static final String PRESET_USERS_PROPERTY = "wslab.bench.presetUsers";
    /** The creation time of the preset accounts, which their tokens must carry. */
    static final Instant PRESET_CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final ChatServer server;
    private final int port;

    /** Null unless the server was started with preset accounts. */
    private final EmbeddedDatabase presetDatabase;

    private WslabServer(ChatServer server, int port, EmbeddedDatabase presetDatabase) {
        this.server = server;
        this.port = port;
        this.presetDatabase = presetDatabase;
    }

    /** The key every node of a benchmark cluster signs and checks tokens with (nodes verify each other's). */
    static final String CLUSTER_SECRET = "wslab-benchmark-cluster-secret-0123456789";

    /** One node: alone (its rooms in this process) when {@code redisUri} is null, else one node of that Redis's cluster. */
    static WslabServer start(String redisUri) {
        ChatServerConfig.Builder builder = ChatServerConfig.builder();
        String secret = System.getProperty(JWT_SECRET_PROPERTY);
        if (secret != null) {
            // The capacity runner signs its users' tokens itself (after registering them).
            builder.jwtSecret(JwtSecret.of(secret));
        }
        builder
                .host("127.0.0.1")
                .port(0)
                .passwordHasher(new Argon2idPasswordHasher(8, 1, 1))
                .maxOutboundBytes(64L * 1024 * 1024)
                .keepAliveInterval(Duration.ofSeconds(30))
                // Clients reach the server through a byte-counting proxy on a port chosen later.
                .publicHosts(List.of("127.0.0.1:*"))
                // A benchmark is one address logging in and posting as fast as it can: lift the limits
                // meant for hostile clients, or they, not the transports, would be measured.
                .limits(ChatLimits.builder()
                        .loginPerAddress(new RateLimit(1_000_000, Duration.ofSeconds(1)))
                        .loginPerName(new RateLimit(1_000_000, Duration.ofSeconds(1)))
                        .messageRate(new RateLimit(100_000_000, Duration.ofSeconds(1)))
                        .maxSessionsPerUser(100_000)
                        .build());
        if (redisUri != null) {
            builder.redis(redisUri).jwtSecret(JwtSecret.of(CLUSTER_SECRET));
        }
        ChatServerConfig config = builder.build();
        ServerParts.Builder parts = ServerParts.builder()
                .extension(new PollingTransport(PollingConfig.defaults()
                        .withPendingLimits(1_000_000, 256L * 1024 * 1024)));
        int preset = Integer.getInteger(PRESET_USERS_PROPERTY, 0);
        EmbeddedDatabase presetDatabase = null;
        if (preset > 0) {
            presetDatabase = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY);
            JdbcAccountStore store = new JdbcAccountStore(presetDatabase);
            for (int i = 0; i < preset; i++) {
                store.add(new Account("user-" + i, "user" + i, "preset-account-without-password", PRESET_CREATED));
            }
            parts.accountStore(store);
        }
        ChatServer server = new ChatServer(config, parts.build());
        return new WslabServer(server, server.start(), presetDatabase);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
        if (presetDatabase != null) {
            presetDatabase.close();
        }
    }
}
