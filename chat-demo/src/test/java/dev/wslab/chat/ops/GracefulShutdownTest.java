package dev.wslab.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.NodeProcess;
import dev.wslab.chat.support.RawClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: SIGTERM to a real server process holding a client that reads, a client that stopped reading
 * and a held long poll. The reader gets its Close 1001 with a reason that says to reconnect, the long poll
 * is answered, and the process is gone within {@code --shutdown-timeout}, although the non-reader never
 * answers its Close (its own close timeout, 30 s, is far longer).
 */
class GracefulShutdownTest {

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 3;

    @Test
    void sigtermClosesWith1001AnswersLongPollsAndExitsWithinTheTimeout() throws Exception {
        Path data = Files.createTempDirectory("wslab-shutdown-");
        NodeProcess node = NodeProcess.start("--data-dir", data.toString(), "--shutdown-timeout",
                Long.toString(SHUTDOWN_TIMEOUT_SECONDS), "--close-timeout", "30");
        try {
            JdkChatClient reader = JdkChatClient.connectWithHeader(node.chatUri(), Accounts.registerAndLogin(node.httpUri(), "reader"));
            reader.joinAndWait("lobby");
            RawClient stalled = RawClient.connect(node.port(), 4096);
            stalled.write(RawClient.upgradeRequest("/ws", node.port(),
                    "Authorization: Bearer " + Accounts.registerAndLogin(node.httpUri(), "stalled")));
            assertThat(stalled.readHead().status()).isEqualTo(101);
            // From here on it reads nothing.

            String poller = Accounts.registerAndLogin(node.httpUri(), "poller");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(node.httpUri().resolve("/poll/sessions"))
                    .header("Authorization", "Bearer " + poller).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            String session = created.headers().firstValue("Location").orElseThrow();
            CompletableFuture<HttpResponse<String>> longPoll = http.sendAsync(HttpRequest.newBuilder(
                    node.httpUri().resolve(session + "/events?cursor=0&wait=50")).header("Authorization", "Bearer " + poller)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the poll is held

            long signalled = System.nanoTime();
            node.terminate();

            assertThat(reader.awaitCloseCode(10)).isEqualTo(1001);
            assertThat(reader.closeReason()).contains("reconnect");
            HttpResponse<String> answered = longPoll.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(410);
            assertThat(answered.body()).contains("shutting down");
            int status = node.awaitExit(SHUTDOWN_TIMEOUT_SECONDS * 1000 + 3000);
            long tookMs = (System.nanoTime() - signalled) / 1_000_000;
            assertThat(status).as("exit status after %d ms; output:\n%s", tookMs, node.output()).isIn(0, 143);
            // The deadline, plus the JVM's own exit.
            assertThat(tookMs).as("ms from SIGTERM to exit").isLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000 + 2000);
            stalled.close();
        } finally {
            node.close();
        }
    }
}
