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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's polling→WebSocket upgrade in Chromium while messages flow (issue 12): the page chats over
 * long polling first (a proxy holds back its {@code session} request for two seconds, so the page
 * joins and receives messages over polling before it can probe), then moves the same session to a
 * WebSocket while another user keeps posting. Every message shows once, in order, without a gap; the
 * room never sees the user leave; the server counts one resume (the upgrade).
 */
class PageUpgradeMidTrafficBrowserTest {

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
    void theUpgradeMidTrafficLosesAndRepeatsNoMessage() throws Exception {
        ChatServer server = TestServers.start(TestServers.config().publicHosts(List.of("127.0.0.1:*")),
                WebClients.addTo(ServerParts.builder()));
        try (CuttingProxy proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", server.port()));
             JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            proxy.hold("{\"type\":\"session\"", Duration.ofSeconds(2));
            ChatPage ada = browser.visitExactly(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                    .registerWithoutAwaitingTheUpgrade("ada", "password-ada");
            assertThat(ada.transportChoice()).isEqualTo("auto");
            ada.join("r");

            int total = 120;
            Thread talk = new Thread(() -> {
                for (int i = 1; i <= total; i++) {
                    bob.message("r", "u" + i, "b" + i);
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            talk.start();
            ada.awaitMessage("bob", "u3");
            String before = ada.status();
            assertThat(before).as("messages arrived over polling before the upgrade").contains("long polling")
                    .doesNotContain("upgraded");
            ada.awaitUpgraded();
            assertThat(ada.status()).contains("upgraded from long polling");
            talk.join(30_000);
            ada.awaitMessage("bob", "u" + total);
            Thread.sleep(300); // a repeated message would show by now

            List<String> shown = ada.messages();
            int first = Integer.parseInt(shown.get(0).substring(1));
            List<String> expected = new ArrayList<>();
            for (int i = first; i <= total; i++) {
                expected.add("u" + i);
            }
            assertThat(first).isLessThanOrEqualTo(3);
            assertThat(shown).containsExactlyElementsOf(expected);
            assertThat(server.context().sessions().resumes()).isEqualTo(1);
            assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            browser.leave();
        } finally {
            server.stop();
        }
    }
}
