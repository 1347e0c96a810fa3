package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.cli.ResumingChatClient;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.NodeProcess;
import dev.wslab.chat.support.RedisServer;
import dev.wslab.client.ClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's rolling restart, with real processes: a real Redis and two nodes A and B. A client on A
 * sends numbered messages throughout while A is stopped with SIGTERM (graceful: 1001 to its clients),
 * started again on the same port, then B is stopped the same way and started again. The sender (URLs A,
 * B) resumes its session on B and later on A; a receiver (URLs B, A) resumes on A when B stops. Every
 * message the sender got an {@code ok} for reaches both members exactly once (a real duplicate, under
 * the same or another message id, fails); every message sent is answered with an ok (a resend whose
 * first ok was still in the resume's replay is answered again, {@code duplicate}, same message); each client's event
 * numbers run on without a gap or a repeat across both restarts; no resume is refused; and neither member
 * hears that the other left.
 */
class RollingRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRollingRestartOfTwoNodesUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String[] args = {"--redis", redis.uri(), "--node-timeout", "3", "--shutdown-timeout", "5",
                    "--message-rate", "10000/10s", "--message-abuse", "10000/10s"};
            NodeProcess a = NodeProcess.start(args);
            NodeProcess b = NodeProcess.start(args);
            List<NodeProcess> started = new CopyOnWriteArrayList<>(List.of(a, b));
            try {
                List<JsonNode> samEvents = new CopyOnWriteArrayList<>();
                List<String> samStatus = new CopyOnWriteArrayList<>();
                List<JsonNode> ritaEvents = new CopyOnWriteArrayList<>();
                List<String> ritaStatus = new CopyOnWriteArrayList<>();
                try (ResumingChatClient sam = new ResumingChatClient(List.of(a.chatUri(), b.chatUri()),
                             Accounts.registerAndLogin(a.httpUri(), "sam"), ClientOptions.builder(), samEvents::add, samStatus::add);
                     ResumingChatClient rita = new ResumingChatClient(List.of(b.chatUri(), a.chatUri()),
                             Accounts.registerAndLogin(b.httpUri(), "rita"), ClientOptions.builder(), ritaEvents::add, ritaStatus::add)) {
                    rita.join("lobby");
                    ClusterNodes.awaitTrue(WAIT, () -> rita.unanswered() == 0, "rita joined; status " + ritaStatus);
                    sam.join("lobby");
                    ClusterNodes.awaitTrue(WAIT, () -> sam.unanswered() == 0, "sam joined; status " + samStatus);

                    // sam sends throughout: command id -> text.
                    Map<String, String> sent = new LinkedHashMap<>();
                    AtomicBoolean sending = new AtomicBoolean(true);
                    Thread sender = new Thread(() -> {
                        for (int i = 0; sending.get(); i++) {
                            String text = "m" + i;
                            String id = sam.message("lobby", text);
                            synchronized (sent) {
                                sent.put(id, text);
                            }
                            ClusterNodes.sleep(25);
                        }
                    }, "sam-sends");
                    sender.start();
                    long t0 = System.nanoTime();

                    // Roll A: stop it gracefully, its client moves to B; start it again where it was.
                    ClusterNodes.awaitTrue(WAIT, () -> count(ritaEvents, "message") >= 30, "rita hears sam before A's stop");
                    a.terminate();
                    assertThat(a.awaitExit(10_000)).as("A exits within its shutdown timeout; output:\n" + a.output())
                            .isIn(0, 143);
                    NodeProcess a2 = NodeProcess.startOn(a.port(), args);
                    started.add(a2);
                    ClusterNodes.awaitTrue(WAIT, () -> sam.resumes() == 1 && sam.currentUrl().equals(b.chatUri()),
                            "sam resumed on B; status " + samStatus);
                    int heard = count(ritaEvents, "message");
                    ClusterNodes.awaitTrue(WAIT, () -> count(ritaEvents, "message") >= heard + 30, "rita hears sam through B");

                    // Roll B: both clients are on B now; they move to the new A.
                    b.terminate();
                    assertThat(b.awaitExit(10_000)).as("B exits within its shutdown timeout; output:\n" + b.output())
                            .isIn(0, 143);
                    NodeProcess b2 = NodeProcess.startOn(b.port(), args);
                    started.add(b2);
                    ClusterNodes.awaitTrue(WAIT, () -> sam.resumes() == 2 && rita.resumes() == 1, "both resumed on the new A; sam " + samStatus
                            + "; rita " + ritaStatus);
                    int heardAgain = count(ritaEvents, "message");
                    ClusterNodes.awaitTrue(WAIT, () -> count(ritaEvents, "message") >= heardAgain + 30, "rita hears sam through the new A");

                    sending.set(false);
                    sender.join(WAIT.toMillis());
                    ClusterNodes.awaitTrue(WAIT, () -> sam.unanswered() == 0, "every message of sam's answered; status " + samStatus);
                    Map<String, String> all;
                    synchronized (sent) {
                        all = new LinkedHashMap<>(sent);
                    }
                    // The last message answered reaches both (what follows checks all of them).
                    ClusterNodes.awaitTrue(WAIT, () -> ClusterNodes.messageIdCounts(ritaEvents).keySet().containsAll(acknowledged(samEvents).values())
                                    && ClusterNodes.messageIdCounts(samEvents).keySet().containsAll(acknowledged(samEvents).values()),
                            "both members have every acknowledged message");
                    ClusterNodes.sleep(300);
                    System.out.printf("rolling restart: %d messages sent in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);

                    assertThat(sam.resumes()).as("sam: " + samStatus).isEqualTo(2);
                    assertThat(rita.resumes()).as("rita: " + ritaStatus).isEqualTo(1);
                    assertThat(sam.refusedResumes() + rita.refusedResumes()).isZero();
                    assertThat(sam.currentUrl()).isEqualTo(a.chatUri());
                    assertThat(rita.currentUrl()).isEqualTo(a.chatUri());

                    // Each message sent answered: an ok (with the posted message's id) or an error. A message
                    // resent on a resume before the replay of its ok came in is answered again, "duplicate", with
                    // the same message id (posted once all the same); any other second answer is a failure.
                    Map<String, List<JsonNode>> answers = new HashMap<>();
                    for (JsonNode event : samEvents) {
                        String type = event.path("type").asText();
                        String id = event.path("id").asText();
                        if (all.containsKey(id) && (type.equals("ok") || type.equals("error"))) {
                            answers.computeIfAbsent(id, k -> new ArrayList<>()).add(event);
                        }
                    }
                    assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(all.keySet());
                    List<JsonNode> errors = new ArrayList<>();
                    Map<String, String> acked = new LinkedHashMap<>();
                    int duplicateAnswers = 0;
                    for (List<JsonNode> answer : answers.values()) {
                        JsonNode first = answer.get(0);
                        if (first.path("type").asText().equals("error")) {
                            errors.add(first);
                        } else {
                            acked.put(first.path("id").asText(), first.path("messageId").asText());
                        }
                        for (JsonNode again : answer.subList(1, answer.size())) {
                            duplicateAnswers++;
                            assertThat(again.path("duplicate").asBoolean()).as("a second answer is a duplicate: " + answer).isTrue();
                            assertThat(again.path("messageId").asText()).as("of the same message: " + answer)
                                    .isEqualTo(first.path("messageId").asText());
                        }
                    }
                    System.out.printf("rolling restart: %d answered again as duplicate%n", duplicateAnswers);
                    assertThat(errors).as("messages refused").isEmpty();
                    assertThat(acked.values()).as("one posted message per ok").doesNotHaveDuplicates();

                    // Both members: every acknowledged message exactly once, and no text posted twice.
                    for (List<JsonNode> member : List.of(samEvents, ritaEvents)) {
                        Map<String, Integer> got = ClusterNodes.messageIdCounts(member);
                        assertThat(got.values()).as("no message id twice").allMatch(n -> n == 1);
                        assertThat(got.keySet()).containsAll(acked.values());
                        assertThat(texts(member)).as("no message posted twice").doesNotHaveDuplicates();
                        assertThat(texts(member)).hasSize(acked.size());
                        long previous = 0;
                        for (JsonNode event : member) {
                            if (event.has("seq")) {
                                assertThat(event.get("seq").asLong()).as("event numbers run on").isEqualTo(previous + 1);
                                previous = event.get("seq").asLong();
                            }
                        }
                    }
                }
                    // Presence: both users only moved between nodes, so neither may hear that the other left
                    // (a stopping node hands its sessions over instead of leaving their rooms).
                    for (List<JsonNode> member : List.of(samEvents, ritaEvents)) {
                        assertThat(member).as("no userLeft while the nodes roll")
                                .noneMatch(e -> e.path("type").asText().equals("userLeft"));
                    }
            } finally {
                for (NodeProcess node : started) {
                    node.close();
                }
            }
        }
    }

    /** Message command id -> the posted message's id, from the {@code ok}s. */
    private static Map<String, String> acknowledged(List<JsonNode> events) {
        Map<String, String> acked = new LinkedHashMap<>();
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("ok") && event.hasNonNull("messageId")) {
                acked.put(event.path("id").asText(), event.path("messageId").asText());
            }
        }
        return acked;
    }

    private static int count(List<JsonNode> events, String type) {
        return (int) events.stream().filter(e -> e.path("type").asText().equals(type)).count();
    }

    /** Texts of the messages, live or in a history, in order. */
    private static List<String> texts(List<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            if (type.equals("message")) {
                out.add(event.path("message").asText());
            } else if (type.equals("history")) {
                event.path("messages").forEach(m -> out.add(m.path("message").asText()));
            }
        }
        return out;
    }
}
