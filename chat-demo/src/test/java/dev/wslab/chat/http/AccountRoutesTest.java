package dev.wslab.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/register and /api/login over real HTTP. */
class AccountRoutesTest {

    private static ChatServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void registerThenLoginGivesAVerifiableToken() {
        Accounts.Answer registered = Accounts.post(server, "/api/register", Accounts.credentials("grace", "hopper-1906"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.body().get("userName").asText()).isEqualTo("grace");
        String userId = registered.body().get("userId").asText();

        Accounts.Answer login = Accounts.post(server, "/api/login", Accounts.credentials("grace", "hopper-1906"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(login.body().get("tokenType").asText()).isEqualTo("Bearer");
        DecodedJWT jwt = JWT.decode(login.body().get("token").asText());
        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        assertThat(jwt.getSubject()).isEqualTo(userId);
        assertThat(jwt.getClaim("name").asString()).isEqualTo("grace");
        assertThat(jwt.getIssuer()).isEqualTo("wslab");
        assertThat(jwt.getAudience()).containsExactly("wslab-chat");
        assertThat(jwt.getExpiresAtAsInstant().getEpochSecond()).isEqualTo(login.body().get("expiresAt").asLong());
    }

    @Test
    void refusalsHaveTheirStatusAndAReason() {
        Accounts.post(server, "/api/register", Accounts.credentials("linus", "torvalds-1969"));
        assertThat(Accounts.post(server, "/api/register", Accounts.credentials("linus", "other-password")).status()).isEqualTo(409);
        assertThat(Accounts.post(server, "/api/register", Accounts.credentials("no spaces", "long-enough")).status()).isEqualTo(400);
        assertThat(Accounts.post(server, "/api/register", Accounts.credentials("shorty", "1234")).status()).isEqualTo(400);
        assertThat(Accounts.post(server, "/api/register", "{\"name\":1}").status()).isEqualTo(400);
        assertThat(Accounts.post(server, "/api/register", "not json").status()).isEqualTo(400);

        Accounts.Answer wrong = Accounts.post(server, "/api/login", Accounts.credentials("linus", "wrong-password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.body().get("error").asText()).isEqualTo("invalid_credentials");
        assertThat(Accounts.post(server, "/api/login", Accounts.credentials("nobody", "whatever1")).status()).isEqualTo(401);
        assertThat(Accounts.post(server, "/api/login", "x".repeat(ChatLimits.DEFAULT_MAX_BODY_BYTES + 10)).status()).isEqualTo(413);
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> get = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.httpUri() + "/api/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
    }
}
