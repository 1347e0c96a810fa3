package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.cli.ResumingChatClient;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RedisServer;
import dev.wslab.client.ClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A node of a cluster stops gracefully (1001 to its clients, as in a rolling restart): its client
 * reconnects to the next node of its list and resumes the same session there (the stopping node leaves
 * the session's record in Redis), with every message of the room once.
 */
class RollingRestartResumeTest {

    @Test
    void aClientOfAStoppingNodeResumesOnTheNext() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer b = ClusterNodes.node(redis, Duration.ofSeconds(3))) {
            ChatServer a = ClusterNodes.node(redis, Duration.ofSeconds(3));
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(b.chatUri(), Accounts.registerAndLogin(b, "ada"));
            ada.joinAndWait("r");
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            List<String> status = new CopyOnWriteArrayList<>();
            try (ResumingChatClient bob = new ResumingChatClient(List.of(a.chatUri(), b.chatUri()), Accounts.registerAndLogin(a, "bob"),
                    ClientOptions.builder(), events::add, status::add)) {
                bob.join("r");
                ada.awaitEver(ServerEvent.UserJoined.class, j -> j.userName().equals("bob"));
                Thread talk = new Thread(() -> {
                    for (int i = 1; i <= 60; i++) {
                        ada.message("r", "m" + i, "a" + i);
                        ClusterNodes.sleep(20);
                    }
                });
                talk.start();
                ClusterNodes.sleep(300);
                a.stop();
                talk.join(30_000);
                ClusterNodes.awaitTrue(Duration.ofSeconds(30), () -> texts(events).contains("m60"), "bob heard m60; status " + status);
                ClusterNodes.sleep(300);
                assertThat(bob.resumes()).as("status " + status).isEqualTo(1);
                assertThat(bob.refusedResumes()).isZero();
                assertThat(b.context().sessions().resumes()).isEqualTo(1);
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 60; i++) {
                    expected.add("m" + i);
                }
                assertThat(texts(events)).containsExactlyElementsOf(expected);
                Map<String, Integer> ids = new HashMap<>();
                events.stream().filter(e -> e.path("type").asText().equals("message"))
                        .forEach(e -> ids.merge(e.path("id").asText(), 1, Integer::sum));
                assertThat(ids.values()).allMatch(n -> n == 1);
            }
            ada.close();
        }
    }

    private static List<String> texts(List<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("message")) {
                out.add(event.path("message").asText());
            }
        }
        return out;
    }
}
