package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.cli.ResumingChatClient;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.NodeProcess;
import dev.wslab.chat.support.RedisServer;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.polling.PollingTransport;
import dev.wslab.client.ClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's cross-node resume, with real processes: a user logs in on node A, chats through node B,
 * and B is killed with SIGKILL mid-traffic. The client (its list of URLs: B, then A) resumes the same
 * session on A: the session's log and rooms live in Redis, so A replays exactly what the client missed
 * (the log after its last event, then each room's stream after the log's position) and the client
 * has every message that got an {@code ok} exactly once, with event numbers that neither skip nor
 * repeat; its own unacknowledged messages, resent on A, are posted once; and the room never hears
 * that it left.
 */
class CrossNodeResumeTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aClientOfAKilledNodeResumesOnAnotherWithEveryAcknowledgedMessageExactlyOnce() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, NODE_TIMEOUT);
             NodeProcess b = NodeProcess.start("--redis", redis.uri(), "--node-timeout", Long.toString(NODE_TIMEOUT.toSeconds()))) {
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            ada.joinAndWait("lobby");
            for (int i = 0; i < 5; i++) {
                ada.message("lobby", "before " + i, "p" + i);
            }
            // bob's account and token come from node A; his connection goes to B first.
            String bobToken = Accounts.registerAndLogin(a, "bob");
            List<JsonNode> bobEvents = new CopyOnWriteArrayList<>();
            List<String> bobStatus = new CopyOnWriteArrayList<>();
            try (ResumingChatClient bob = new ResumingChatClient(List.of(b.chatUri(), a.chatUri()), bobToken,
                    ClientOptions.builder(), bobEvents::add, bobStatus::add)) {
                bob.join("lobby");
                ClusterNodes.awaitTrue(WAIT, () -> bob.unanswered() == 0 && a.chat().members("lobby").contains("bob"), "bob is in the lobby");
                ada.awaitEver(ServerEvent.UserJoined.class, j -> j.userName().equals("bob"));

                // ada and bob talk; B dies in the middle of it.
                int adaCount = 200;
                Thread adaTalks = new Thread(() -> {
                    for (int i = 0; i < adaCount; i++) {
                        ada.message("lobby", "ada " + i, "a" + i);
                        ClusterNodes.sleep(10);
                    }
                });
                List<String> bobSent = new ArrayList<>();
                Thread bobTalks = new Thread(() -> {
                    // 15 in about 2 s: within a node's default rate (20 commands per 10 s, session and join included).
                    for (int i = 0; i < 15; i++) {
                        bob.message("lobby", "bob " + i);
                        synchronized (bobSent) {
                            bobSent.add("bob " + i);
                        }
                        ClusterNodes.sleep(150);
                    }
                });
                adaTalks.start();
                bobTalks.start();
                ClusterNodes.awaitTrue(WAIT, () -> texts(bobEvents).stream().filter(t -> t.startsWith("ada ")).count() >= 60, "bob heard 60 of ada's");
                b.kill();
                adaTalks.join(WAIT.toMillis());
                bobTalks.join(WAIT.toMillis());
                ada.message("lobby", "the end", "end");
                ClusterNodes.awaitTrue(WAIT, () -> texts(bobEvents).contains("the end") && bob.unanswered() == 0,
                        "bob resumed on A and heard the end; status: " + bobStatus);

                assertThat(bob.resumes()).as("status: " + bobStatus).isEqualTo(1);
                assertThat(bob.refusedResumes()).isZero();
                assertThat(bob.currentUrl()).isEqualTo(a.chatUri());
                assertThat(a.context().sessions().resumes()).isEqualTo(1);

                // Every message ada got an ok for reached bob exactly once (live, replayed or in the history).
                List<ServerEvent> adaSaw = ada.drainAll();
                List<String> acknowledged = new ArrayList<>();
                for (ServerEvent event : adaSaw) {
                    if (event instanceof ServerEvent.Ok ok && ok.messageId() != null && ok.id().startsWith("a")) {
                        acknowledged.add(ok.messageId());
                    }
                }
                assertThat(acknowledged).hasSize(adaCount); // A never died: all of ada's were accepted
                Map<String, Integer> bobGot = ClusterNodes.messageIdCounts(bobEvents);
                assertThat(bobGot.values()).as("no message twice; the repeated ones: " + repeated(bobEvents, bobGot)
                        + "; status: " + bobStatus).allMatch(n -> n == 1);
                assertThat(bobGot.keySet()).containsAll(acknowledged);

                // The numbers run on without a gap or a repeat, across the two nodes.
                long previous = 0;
                for (JsonNode event : bobEvents) {
                    if (event.has("seq")) {
                        assertThat(event.get("seq").asLong()).isEqualTo(previous + 1);
                        previous = event.get("seq").asLong();
                    }
                }
                // bob's messages: each answered, each posted once (a resend of one B had accepted is a duplicate).
                List<String> adaHeardFromBob = new ArrayList<>();
                for (ServerEvent event : adaSaw) {
                    if (event instanceof ServerEvent.Message m && m.sender().userName().equals("bob")) {
                        adaHeardFromBob.add(m.message());
                    }
                }
                assertThat(adaHeardFromBob).doesNotHaveDuplicates();
                assertThat(adaHeardFromBob).as("bob's answers: " + bobEvents.stream()
                                .filter(e -> e.path("type").asText().equals("error") || e.path("type").asText().equals("ok")).toList()
                                + "; status: " + bobStatus)
                        .containsExactlyInAnyOrderElementsOf(bobSent);

                // Past the node timeout: B's death is noticed, yet bob never left the room.
                ClusterNodes.sleep(NODE_TIMEOUT.toMillis() + 2000);
                assertThat(ada.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
                assertThat(adaSaw).noneMatch(e -> e instanceof ServerEvent.UserLeft);
                assertThat(a.chat().members("lobby")).containsExactlyInAnyOrder("ada", "bob");
                bob.message("lobby", "still here");
                ada.await(ServerEvent.Message.class, m -> m.message().equals("still here"));
            }
            ada.close();
        }
    }

    /**
     * The history a member got on join is part of its log: a resume on another node replays only what
     * came after the client's last event (no second {@code history}), and the messages posted while it was
     * away arrive once each, as messages.
     */
    @Test
    void historyGotOnJoinAndTheResumeReplayDoNotOverlap() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, NODE_TIMEOUT);
             NodeProcess b = NodeProcess.start("--redis", redis.uri(), "--node-timeout", Long.toString(NODE_TIMEOUT.toSeconds()))) {
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            ada.joinAndWait("r");
            for (int i = 0; i < 5; i++) {
                ada.message("r", "earlier " + i, "e" + i);
            }
            ClusterNodes.awaitCount(ada, e -> e instanceof ServerEvent.Ok ok && ok.messageId() != null, 5, 10);
            List<JsonNode> bobEvents = new CopyOnWriteArrayList<>();
            List<String> bobStatus = new CopyOnWriteArrayList<>();
            try (ResumingChatClient bob = new ResumingChatClient(List.of(b.chatUri(), a.chatUri()),
                    Accounts.registerAndLogin(a, "bob"), ClientOptions.builder(), bobEvents::add, bobStatus::add)) {
                bob.join("r");
                ClusterNodes.awaitTrue(WAIT, () -> bobEvents.stream().anyMatch(e -> e.path("type").asText().equals("history")), "bob got the history");
                b.kill();
                for (int i = 0; i < 5; i++) {
                    ada.message("r", "while away " + i, "w" + i);
                }
                ClusterNodes.awaitTrue(WAIT, () -> texts(bobEvents).contains("while away 4"), "bob resumed; status: " + bobStatus);
                ClusterNodes.sleep(300);

                assertThat(bob.resumes()).isEqualTo(1);
                assertThat(bobEvents.stream().filter(e -> e.path("type").asText().equals("history"))).hasSize(1);
                JsonNode history = bobEvents.stream().filter(e -> e.path("type").asText().equals("history")).findFirst().orElseThrow();
                List<String> historyTexts = new ArrayList<>();
                history.path("messages").forEach(m -> historyTexts.add(m.path("message").asText()));
                assertThat(historyTexts).containsExactly("earlier 0", "earlier 1", "earlier 2", "earlier 3", "earlier 4");
                List<String> live = texts(bobEvents);
                assertThat(live).containsExactly("while away 0", "while away 1", "while away 2", "while away 3", "while away 4");
                assertThat(ClusterNodes.messageIdCounts(bobEvents).values()).allMatch(n -> n == 1);
            }
            ada.close();
        }
    }

    /**
     * The same failover for a client on HTTP long polling: its poll session dies with node B, so it opens a new
     * poll session on A and sends its resume token there (before, it started a new chat session and joined
     * again, and what was posted while it was away reached it only through the bounded history, if at all).
     */
    @Test
    void aPollingClientOfAKilledNodeResumesOnAnotherByItsToken() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = TestServers.start(TestServers.config().redis(redis.uri()).nodeTimeout(NODE_TIMEOUT),
                     ServerParts.builder().extension(new PollingTransport()));
             NodeProcess b = NodeProcess.start("--redis", redis.uri(), "--node-timeout", Long.toString(NODE_TIMEOUT.toSeconds()))) {
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            ada.joinAndWait("lobby");
            List<JsonNode> bobEvents = new CopyOnWriteArrayList<>();
            List<String> bobStatus = new CopyOnWriteArrayList<>();
            try (ResumingChatClient bob = new ResumingChatClient(List.of(b.chatUri(), a.chatUri()), ResumingChatClient.Transport.POLLING,
                    Accounts.registerAndLogin(a, "bob"), ClientOptions.builder(), bobEvents::add, bobStatus::add)) {
                bob.join("lobby");
                ClusterNodes.awaitTrue(WAIT, () -> bob.unanswered() == 0 && a.chat().members("lobby").contains("bob"), "bob is in the lobby");
                int adaCount = 100;
                Thread adaTalks = new Thread(() -> {
                    for (int i = 0; i < adaCount; i++) {
                        ada.message("lobby", "ada " + i, "a" + i);
                        ClusterNodes.sleep(20);
                    }
                });
                adaTalks.start();
                ClusterNodes.awaitTrue(WAIT, () -> texts(bobEvents).size() >= 20, "bob heard 20 of ada's over polling");
                b.kill();
                adaTalks.join(WAIT.toMillis());
                ada.message("lobby", "the end", "end");
                ClusterNodes.awaitTrue(WAIT, () -> texts(bobEvents).contains("the end"), "bob resumed on A and heard the end; status: " + bobStatus);

                assertThat(bob.transport()).isEqualTo("polling");
                assertThat(bob.currentUrl()).isEqualTo(a.chatUri());
                assertThat(bob.resumes()).as("status: " + bobStatus).isEqualTo(1);
                assertThat(bob.refusedResumes()).isZero();
                assertThat(bobStatus).anyMatch(line -> line.startsWith("the poll session was lost; resuming after event"));
                // Every message of ada's reached bob exactly once, in order, and the numbers neither skip nor repeat.
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < adaCount; i++) {
                    expected.add("ada " + i);
                }
                expected.add("the end");
                assertThat(texts(bobEvents)).as("status: " + bobStatus).containsExactlyElementsOf(expected);
                long previous = 0;
                for (JsonNode event : bobEvents) {
                    if (event.has("seq")) {
                        assertThat(event.get("seq").asLong()).isEqualTo(previous + 1);
                        previous = event.get("seq").asLong();
                    }
                }
                assertThat(bobEvents.stream().filter(e -> e.path("type").asText().equals("history")).count())
                        .as("no second join's history").isLessThanOrEqualTo(1);
                bob.message("lobby", "still here");
                ada.await(ServerEvent.Message.class, m -> m.message().equals("still here"));
                assertThat(ada.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            }
            ada.close();
        }
    }

    /** The events (with their numbers) that carry a message id seen more than once, for the failure message. */
    private static List<String> repeated(List<JsonNode> events, Map<String, Integer> counts) {
        List<String> out = new ArrayList<>();
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            if (type.equals("message") && counts.get(event.path("id").asText()) > 1) {
                out.add(event.toString());
            } else if (type.equals("history")) {
                event.path("messages").forEach(m -> {
                    if (counts.get(m.path("id").asText()) > 1) {
                        out.add("in history seq " + event.path("seq").asText() + ": " + m);
                    }
                });
            }
        }
        return out;
    }

    /** Texts of the live {@code message} events, in order. */
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
