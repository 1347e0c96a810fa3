package dev.wslab.chat.support;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.auth.Argon2idPasswordHasher;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.RateLimit;
import java.time.Duration;

/** Chat servers for tests: loopback, a free port, cheap password hashing, a known JWT secret. */
public final class TestServers {

    public static final String SECRET = "test-secret-for-wslab-chat-0123456789";

    private TestServers() {}

    /**
     * Limits out of the way of functional tests, which log in, connect and post far faster than a
     * person; the attack suite ({@code HardeningAttackTest}) runs against the real defaults.
     */
    public static final ChatLimits GENEROUS_LIMITS = ChatLimits.builder()
            .loginPerAddress(new RateLimit(100_000, Duration.ofSeconds(1)))
            .loginPerName(new RateLimit(100_000, Duration.ofSeconds(1)))
            .messageRate(new RateLimit(1_000_000, Duration.ofSeconds(1)))
            .maxSessionsPerUser(10_000)
            .maxRoomsPerSession(10_000)
            .maxRooms(100_000)
            .build();

    /** The test defaults; adjust with {@code toBuilder()}-style calls before {@link #start}. */
    public static ChatServerConfig.Builder config() {
        return ChatServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .echoEnabled(true)
                .jwtSecret(JwtSecret.of(SECRET))
                .passwordHasher(Argon2idPasswordHasher.fastForTests())
                .ioThreads(2)
                .workerThreads(4)
                .closeTimeout(Duration.ofSeconds(2))
                .limits(GENEROUS_LIMITS);
    }

    /** Starts a server from {@code config} with {@link ServerParts#minimal()}. */
    public static ChatServer start(ChatServerConfig.Builder config) {
        return start(config, ServerParts.builder());
    }

    /** Starts a server from {@code config} with these parts (extensions, tap, account store). */
    public static ChatServer start(ChatServerConfig.Builder config, ServerParts.Builder parts) {
        ChatServer server = new ChatServer(config.build(), parts.build());
        server.start();
        return server;
    }
}
