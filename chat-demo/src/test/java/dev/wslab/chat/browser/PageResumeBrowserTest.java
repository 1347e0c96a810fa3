package dev.wslab.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.CuttingProxy;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.web.WebClients;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page loses its network for three seconds (a proxy between Chromium and the server resets the
 * connection and refuses new ones) while another user keeps posting: the page resumes its session and
 * shows every message once, in order, and the room never sees it leave.
 */
class PageResumeBrowserTest {

    private static ChatPage browser;

    private ChatServer server;
    private CuttingProxy proxy;

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

    @AfterEach
    void stop() throws Exception {
        browser.leave();
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void thePageResumesAfterThreeSecondsOfflineWithNoMessageLostOrRepeated() throws Exception {
        // The page reaches the server through the proxy's port, so that Host is one of its names too.
        server = TestServers.start(TestServers.config().publicHosts(List.of("127.0.0.1:*")),
                WebClients.addTo(ServerParts.builder()));
        proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", server.port()));
        ChatPage ada = browser.visitExactly(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                .register("ada", "password-ada");
        // The page's default, as the seed's: long polling first, then the same session moved to a WebSocket.
        assertThat(ada.status()).contains("upgraded from long polling").contains("resumable");
        ada.join("r");
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                expected.add("n" + i);
            }
            for (int i = 1; i <= 10; i++) {
                bob.message("r", "n" + i, "b" + i);
            }
            ada.awaitMessage("bob", "n10");

            proxy.refuse(true);
            proxy.cut();
            ada.awaitDisconnected();
            for (int i = 11; i <= 30; i++) {
                bob.message("r", "n" + i, "b" + i); // posted while the page is offline
            }
            Thread.sleep(3000);
            proxy.refuse(false);

            ada.awaitConnected();
            ada.awaitMessage("bob", "n30");
            assertThat(ada.status()).contains("resumed");
            ada.send("back online");
            bob.await(ServerEvent.Message.class, m -> m.message().equals("back online"));
            ada.awaitMessage("ada", "back online"); // her own copy can reach her page after bob's reached him
            assertThat(ada.messages()).containsExactlyElementsOf(concat(expected, "back online"));
            assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            // Two resumes of one session: the upgrade from polling, and the comeback after the cut.
            assertThat(server.context().sessions().resumes()).isEqualTo(2);
            ada.screenshot(ChatPageBrowserTest.SCREENSHOTS.resolve("chat-resumed.png"));
        }
    }

    @Test
    void withWebSocketNotServedThePageStaysOnPollingAndSaysSo() {
        server = TestServers.start(TestServers.config().transports(List.of("polling")), WebClients.addTo(ServerParts.builder()));
        ChatPage ada = browser.visit(server.httpUri());
        ada.registerStayingOnPolling("ada", "password-ada");
        assertThat(ada.status()).contains("long polling").contains("WebSocket unavailable");
        ada.join("p");
        ada.send("over polling only");
        ada.awaitMessage("ada", "over polling only");
        assertThat(server.openWebSockets()).isZero();
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }
}
