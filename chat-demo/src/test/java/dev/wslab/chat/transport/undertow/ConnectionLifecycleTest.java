package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Aborts, resets, silent peers, expiring tokens and shutdown: every way a connection ends. */
class ConnectionLifecycleTest {

    /**
     * JWT times are whole seconds and the server truncates the issue time, so a token of lifetime L is
     * valid for between L-1 and L seconds after login. Three seconds leave at least two for registering,
     * connecting and joining on a busy machine; waits are derived from the token's real {@code exp}.
     */
    private static final Duration SHORT_TOKEN = Duration.ofSeconds(3);
    /** How long after {@code exp} the Close may take to arrive on a loaded machine. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private static Instant expiryOf(String token) {
        return JWT.decode(token).getExpiresAtAsInstant();
    }

    private static int secondsUntil(Instant deadline) {
        return (int) Math.max(1, Duration.between(Instant.now(), deadline).toSeconds() + 1);
    }

    private static RawClient joinRaw(ChatServer server, String token, String room) {
        RawClient client = RawClient.connect(server.port());
        client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
        assertThat(client.readHead().status()).isEqualTo(101);
        client.write(RawClient.text("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"j\"}"));
        client.readTextContaining("\"id\":\"j\"");
        return client;
    }

    private static long count(JdkChatClient client, ServerEvent event) {
        return client.drainAll().stream().filter(event::equals).count();
    }

    @Test
    void abortedConnectionsLeaveTheirRoomsExactlyOnce() {
        try (ChatServer server = TestServers.start(TestServers.config())) {
            String watcherToken = Accounts.registerAndLogin(server, "watcher");
            String resetToken = Accounts.registerAndLogin(server, "resetter");
            String finToken = Accounts.registerAndLogin(server, "quitter");
            try (JdkChatClient watcher = JdkChatClient.connectWithHeader(server.chatUri(), watcherToken)) {
                watcher.joinAndWait("abort");
                RawClient reset = joinRaw(server, resetToken, "abort");
                RawClient fin = joinRaw(server, finToken, "abort");
                watcher.await(ServerEvent.UserJoined.class, j -> j.userName().equals("quitter"));

                reset.abortWithReset();   // TCP RST, no Close frame
                fin.close();              // TCP FIN, no Close frame
                // The two ends are detected independently (RST and FIN race), so either may come first.
                watcher.awaitEver(ServerEvent.UserLeft.class, l -> l.userName().equals("resetter"));
                watcher.awaitEver(ServerEvent.UserLeft.class, l -> l.userName().equals("quitter"));
                watcher.message("abort", "still here", "after");
                watcher.reply("after");
                assertThat(count(watcher, new ServerEvent.UserLeft("abort", "resetter"))).isEqualTo(1);
                assertThat(count(watcher, new ServerEvent.UserLeft("abort", "quitter"))).isEqualTo(1);
                assertThat(server.chat().members("abort")).containsExactly("watcher");
                assertThat(server.chat().onlineUsers()).containsExactly("watcher");
            }
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDroppedWhileALivePeerStays() {
        try (ChatServer server = TestServers.start(TestServers.config()
                .keepAliveInterval(Duration.ofMillis(200))
                .keepAliveTimeout(Duration.ofMillis(1500)))) {
            String liveToken = Accounts.registerAndLogin(server, "alive");
            String deadToken = Accounts.registerAndLogin(server, "ghost");
            try (JdkChatClient alive = JdkChatClient.connectWithHeader(server.chatUri(), liveToken)) {
                alive.joinAndWait("ka");
                // The raw client reads nothing and answers nothing: a half-open connection, as far as
                // the server can tell.
                RawClient ghost = joinRaw(server, deadToken, "ka");
                alive.await(ServerEvent.UserJoined.class, j -> j.userName().equals("ghost"));
                alive.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ghost"));
                assertThat(ghost.awaitEof()).isTrue();
                ghost.close();
                // The JDK client answered every Ping (it pongs automatically) and is still served.
                alive.message("ka", "still alive", "k1");
                assertThat(alive.reply("k1")).isInstanceOf(ServerEvent.Ok.class);
                assertThat(alive.isClosedByServer()).isFalse();
            }
        }
    }

    @Test
    void aTokenThatExpiresDuringTheConnectionClosesItWith4001() {
        try (ChatServer server = TestServers.start(TestServers.config().tokenLifetime(SHORT_TOKEN))) {
            String token = Accounts.registerAndLogin(server, "cinderella");
            Instant expiresAt = expiryOf(token);
            JdkChatClient client = JdkChatClient.connectWithSubprotocol(server.chatUri(), token);
            client.joinAndWait("ball");

            assertThat(client.awaitCloseCode(secondsUntil(expiresAt.plus(GRACE)))).isEqualTo(4001);
            Instant closedAt = Instant.now();
            assertThat(client.closeReason()).isEqualTo("token expired");
            // Not before the token's exp (the server's timer runs on nanoTime, so allow clock jitter).
            assertThat(closedAt).isAfterOrEqualTo(expiresAt.minusMillis(100));
            client.close();
        }
    }

    @Test
    void aPeerThatIgnoresOurCloseIsDroppedAfterTheCloseTimeout() {
        try (ChatServer server = TestServers.start(TestServers.config()
                .tokenLifetime(SHORT_TOKEN)
                .closeTimeout(Duration.ofMillis(500)))) {
            String token = Accounts.registerAndLogin(server, "deaf");
            Instant expiresAt = expiryOf(token);
            try (RawClient deaf = joinRaw(server, token, "silence")) {
                // The token expires, the server sends Close 4001; this client never answers it.
                var frames = deaf.readUntilClose();
                assertThat(Instant.now()).isAfterOrEqualTo(expiresAt.minusMillis(100));
                RawClient.RawFrame close = frames.get(frames.size() - 1);
                assertThat(close.closeCode()).isEqualTo(4001);
                assertThat(close.closeReason()).isEqualTo("token expired");
                long sentAt = System.nanoTime();
                assertThat(deaf.awaitEof()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(Duration.ofSeconds(10));
                assertThat(server.chat().sessionCount()).isZero();
            }
        }
    }

    @Test
    void stoppingTheServerClosesConnectionsWith1001() {
        ChatServer server = TestServers.start(TestServers.config());
        String token = Accounts.registerAndLogin(server, "last");
        JdkChatClient client = JdkChatClient.connectWithHeader(server.chatUri(), token);
        client.joinAndWait("end");
        server.stop();
        assertThat(client.awaitCloseCode(5)).isEqualTo(1001);
        assertThat(client.closeReason()).isEqualTo(WebSocketTransport.SHUTDOWN_REASON);
    }
}
