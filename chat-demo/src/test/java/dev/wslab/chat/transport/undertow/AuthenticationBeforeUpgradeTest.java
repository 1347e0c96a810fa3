package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.chat.auth.TokenService;
import dev.wslab.chat.rooms.User;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a token can be wrong is refused with 401 before the upgrade, and a foreign Origin with
 * 403: each test reads the raw response and checks that no 101 was ever sent.
 */
class AuthenticationBeforeUpgradeTest {

    private static ChatServer server;
    private static ChatServer lenientServer;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config().allowedOrigins(List.of("http://trusted.example")));
        lenientServer = TestServers.start(TestServers.config().allowQueryToken(true));
        token = Accounts.registerAndLogin(server, "ada");
    }

    @AfterAll
    static void stop() {
        server.stop();
        lenientServer.stop();
    }

    /** Sends an upgrade to the chat path and returns the whole answer (the server closes after a refusal). */
    private static String upgrade(ChatServer target, String path, String... headers) {
        try (RawClient client = RawClient.connect(target.port())) {
            client.write(RawClient.upgradeRequest(path, target.port(), headers));
            return client.readToEnd();
        }
    }

    private static void assertUnauthorized(String response, String reasonFragment) {
        assertThat(response).startsWith("HTTP/1.1 401 ");
        assertThat(response).doesNotContain("101 Switching Protocols");
        assertThat(response).containsIgnoringCase("WWW-Authenticate: Bearer realm=\"wslab-chat\", error=\"invalid_token\"");
        assertThat(response).contains(reasonFragment);
    }

    @Test
    void missingToken() {
        assertUnauthorized(upgrade(server, "/ws"), "no token");
    }

    @Test
    void malformedToken() {
        assertUnauthorized(upgrade(server, "/ws", "Authorization: Bearer not-a-jwt"), "well-formed");
    }

    @Test
    void tamperedToken() {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"ada\"", "\"root\"");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertUnauthorized(upgrade(server, "/ws", "Authorization: Bearer " + forged), "signature");
    }

    @Test
    void expiredToken() {
        TokenService past = new TokenService(JwtSecret.of(TestServers.SECRET), Duration.ofSeconds(1),
                Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC));
        String expired = past.issue(new User("id", "ada"), java.time.Instant.EPOCH).token();
        assertUnauthorized(upgrade(server, "/ws", "Sec-WebSocket-Protocol: wslab.chat.v1, bearer." + expired), "expired");
    }

    @Test
    void algNoneToken() {
        String none = JWT.create().withSubject("id").withClaim("name", "ada").withIssuer("wslab").withAudience("wslab-chat")
                .withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.none());
        assertUnauthorized(upgrade(server, "/ws", "Authorization: Bearer " + none), "HS256");
    }

    @Test
    void wrongAlgorithmToken() {
        String hs512 = JWT.create().withSubject("id").withClaim("name", "ada").withIssuer("wslab").withAudience("wslab-chat")
                .withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC512(TestServers.SECRET.getBytes(StandardCharsets.UTF_8)));
        assertUnauthorized(upgrade(server, "/ws", "Authorization: Bearer " + hs512), "HS256");
    }

    @Test
    void wrongAudienceToken() {
        TokenService otherApp = new TokenService(JwtSecret.of(TestServers.SECRET), "wslab", "some-other-app",
                Duration.ofMinutes(5), Clock.systemUTC());
        String foreign = otherApp.issue(new User("id", "ada"), java.time.Instant.EPOCH).token();
        assertUnauthorized(upgrade(server, "/ws", "Authorization: Bearer " + foreign), "'aud'");
    }

    @Test
    void queryTokenRefusedUnlessEnabled() {
        assertUnauthorized(upgrade(server, "/ws?token=" + token), "query string is not accepted");
        String lenientToken = Accounts.registerAndLogin(lenientServer, "querier");
        try (RawClient client = RawClient.connect(lenientServer.port())) {
            client.write(RawClient.upgradeRequest("/ws?token=" + lenientToken, lenientServer.port()));
            assertThat(client.readHead().status()).isEqualTo(101);
        }
    }

    @Test
    void foreignOriginIsForbiddenEvenWithAValidToken() {
        String response = upgrade(server, "/ws", "Origin: http://evil.example", "Authorization: Bearer " + token);
        assertThat(response).startsWith("HTTP/1.1 403 ").doesNotContain("101 Switching Protocols").contains("Origin");
    }

    @Test
    void ownAndListedOriginsAndNoOriginAreAllowed() {
        for (String origin : List.of("Origin: http://127.0.0.1:" + server.port(), "Origin: http://trusted.example",
                "X-No-Origin: true")) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/ws", server.port(), origin, "Authorization: Bearer " + token));
                assertThat(client.readHead().status()).as(origin).isEqualTo(101);
            }
        }
    }

    @Test
    void subprotocolAnswerNamesTheChatProtocolNeverTheToken() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.write(RawClient.upgradeRequest("/ws", server.port(), "Sec-WebSocket-Protocol: wslab.chat.v1, bearer." + token));
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Sec-WebSocket-Protocol")).isEqualTo("wslab.chat.v1");
            assertThat(head.headers()).doesNotContain(token);
        }
    }

    @Test
    void brokenHandshakesGetTheHandshakeModulesStatus() {
        String noKey = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        try (RawClient client = RawClient.connect(server.port())) {
            client.write(noKey);
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 400 ").contains("Sec-WebSocket-Key");
        }
        String response = upgrade(server, "/ws", "Sec-WebSocket-Version: 8", "Authorization: Bearer " + token);
        assertThat(response).startsWith("HTTP/1.1 426 ").containsIgnoringCase("Sec-WebSocket-Version: 13");
    }

    @Test
    void tokensNeverReachTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            upgrade(server, "/ws?token=" + token);
            upgrade(server, "/ws", "Origin: http://evil.example", "Sec-WebSocket-Protocol: wslab.chat.v1, bearer." + token);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("upgrade refused with 401").contains("upgrade refused with 403");
        assertThat(log).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }
}
