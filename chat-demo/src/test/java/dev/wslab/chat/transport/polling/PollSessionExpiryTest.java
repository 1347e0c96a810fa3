package dev.wslab.chat.transport.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sessions that stop polling, and clients that fall behind, end like a WebSocket that goes away. */
class PollSessionExpiryTest {

    @Test
    void aSessionThatStopsPollingExpiresAndItsUserLeavesItsRoomsExactlyOnce() throws Exception {
        PollingTransport polling = new PollingTransport(PollingConfig.defaults()
                .withDefaultWait(Duration.ofMillis(300)).withSessionExpiry(Duration.ofMillis(700)));
        try (ChatServer server = TestServers.start(TestServers.config(), ServerParts.builder().extension(polling))) {
            String ada = Accounts.registerAndLogin(server, "ada");
            String bob = Accounts.registerAndLogin(server, "bob");
            PollClient a = PollClient.open(server, ada);
            try (JdkChatClient b = JdkChatClient.connectWithSubprotocol(server.chatUri(), bob)) {
                a.join("r1", "j1");
                a.join("r2", "j2");
                b.joinAndWait("r1");
                b.joinAndWait("r2");
                // Long polls keep the session alive well past the expiry time.
                for (int i = 0; i < 4; i++) {
                    assertThat(a.poll(null).status()).isEqualTo(200);
                }
                assertThat(polling.activeSessions()).isEqualTo(1);

                // Ada stops polling: her session expires, she leaves both rooms and goes offline.
                b.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada") && l.room().equals("r1"));
                b.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada") && l.room().equals("r2"));
                assertThat(polling.activeSessions()).isZero();

                PollClient.Answer late = a.poll("0");
                assertThat(late.status()).isEqualTo(410);
                assertThat(late.body().get("error").asText()).isEqualTo("session_ended");
                assertThat(late.body().get("reason").asText()).contains("expired");

                // Exactly once: a message round trip later, no second userLeft has come.
                b.message("r1", "still here", "m");
                b.await(ServerEvent.Ok.class, ok -> "m".equals(ok.id()));
                assertThat(b.drainAll()).filteredOn(e -> e instanceof ServerEvent.UserLeft)
                        .containsExactly(new ServerEvent.UserLeft("r1", "ada"), new ServerEvent.UserLeft("r2", "ada"));
                assertThat(server.chat().onlineUsers()).containsExactly("bob");
            }
        }
    }

    @Test
    void aSessionEndsWhenItsTokenExpiresAsAWebSocketClosesWith4001() throws Exception {
        PollingTransport polling = new PollingTransport();
        // JWT times are whole seconds, so a 3 s token has at least 2 s left when it is first used:
        // enough for register, login, open and join on a busy machine (2 s left only 1 s).
        try (ChatServer server = TestServers.start(TestServers.config().tokenLifetime(Duration.ofSeconds(3)), ServerParts.builder().extension(polling))) {
            String ada = Accounts.registerAndLogin(server, "ada");
            PollClient a = PollClient.open(server, ada);
            a.join("ball", "j");
            PollClient.Answer answer;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                answer = a.poll("1");
            } while (answer.status() == 200 && System.nanoTime() < deadline);
            // Either the session ended first (410 with the reason) or the token was already refused (401).
            if (answer.status() == 410) {
                assertThat(answer.body().get("reason").asText()).startsWith("token expired");
            } else {
                assertThat(answer.status()).isEqualTo(401);
            }
            long left = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!server.chat().members("ball").isEmpty() && System.nanoTime() < left) {
                Thread.sleep(20);
            }
            assertThat(server.chat().members("ball")).isEmpty();
            assertThat(polling.activeSessions()).isZero();
        }
    }

    @Test
    void aClientThatFallsTooFarBehindIsEndedAsASlowConsumer() {
        PollingTransport polling = new PollingTransport(PollingConfig.defaults().withPendingLimits(20, 1 << 20));
        try (ChatServer server = TestServers.start(TestServers.config(), ServerParts.builder().extension(polling))) {
            String ada = Accounts.registerAndLogin(server, "ada");
            String bob = Accounts.registerAndLogin(server, "bob");
            PollClient a = PollClient.open(server, ada);
            try (JdkChatClient b = JdkChatClient.connectWithSubprotocol(server.chatUri(), bob)) {
                a.join("busy", "j");
                b.joinAndWait("busy");
                for (int i = 0; i < 30; i++) {
                    b.message("busy", "flood " + i, "m" + i);
                }
                b.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada"));
                // What was retained is still delivered, then the end with its reason.
                PollClient.Answer answer;
                int polls = 0;
                do {
                    answer = a.poll("0");
                } while (answer.status() == 200 && ++polls < 10);
                assertThat(answer.status()).isEqualTo(410);
                assertThat(answer.body().get("reason").asText()).contains("slow consumer");
                assertThat(a.received).hasSizeLessThanOrEqualTo(20);
            }
        }
    }
}
