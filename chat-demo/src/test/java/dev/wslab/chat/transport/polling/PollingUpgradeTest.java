package dev.wslab.chat.transport.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's transport upgrade, on one session: a client starts on long polling, makes its session
 * resumable, and while another user posts 100 messages it moves the same session to a WebSocket with
 * {@code resume}: each message arrives exactly once, in order, over one transport or the other, and
 * the room never sees it leave. With WebSocket not served ({@code --transports polling}) the upgrade
 * fails and the client keeps chatting over polling.
 */
class PollingUpgradeTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private ChatServer start(List<String> transports) {
        server = TestServers.start(TestServers.config().transports(transports),
                ServerParts.builder().extension(new PollingTransport()));
        return server;
    }

    /** Polls once; returns the texts of the messages and updates the highest seq in {@code lastSeq[0]}. */
    private static List<String> pollMessages(PollClient client, long[] lastSeq, String[] token) {
        PollClient.Answer answer = client.poll("1");
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        for (JsonNode event : answer.body().get("events")) {
            if (event.path("type").asText().equals("session")) {
                token[0] = event.path("resumeToken").asText();
                lastSeq[0] = event.path("seq").asLong();
                continue;
            }
            if (event.has("seq")) {
                assertThat(event.get("seq").asLong()).isEqualTo(lastSeq[0] + 1);
                lastSeq[0] = event.get("seq").asLong();
            }
            if (event.path("type").asText().equals("message")) {
                texts.add(event.path("message").asText());
            }
        }
        return texts;
    }

    @Test
    void aPollingClientMovesItsSessionToAWebSocketMidTrafficAndSeesEachMessageOnce() throws Exception {
        start(List.of("polling", "websocket"));
        String adaToken = Accounts.registerAndLogin(server, "ada");
        PollClient ada = PollClient.open(server, adaToken);
        assertThat(ada.command("{\"type\":\"session\",\"id\":\"s0\"}").status()).isEqualTo(202);
        long[] lastSeq = {0};
        String[] resumeToken = {null};
        ada.join("r", "j1");
        List<String> got = new ArrayList<>(pollMessages(ada, lastSeq, resumeToken));
        assertThat(resumeToken[0]).isNotNull();

        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            Thread sender = new Thread(() -> {
                for (int i = 1; i <= 100; i++) {
                    bob.message("r", "m" + i, "b" + i);
                    try {
                        Thread.sleep(3);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sender.start();
            while (got.size() < 30) {
                got.addAll(pollMessages(ada, lastSeq, resumeToken));
            }
            // The upgrade: the same session, now over a WebSocket, from the last event polled.
            try (JdkChatClient upgraded = JdkChatClient.connectWithHeader(server.chatUri(), adaToken)) {
                upgraded.send("{\"type\":\"resume\",\"token\":\"" + resumeToken[0] + "\",\"seq\":" + lastSeq[0] + ",\"id\":\"u\"}");
                ServerEvent.Resumed resumed = upgraded.await(ServerEvent.Resumed.class, r -> "u".equals(r.id()));
                assertThat(resumed.fromSeq()).isEqualTo(lastSeq[0]);
                upgraded.await(ServerEvent.Message.class, m -> m.message().equals("m100"));
                sender.join();
                Thread.sleep(200); // a duplicate would arrive now
                for (ServerEvent event : upgraded.drainAll()) {
                    if (event instanceof ServerEvent.Message message) {
                        got.add(message.message());
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    expected.add("m" + i);
                }
                assertThat(got).containsExactlyElementsOf(expected);
                // The poll session has ended without its user leaving: it says where the session went
                // (after the events still in its stream, which the WebSocket replayed: a client stops
                // polling once it sends resume).
                PollClient.Answer after = ada.poll("0");
                for (int i = 0; i < 10 && after.status() == 200; i++) {
                    after = ada.poll("0");
                }
                assertThat(after.status()).isEqualTo(410);
                assertThat(after.body().path("reason").asText()).contains("moved to another connection");
                assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
                assertThat(server.chat().members("r")).containsExactly("ada", "bob");
                assertThat(server.context().sessions().resumes()).isEqualTo(1);
            }
        }
    }

    @Test
    void withWebSocketNotServedTheUpgradeFailsAndPollingGoesOn() {
        start(List.of("polling"));
        String adaToken = Accounts.registerAndLogin(server, "ada");
        PollClient ada = PollClient.open(server, adaToken);
        ada.command("{\"type\":\"session\",\"id\":\"s0\"}");
        ada.join("r", "j1");
        assertThatThrownBy(() -> JdkChatClient.connectWithHeader(server.chatUri(), adaToken)).isNotNull();
        PollClient bob = PollClient.open(server, Accounts.registerAndLogin(server, "bob"));
        bob.join("r", "j2");
        bob.message("r", "still polling", "b1");
        ada.await(ServerEvent.Message.class, m -> m.message().equals("still polling"));
        assertThat(server.openWebSockets()).isZero();
    }
}
