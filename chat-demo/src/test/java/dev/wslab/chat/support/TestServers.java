package dev.wslab.chat.support;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.auth.Argon2idPasswordHasher;
import dev.wslab.chat.auth.JwtSecret;
import java.time.Duration;

/** Chat servers for tests: loopback, a free port, cheap password hashing, a known JWT secret. */
public final class TestServers {

    public static final String SECRET = "test-secret-for-wslab-chat-0123456789";

    private TestServers() {}

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
                .closeTimeout(Duration.ofSeconds(2));
    }

    /** Starts a server from {@code config}. */
    public static ChatServer start(ChatServerConfig.Builder config) {
        ChatServer server = new ChatServer(config.build());
        server.start();
        return server;
    }
}
