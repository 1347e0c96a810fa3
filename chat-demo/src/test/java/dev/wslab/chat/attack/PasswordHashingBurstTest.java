package dev.wslab.chat.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.support.NodeProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Password hashing against the server as {@code ./wslab chat} ships it: a 96 MiB heap and real Argon2id, whose
 * every hash holds its memory cost on the heap. Sixteen registrations at once (inside the per-address rate
 * limit) used to take 19 MiB each on eight worker threads and end the process with OutOfMemoryError.
 */
class PasswordHashingBurstTest {

    private static final int BURST = 16;

    @Test
    void aBurstOfRegistrationsIsAnsweredAndTheServerKeepsServing() throws Exception {
        try (NodeProcess node = NodeProcess.startShipped("--data-dir", ":memory:")) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                answers.add(http.sendAsync(register(node, "burst" + i), HttpResponse.BodyHandlers.ofString()));
            }
            int registered = 0;
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
                // 201, or 503 with Retry-After when the hashes in progress hold all their memory for too long.
                assertThat(response.statusCode()).as(response.body()).isIn(201, 503);
                if (response.statusCode() == 503) {
                    assertThat(response.body()).contains("\"busy\"");
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                } else {
                    registered++;
                }
            }
            assertThat(registered).isPositive();
            assertThat(node.awaitExit(0)).as("the server is still running; its output:%n%s", node.output()).isEqualTo(-1);
            assertThat(node.output()).doesNotContain("OutOfMemoryError");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(node.httpUri().resolve("/healthz"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    private static HttpRequest register(NodeProcess node, String name) {
        return HttpRequest.newBuilder(node.httpUri().resolve("/api/register"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"password\":\"correct horse battery\"}"))
                .build();
    }
}
