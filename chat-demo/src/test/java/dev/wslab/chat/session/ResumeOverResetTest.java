package dev.wslab.chat.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.cli.ResumingChatClient;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.CuttingProxy;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.client.ClientOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resume over real sockets: a proxy between the client and the server resets the TCP connection
 * while another user posts 100 messages. The client ({@link ResumingChatClient}) comes back with its
 * resume token and gets every message once, in order, and the room never hears that it left. Past
 * the resume window it gets a new session instead, and the room sees it leave and come back, once each.
 */
class ResumeOverResetTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ChatServer server;
    private CuttingProxy proxy;
    private ResumingChatClient ada;
    private final List<JsonNode> adaEvents = new CopyOnWriteArrayList<>();
    private final List<String> adaStatus = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (ada != null) {
            ada.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private void start(Duration resumeWindow) throws Exception {
        // The client reaches the server through the proxy's port, so that Host must be accepted too.
        server = TestServers.start(TestServers.config().resumeWindow(resumeWindow).publicHosts(List.of("127.0.0.1:*")));
        proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", server.port()));
        String token = Accounts.registerAndLogin(server, "ada");
        ada = new ResumingChatClient(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), token,
                ClientOptions.builder(), adaEvents::add, adaStatus::add);
        ada.join("r");
        awaitTrue(() -> server.chat().members("r").contains("ada"), "ada joined r");
    }

    private List<String> adaMessages() {
        List<String> texts = new ArrayList<>();
        for (JsonNode event : adaEvents) {
            if (event.path("type").asText().equals("message")) {
                texts.add(event.path("message").asText());
            }
        }
        return texts;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aResetMidStreamIsResumedWithEveryMessageOnceInOrderAndTheRoomSeesNoLeave() throws Exception {
        start(Duration.ofSeconds(120));
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            Thread sender = new Thread(() -> {
                for (int i = 1; i <= 100; i++) {
                    bob.message("r", "m" + i, "b" + i);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sender.start();
            awaitTrue(() -> adaMessages().size() >= 20, "ada has 20 messages");
            proxy.cut();
            sender.join(WAIT.toMillis());
            awaitTrue(() -> adaMessages().size() >= 100 && ada.resumes() >= 1, "ada has 100 messages after a resume");
            Thread.sleep(300); // anything duplicated would arrive now

            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                expected.add("m" + i);
            }
            assertThat(adaMessages()).as("status: " + adaStatus).containsExactlyElementsOf(expected);
            assertThat(ada.resumes()).isEqualTo(1);
            assertThat(ada.refusedResumes()).isZero();
            assertThat(server.context().sessions().resumes()).isEqualTo(1);
            // The numbers have no gap and no repeat.
            long previous = 0;
            for (JsonNode event : adaEvents) {
                if (event.has("seq")) {
                    assertThat(event.get("seq").asLong()).isEqualTo(previous + 1);
                    previous = event.get("seq").asLong();
                }
            }
            // Ada chats on, and the room never heard that she left.
            ada.message("r", "I am back");
            bob.await(ServerEvent.Message.class, m -> m.message().equals("I am back"));
            assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            assertThat(server.chat().members("r")).containsExactly("ada", "bob");
        }
    }

    @Test
    void pastTheWindowTheClientGetsANewSessionAndTheRoomSeesOneLeaveAndOneJoin() throws Exception {
        start(Duration.ofSeconds(1));
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            proxy.refuse(true);
            proxy.cut();
            bob.await(ServerEvent.UserLeft.class, left -> left.userName().equals("ada"));
            Thread.sleep(500);
            proxy.refuse(false);
            bob.await(ServerEvent.UserJoined.class, joined -> joined.userName().equals("ada"));
            awaitTrue(() -> ada.refusedResumes() >= 1 && ada.unanswered() == 0, "ada has a new session and rejoined");
            bob.message("r", "welcome back", "w1");
            awaitTrue(() -> adaMessages().contains("welcome back"), "ada hears bob again");
            Thread.sleep(300);
            List<ServerEvent> seen = bob.drainAll();
            assertThat(seen.stream().filter(e -> e instanceof ServerEvent.UserLeft)).hasSize(1);
            assertThat(seen.stream().filter(e -> e instanceof ServerEvent.UserJoined)).hasSize(1);
            assertThat(adaStatus).anyMatch(s -> s.contains("resume_expired"));
            assertThat(server.chat().members("r")).containsExactly("bob", "ada");
        }
    }
}
