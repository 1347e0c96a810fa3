package dev.wslab.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.NodeProcess;
import dev.wslab.chat.support.RedisServer;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.web.WebClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page with a list of cluster nodes ({@code <meta name="wslab-server" content="A, B">}, served from
 * its own origin): its node A is killed with SIGKILL while another user posts; the page moves to B,
 * resumes its session there (sessions live in Redis) and shows every message once, in order.
 */
class PageClusterFailoverBrowserTest {

    private static ChatPage browser;

    @BeforeAll
    static void startBrowser() {
        HeadlessChromium.requireInstalled();
        browser = ChatPage.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePageMovesToTheNextNodeAndResumesItsSession() throws Exception {
        AtomicReference<String> servers = new AtomicReference<>();
        HttpServer frontEnd = frontEnd(servers);
        String origin = "http://127.0.0.1:" + frontEnd.getAddress().getPort();
        try (RedisServer redis = RedisServer.start();
             ChatServer b = TestServers.start(TestServers.config().redis(redis.uri()).nodeTimeout(Duration.ofSeconds(3))
                     .allowedOrigins(List.of(origin)), WebClients.addTo(ServerParts.builder()));
             NodeProcess a = NodeProcess.start("--redis", redis.uri(), "--node-timeout", "3", "--allowed-origins", origin)) {
            servers.set(a.httpUri() + ", " + b.httpUri());
            ChatPage ada = browser.visitExactly(URI.create(origin + "/")).register("ada", "password-ada");
            ada.join("r");
            try (JdkChatClient bob = JdkChatClient.connectWithHeader(b.chatUri(), Accounts.registerAndLogin(b, "bob"))) {
                bob.joinAndWait("r");
                for (int i = 1; i <= 10; i++) {
                    bob.message("r", "k" + i, "b" + i);
                }
                ada.awaitMessage("bob", "k10");
                a.kill();
                for (int i = 11; i <= 30; i++) {
                    bob.message("r", "k" + i, "b" + i);
                }
                ada.awaitMessage("bob", "k30");
                assertThat(ada.status()).contains("resumed");
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    expected.add("k" + i);
                }
                assertThat(ada.messages()).containsExactlyElementsOf(expected);
                assertThat(b.context().sessions().resumes()).isGreaterThanOrEqualTo(1);
                ada.send("from node b");
                bob.await(ServerEvent.Message.class, m -> m.message().equals("from node b"));
                assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            }
            browser.leave();
        } finally {
            frontEnd.stop(0);
        }
    }

    /**
     * The same on long polling (the transport pinned to polling in the page's menu): the page's node
     * A is killed with SIGKILL while another user posts; its poll fails, the page moves to B, resumes
     * its session there over a new poll session (same token, from the last event it showed) and shows
     * every message once, in order. The poll answers the page received say the same: each message in
     * exactly one of them, and the event numbers only grow, across the two nodes.
     */
    @Test
    void onLongPollingThePageMovesToTheNextNodeAndResumesItsSession() throws Exception {
        AtomicReference<String> servers = new AtomicReference<>();
        HttpServer frontEnd = frontEnd(servers);
        String origin = "http://127.0.0.1:" + frontEnd.getAddress().getPort();
        try (RedisServer redis = RedisServer.start();
             ChatServer b = TestServers.start(TestServers.config().redis(redis.uri()).nodeTimeout(Duration.ofSeconds(3))
                     .allowedOrigins(List.of(origin)), WebClients.addTo(ServerParts.builder()));
             NodeProcess a = NodeProcess.start("--redis", redis.uri(), "--node-timeout", "3", "--allowed-origins", origin)) {
            servers.set(a.httpUri() + ", " + b.httpUri());
            ChatPage ada = browser.visitExactly(URI.create(origin + "/")).register("ada", "password-ada")
                    .useTransport("polling");
            ada.join("r");
            ada.recordPolledEvents();
            try (JdkChatClient bob = JdkChatClient.connectWithHeader(b.chatUri(), Accounts.registerAndLogin(b, "bob"))) {
                bob.joinAndWait("r");
                for (int i = 1; i <= 10; i++) {
                    bob.message("r", "p" + i, "b" + i);
                }
                ada.awaitMessage("bob", "p10");
                a.kill();
                for (int i = 11; i <= 30; i++) {
                    bob.message("r", "p" + i, "b" + i);
                }
                ada.awaitMessage("bob", "p30");
                assertThat(ada.status()).contains("resumed over long polling");
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    expected.add("p" + i);
                }
                assertThat(ada.messages()).containsExactlyElementsOf(expected);
                assertThat(b.context().sessions().resumes()).isEqualTo(1);

                // What came over the wire, not only what the page shows (it skips a repeat by id and by number).
                List<Map<String, Object>> polled = ada.polledEvents();
                List<String> polledTexts = new ArrayList<>();
                long previousSeq = 0;
                for (Map<String, Object> event : polled) {
                    if (event.get("seq") instanceof Number seq && !"resumed".equals(event.get("type"))) {
                        assertThat(seq.longValue()).as("event numbers only grow: " + polled).isGreaterThan(previousSeq);
                        previousSeq = seq.longValue();
                    }
                    if ("message".equals(event.get("type"))) {
                        polledTexts.add((String) event.get("message"));
                    }
                }
                assertThat(polledTexts).as("each message in exactly one poll answer").containsExactlyElementsOf(expected);
                assertThat(polled).anyMatch(e -> "resumed".equals(e.get("type")));

                ada.send("from node b over polling");
                bob.await(ServerEvent.Message.class, m -> m.message().equals("from node b over polling"));
                assertThat(ada.status()).contains("long polling");
                assertThat(b.openWebSockets()).as("only bob's").isEqualTo(1);
                // Past the node timeout: A's death is noticed, yet ada never left the room.
                Thread.sleep(5000);
                assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
                assertThat(b.chat().members("r")).containsExactlyInAnyOrder("ada", "bob");
            }
            browser.leave();
        } finally {
            frontEnd.stop(0);
        }
    }

    /** A second origin serving the page's files, pointing it at the servers {@code servers} names. */
    private static HttpServer frontEnd(AtomicReference<String> servers) throws IOException {
        HttpServer frontEnd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> types = Map.of("/app.js", "text/javascript", "/style.css", "text/css");
        frontEnd.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/") || path.equals("/index.html")) {
                body = resource("index.html").replace("<head>",
                        "<head>\n  <meta name=\"wslab-server\" content=\"" + servers.get() + "\">").getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (types.containsKey(path)) {
                body = resource(path.substring(1)).getBytes(StandardCharsets.UTF_8);
                type = types.get(path) + "; charset=utf-8";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        frontEnd.start();
        return frontEnd;
    }

    private static String resource(String name) {
        try (InputStream in = PageClusterFailoverBrowserTest.class.getClassLoader().getResourceAsStream("web/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
