package dev.wslab.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.RedisServer;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.polling.PollingTransport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: {@code /healthz} answers while the process serves; {@code /readyz} is 200 only while the
 * listener, the storage and (for a cluster node) Redis are usable and the server is not draining, and
 * otherwise 503 with a JSON body that says why. Redis is a real {@code redis-server} the test stops and starts;
 * the embedded database is made unusable through H2's own commands on a second connection.
 */
class ReadinessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClusterNodeIsNotReadyWhileItsRedisIsStoppedAndReadyAgainOnceItIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer node = TestServers.start(TestServers.config().redis(redis.uri()))) {
            assertThat(get(node, "/readyz").statusCode()).isEqualTo(200);
            assertThat(body(get(node, "/readyz")).get("checks").toString()).contains("redis");

            redis.stop();
            HttpResponse<String> down = awaitStatus(node, 503);
            assertThat(body(down).get("status").asText()).isEqualTo("not_ready");
            assertThat(body(down).get("reasons").toString()).contains("redis: Redis unreachable");
            assertThat(get(node, "/healthz").statusCode()).as("alive all the same").isEqualTo(200);

            redis.restart();
            assertThat(body(awaitStatus(node, 200)).get("status").asText()).isEqualTo("ready");
        }
    }

    @Test
    void aSingleNodeChecksItsStorageAndWhileDrainingRefusesNewConnectionsAndSessions() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config(), ServerParts.builder().extension(new PollingTransport()))) {
            HttpResponse<String> ready = get(server, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(body(ready).get("checks").toString()).contains("listener", "storage");
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            String token = Accounts.registerAndLogin(server, "ada");

            server.context().ops().readiness().drain();
            HttpResponse<String> draining = get(server, "/readyz");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(body(draining).get("reasons").toString()).contains("draining");
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            // No new WebSocket, no new polling session.
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
                RawClient.Head head = client.readHead();
                assertThat(head.status()).isEqualTo(503);
                assertThat(head.header("Retry-After")).isEqualTo("5");
            }
            HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve("/poll/sessions"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).isEqualTo(503);
            assertThat(body(session).get("error").asText()).isEqualTo("shutting_down");
        }
    }

    /**
     * The embedded H2 database becomes unusable under the running server: an operator's second connection
     * puts it into H2's maintenance mode ({@code SET EXCLUSIVE 2} closes every other connection, the
     * server's too, and refuses new ones). {@code /readyz} turns 503 naming the storage, accounts requests
     * get a clear 503; once the mode ends the server opens the database again by itself.
     */
    @Test
    void aSingleNodeIsNotReadyWhileItsDatabaseIsUnusableAndOpensItAgainByItself() throws Exception {
        Path data = Files.createTempDirectory("wslab-readiness-");
        try (ChatServer server = TestServers.start(TestServers.config().dataDir(data.toString()))) {
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            Accounts.registerAndLogin(server, "ada");

            try (Connection operator = operatorConnection(data); Statement sql = operator.createStatement()) {
                sql.execute("SET EXCLUSIVE 2");

                HttpResponse<String> down = awaitStatus(server, 503);
                assertThat(body(down).get("status").asText()).isEqualTo("not_ready");
                assertThat(body(down).get("reasons").toString()).contains("storage: ").containsIgnoringCase("exclusive");
                assertThat(get(server, "/healthz").statusCode()).as("alive all the same").isEqualTo(200);
                // Accounts requests are answered, with a 503 that says why and when to retry.
                for (String path : new String[] {"/api/login", "/api/register"}) {
                    Accounts.Answer answer = Accounts.post(server, path, Accounts.credentials("ada", "password-ada"));
                    assertThat(answer.status()).as(path).isEqualTo(503);
                    assertThat(answer.body().get("error").asText()).isEqualTo("storage_unavailable");
                    assertThat(answer.body().get("reason").asText()).contains("storage");
                    assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
                }

                sql.execute("SET EXCLUSIVE 0");
            }
            assertThat(body(awaitStatus(server, 200)).get("status").asText()).isEqualTo("ready");
            // The same database, not a new one: ada's account is still there, and new ones can be made.
            assertThat(Accounts.login(server, "ada")).isNotBlank();
            assertThat(Accounts.registerAndLogin(server, "bob")).isNotBlank();
        }
    }

    /** H2's {@code SHUTDOWN} from a second connection stops the database; the server opens it again on the next use. */
    @Test
    void aSingleNodeOpensItsDatabaseAgainAfterItWasShutDownUnderIt() throws Exception {
        Path data = Files.createTempDirectory("wslab-readiness-");
        try (ChatServer server = TestServers.start(TestServers.config().dataDir(data.toString()))) {
            Accounts.registerAndLogin(server, "ada");
            try (Connection operator = operatorConnection(data); Statement sql = operator.createStatement()) {
                sql.execute("SHUTDOWN");
                assertThat(operator.isClosed()).as("the database stopped, every connection with it").isTrue();
            }
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            assertThat(Accounts.login(server, "ada")).isNotBlank();
        }
    }

    /** A second connection to the server's database file, as an operator's tool in the same process would open it. */
    private static Connection operatorConnection(Path data) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("wslab")
                + ";DB_CLOSE_ON_EXIT=FALSE", "wslab", "");
    }

    private static HttpResponse<String> awaitStatus(ChatServer server, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> response = get(server, "/readyz");
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = get(server, "/readyz");
        }
        assertThat(response.statusCode()).as("/readyz: %s", response.body()).isEqualTo(status);
        return response;
    }

    static HttpResponse<String> get(ChatServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
