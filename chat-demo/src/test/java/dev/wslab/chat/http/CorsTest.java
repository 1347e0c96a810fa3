package dev.wslab.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.web.WebClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CORS on {@code /api/*} and {@code /poll/*}, driven by {@code --allowed-origins}: what a browser on
 * another origin needs (preflight, exact origin, {@code Vary: Origin}), and nothing for an origin
 * that is not listed. The browser's own verdict is {@code CrossOriginPageBrowserTest}.
 */
class CorsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String FRONT_END = "http://localhost:9000";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(List<String> allowedOrigins) {
        server = TestServers.start(TestServers.config().allowedOrigins(allowedOrigins), WebClients.addTo(ServerParts.builder()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder preflight(String path, String origin, String method) {
        return HttpRequest.newBuilder(URI.create(server.httpUri() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization, content-type");
    }

    @Test
    void anAllowedOriginsPreflightIsAnsweredWithItsExactOriginAndTheHeadersTheChatNeeds() throws Exception {
        start(List.of(FRONT_END));
        for (String path : List.of("/api/login", "/poll/sessions", "/poll/sessions/abc/events")) {
            HttpResponse<String> answer = send(preflight(path, FRONT_END, "POST"));
            assertThat(answer.statusCode()).as(path).isEqualTo(204);
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONT_END);
            assertThat(answer.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
            assertThat(answer.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                    h -> assertThat(h).contains("Authorization").contains("Content-Type"));
            assertThat(answer.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                    m -> assertThat(m).contains("GET").contains("POST").contains("DELETE"));
            // Bearer tokens, never cookies: the browser is never told to send credentials.
            assertThat(answer.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
    }

    @Test
    void anAllowedOriginCanRegisterLogInAndOpenAPollSessionAndReadTheAnswers() throws Exception {
        start(List.of(FRONT_END));
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/api/register"))
                .header("Origin", FRONT_END).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Accounts.credentials("ada", "password-ada"))));
        assertThat(registered.statusCode()).isEqualTo(201);
        assertThat(registered.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONT_END);
        String token = Accounts.login(server, "ada");
        HttpResponse<String> session = send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/poll/sessions"))
                .header("Origin", FRONT_END).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(session.statusCode()).isEqualTo(201);
        assertThat(session.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONT_END);
        assertThat(session.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
        assertThat(session.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                h -> assertThat(h).contains("Location"));
    }

    @Test
    void anOriginThatIsNotListedGetsNoCorsHeadersAnd403() throws Exception {
        start(List.of(FRONT_END));
        HttpResponse<String> answer = send(preflight("/api/login", "http://evil.example", "POST"));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/api/login"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Accounts.credentials("ada", "password-ada"))));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void withoutAllowedOriginsNoCrossOriginPageIsServed() throws Exception {
        start(List.of());
        assertThat(send(preflight("/poll/sessions", FRONT_END, "POST")).statusCode()).isEqualTo(403);
    }

    @Test
    void starIsAnExplicitChoiceAndTheAnswerStillNamesTheOrigin() throws Exception {
        start(List.of("*"));
        HttpResponse<String> answer = send(preflight("/api/login", "https://anywhere.example", "POST"));
        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).contains("https://anywhere.example");
    }

    @Test
    void pathsOutsideTheApiAndPollingGetNoCorsHeaders() throws Exception {
        start(List.of(FRONT_END));
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/health")).header("Origin", FRONT_END));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
