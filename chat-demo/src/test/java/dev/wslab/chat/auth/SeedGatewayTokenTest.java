package dev.wslab.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.web.WebClients;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens from the seed's NestJS gateway: {@code jwtService.sign({sub, name})}, HS256 with the key in
 * {@code JWT_SECRET_KEY}, no issuer, no audience. With {@code --jwt-issuer none --jwt-audience none}
 * and the same key, such a token opens the chat; a forged algorithm still does not.
 */
class SeedGatewayTokenTest {

    private static final String KEY = "the-seed-gateway-shares-this-key-0123456789";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private ChatServer start() {
        JwtSecret secret = JwtSecret.fromEnvironment(Map.of("JWT_SECRET_KEY", KEY));
        server = TestServers.start(TestServers.config().jwtSecret(secret)
                .jwtClaims(new JwtClaims(JwtClaims.optional("none"), JwtClaims.optional("none"), "name")),
                WebClients.addTo(ServerParts.builder()));
        return server;
    }

    /** What the gateway signs: {sub, name, iat, exp} (NestJS adds iat and exp with expiresIn). */
    private static String seedToken(String sub, String name, Algorithm algorithm) {
        Instant now = Instant.now();
        return JWT.create().withSubject(sub).withClaim("name", name).withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(3600)).sign(algorithm);
    }

    private static Algorithm hs256() {
        return Algorithm.HMAC256(KEY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoUsersWithSeedTokensChatOverWebSocketInANumberedRoom() {
        start();
        try (JdkChatClient ada = JdkChatClient.connectWithSubprotocol(server.chatUri(), seedToken("1", "ada", hs256()));
             JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), seedToken("2", "bob", hs256()))) {
            // The seed's clients sent room numbers as JSON numbers.
            ada.send("{\"type\":\"join\",\"room\":42,\"id\":\"j1\"}");
            ada.await(ServerEvent.Ok.class, ok -> "j1".equals(ok.id()));
            bob.send("{\"type\":\"join\",\"room\":\"42\",\"id\":\"j2\"}");
            bob.await(ServerEvent.Ok.class, ok -> "j2".equals(ok.id()));
            ada.await(ServerEvent.UserJoined.class, joined -> joined.userName().equals("bob") && joined.room().equals("42"));
            bob.send("{\"type\":\"message\",\"room\":42,\"message\":\"hello from the seed\",\"id\":\"m1\"}");
            ServerEvent.Message got = ada.await(ServerEvent.Message.class, m -> m.message().equals("hello from the seed"));
            assertThat(got.room()).isEqualTo("42");
            assertThat(got.sender().userId()).isEqualTo("2");
            assertThat(got.sender().userName()).isEqualTo("bob");
        }
    }

    @Test
    void aSeedTokenOpensAPollingSessionToo() throws Exception {
        start();
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.httpUri() + "/poll/sessions"))
                .header("Authorization", "Bearer " + seedToken("3", "cleo", hs256())).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"userName\":\"cleo\"").contains("\"userId\":\"3\"");
    }

    @Test
    void algNoneAndAnotherAlgorithmAreStillRefused() {
        start();
        String none = seedToken("1", "mallory", Algorithm.none());
        String hs384 = seedToken("1", "mallory", Algorithm.HMAC384(KEY.getBytes(StandardCharsets.UTF_8)));
        for (String forged : new String[] {none, hs384}) {
            assertThat(((TokenCheck.Invalid) server.context().tokens().verify(forged)).description()).contains("HS256");
            assertThat(upgradeFails(forged)).isTrue();
        }
        // A token signed with another key is refused as well.
        String otherKey = seedToken("1", "mallory", Algorithm.HMAC256("another-key-another-key-another-key!"));
        assertThat(upgradeFails(otherKey)).isTrue();
        assertThat(Optional.of(server.chat().sessionCount())).contains(0);
    }

    private boolean upgradeFails(String token) {
        try (JdkChatClient client = JdkChatClient.connectWithSubprotocol(server.chatUri(), token)) {
            return false;
        } catch (CompletionException | IllegalStateException refused) {
            return true;
        }
    }
}
