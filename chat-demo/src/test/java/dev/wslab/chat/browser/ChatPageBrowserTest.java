package dev.wslab.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.polling.PollingTransport;
import dev.wslab.chat.web.WebClients;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat page in a real browser (Debian's headless Chromium): two people log in, join a room and
 * talk over each transport; the frame inspector shows the handshake and the frames; a page whose
 * server goes away reconnects and rejoins its rooms. Screenshots land in {@code target/screenshots/}.
 */
class ChatPageBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private ChatServer server;
    private PollingTransport polling;
    /** Accounts live in the embedded database; a restarted server on the same directory still knows them. */
    @org.junit.jupiter.api.io.TempDir
    Path dataDir;

    /** Two browsers for the whole class: starting Chromium is the slowest step of these tests. */
    private static ChatPage first;
    private static ChatPage second;

    @BeforeAll
    static void startBrowsers() {
        HeadlessChromium.requireInstalled();
        first = ChatPage.start();
        second = ChatPage.start();
    }

    @AfterAll
    static void quitBrowsers() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private ChatServer start(int port) {
        return start(TestServers.config().port(port));
    }

    private ChatServer start(ChatServerConfig.Builder config) {
        polling = new PollingTransport();
        server = TestServers.start(config.dataDir(dataDir.toString()), WebClients.addTo(ServerParts.builder(), polling));
        return server;
    }

    @AfterEach
    void stop() {
        // Issue 10: the page works under its CSP (no inline script, own origin only) and Chromium
        // reported no violation while it did: registering, chatting, polling, inspecting.
        List<String> violations = new java.util.ArrayList<>(first.cspViolations());
        violations.addAll(second.cspViolations());
        // Leaving the page first ends its connection cleanly, so no reconnect loop outlives the test.
        first.leave();
        second.leave();
        if (server != null) {
            server.stop();
        }
        assertThat(violations).as("Content-Security-Policy violations in the browser console").isEmpty();
    }

    @Test
    void thePolicyRefusesAnInlineScriptAndTheConsoleSaysSo() {
        start(0);
        ChatPage page = first.visit(server.httpUri());
        assertThat(page.inlineScriptRuns()).isFalse();
        // The check the other tests rely on sees a violation when there is one.
        assertThat(page.cspViolations()).isNotEmpty();
    }

    @Test
    void twoBrowsersChatOverWebSocketAndTheInspectorShowsTheirFrames() {
        start(0);
        Accounts.post(server, "/api/register", Accounts.credentials("bob", "password-bob"));
        ChatPage ada = first.visit(server.httpUri());
        ChatPage bob = second.visit(server.httpUri());
        ada.register("ada", "password-ada").enableInspector();
        assertThat(ada.status()).contains("WebSocket").contains("wslab.chat.v1");
        bob.login("bob", "password-bob");
        ada.join("lobby");
        ada.send("said before bob came");
        ada.awaitMessage("ada", "said before bob came");
        bob.join("lobby");
        ada.awaitSystemLine("bob joined");
        // Bob joined after it was said: it reaches his page in the room's history.
        bob.awaitMessage("ada", "said before bob came");

        bob.send("hi ada");
        ada.awaitMessage("bob", "hi ada");
        ada.send("hello bob, over WebSocket");
        bob.awaitMessage("ada", "hello bob, over WebSocket");
        assertThat(bob.messages()).containsExactly("said before bob came", "hi ada", "hello bob, over WebSocket");
        assertThat(ada.roomMembers()).containsExactly("ada", "bob");
        bob.awaitOnlineUsers(List.of("ada", "bob"));

        // The handshake as the server saw it, the token redacted, and its 101.
        String handshake = ada.handshakeText();
        assertThat(handshake).contains("GET /ws?inspect=").contains("Sec-WebSocket-Protocol: wslab.chat.v1, bearer.[redacted]")
                .contains("101 Switching Protocols").contains("Sec-WebSocket-Accept:");
        assertThat(handshake).doesNotContain("eyJ");
        // A frame from the browser: masked with a key; one from the server: unmasked.
        List<String> sent = ada.awaitInspectorRow("to server", "TEXT", "hello bob, over WebSocket");
        assertThat(sent.get(2)).isEqualTo("1");                    // FIN
        assertThat(sent.get(4)).isEqualTo("1");                    // MASK
        assertThat(sent.get(5)).matches("[0-9a-f]{2}( [0-9a-f]{2}){3}"); // masking key
        List<String> received = ada.awaitInspectorRow("to browser", "TEXT", "hi ada");
        assertThat(received.get(4)).isEqualTo("0");
        assertThat(received.get(5)).isEqualTo("—");
        // permessage-deflate (RFC 7692), as Chromium offers it and the server accepts it by default: the page's
        // WebSocket is compressed both ways. Each compressed frame shows RSV1, its size on the wire and the size
        // it inflates to, its DEFLATE bytes, and the inflated text.
        assertThat(handshake).contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
                .containsPattern("101 Switching Protocols[\\s\\S]*Sec-WebSocket-Extensions: permessage-deflate");
        for (List<String> frame : List.of(sent, received)) {
            assertThat(frame.get(3)).contains("TEXT").contains("RSV1");
            assertThat(frame.get(6)).matches("\\d+ \\(7-bit\\) → \\d+ inflated");
            assertThat(frame.get(7)).contains("compressed").contains("on the wire:");
        }
        long wire = Long.parseLong(received.get(6).split(" ")[0]);
        long inflated = Long.parseLong(received.get(6).split("→ ")[1].split(" ")[0]);
        assertThat(wire).as("the server's JSON line travels compressed").isLessThan(inflated);

        ada.screenshot(SCREENSHOTS.resolve("chat-websocket-inspector.png"));
        bob.screenshot(SCREENSHOTS.resolve("chat-websocket-second-user.png"));
    }

    @Test
    void twoBrowsersChatOverLongPolling() {
        start(0);
        Accounts.post(server, "/api/register", Accounts.credentials("cleo", "password-cleo"));
        Accounts.post(server, "/api/register", Accounts.credentials("dan", "password-dan"));
        ChatPage cleo = first.visit(server.httpUri());
        ChatPage dan = second.visit(server.httpUri());
        cleo.login("cleo", "password-cleo").useTransport("polling").enableInspector();
        dan.login("dan", "password-dan").useTransport("polling");
        assertThat(polling.activeSessions()).isEqualTo(2);
        assertThat(server.openWebSockets()).isZero();

        cleo.join("http");
        dan.join("http");
        cleo.awaitSystemLine("dan joined");
        cleo.send("polling works");
        dan.awaitMessage("cleo", "polling works");
        dan.send("both ways");
        cleo.awaitMessage("dan", "both ways");
        assertThat(cleo.messages()).containsExactly("polling works", "both ways");

        // On long polling the panel lists the page's own HTTP requests (there are no frames).
        cleo.awaitInspectorRow("HTTP", "POST", "/commands");
        cleo.awaitInspectorRow("HTTP", "GET", "/events?cursor=");
        cleo.screenshot(SCREENSHOTS.resolve("chat-long-polling.png"));
    }

    @Test
    void theRoomDirectoryFollowsThePagesOfApiRoomsAndSaysHowManyMoreThereAre() {
        // One room per page: the page follows `next` for ten pages and counts the rest.
        start(TestServers.config().port(0).limits(TestServers.GENEROUS_LIMITS.toBuilder().roomsPageSize(1).build()));
        String token = Accounts.registerAndLogin(server, "gus");
        List<String> rooms = IntStream.range(0, 12).mapToObj(i -> String.format("room-%02d", i)).toList();
        try (JdkChatClient gus = JdkChatClient.connectWithHeader(server.chatUri(), token)) {
            rooms.forEach(gus::joinAndWait);
            ChatPage hal = first.visit(server.httpUri()).register("hal", "password-hal");
            assertThat(hal.awaitDirectory(rooms.subList(0, 10))).isEqualTo("and 2 more rooms");
        }
    }

    @Test
    void aPollingPageAndAWebSocketPageShareARoomAndReconnectAfterTheServerReturns() {
        int port = start(0).port();
        Accounts.post(server, "/api/register", Accounts.credentials("eve", "password-eve"));
        Accounts.post(server, "/api/register", Accounts.credentials("fay", "password-fay"));
        ChatPage eve = first.visit(server.httpUri());
        ChatPage fay = second.visit(server.httpUri());
        eve.login("eve", "password-eve");
        fay.login("fay", "password-fay").useTransport("polling");
        eve.join("mixed");
        fay.join("mixed");
        eve.send("from a WebSocket");
        fay.awaitMessage("eve", "from a WebSocket");
        fay.send("from long polling");
        eve.awaitMessage("fay", "from long polling");

        // The server goes away and comes back on the same port (same accounts, same signing key):
        // both pages reconnect with backoff and join their rooms again without any click.
        server.stop();
        eve.awaitDisconnected();
        fay.awaitDisconnected();
        server = TestServers.start(TestServers.config().port(port).dataDir(dataDir.toString()),
                WebClients.addTo(ServerParts.builder(), polling = new PollingTransport()));
        eve.awaitConnected();
        fay.awaitConnected();
        long deadline = System.nanoTime() + ChatPage.WAIT.toNanos();
        while (server.chat().members("mixed").size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.chat().members("mixed")).containsExactlyInAnyOrder("eve", "fay");
        eve.send("after the restart");
        fay.awaitMessage("eve", "after the restart");
        eve.awaitMessage("eve", "after the restart");
    }
}
