package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.NodeProcess;
import dev.wslab.chat.support.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A node in its own process is killed with SIGKILL mid-traffic: it says goodbye to nobody. Its users
 * leave their rooms exactly once, announced by the survivors within the node timeout, to the members
 * on both surviving nodes; the survivors' own traffic goes on.
 *
 * <p>Here the killed node's clients do not resume; {@link CrossNodeResumeTest} resumes them on a survivor.
 */
class NodeFailureTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aKilledNodesUsersLeaveExactlyOnceAnnouncedByASurvivor() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, NODE_TIMEOUT);
             ChatServer c = ClusterNodes.node(redis, NODE_TIMEOUT);
             NodeProcess doomed = NodeProcess.start("--redis", redis.uri(), "--node-timeout", Long.toString(NODE_TIMEOUT.toSeconds()))) {
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            JdkChatClient cy = JdkChatClient.connectWithSubprotocol(c.chatUri(), Accounts.registerAndLogin(c, "cy"));
            JdkChatClient bob = JdkChatClient.connectWithSubprotocol(doomed.chatUri(), Accounts.registerAndLogin(doomed.httpUri(), "bob"));
            JdkChatClient dee = JdkChatClient.connectWithSubprotocol(doomed.chatUri(), Accounts.registerAndLogin(doomed.httpUri(), "dee"));
            for (JdkChatClient client : List.of(ada, cy, bob, dee)) {
                client.joinAndWait("lobby");
            }
            bob.joinAndWait("side");
            ada.joinAndWait("side");
            assertThat(a.chat().members("lobby")).containsExactlyInAnyOrder("ada", "bob", "cy", "dee");

            // Traffic from a survivor while the node dies.
            AtomicBoolean talking = new AtomicBoolean(true);
            Thread chatter = new Thread(() -> {
                for (int i = 0; talking.get(); i++) {
                    ada.message("lobby", "still here " + i, "t" + i);
                    ClusterNodes.sleep(20);
                }
            });
            chatter.start();
            ClusterNodes.sleep(300);
            long killedAt = System.nanoTime();
            doomed.kill();

            // Both departures from lobby reach both survivors' members, and bob's from side too.
            ada.await(ServerEvent.UserLeft.class, l -> l.room().equals("lobby") && l.userName().equals("bob"));
            ada.await(ServerEvent.UserLeft.class, l -> l.room().equals("lobby") && l.userName().equals("dee"));
            ada.awaitEver(ServerEvent.UserLeft.class, l -> l.room().equals("side") && l.userName().equals("bob"));
            cy.awaitEver(ServerEvent.UserLeft.class, l -> l.room().equals("lobby") && l.userName().equals("bob"));
            cy.awaitEver(ServerEvent.UserLeft.class, l -> l.room().equals("lobby") && l.userName().equals("dee"));
            Duration noticedAfter = Duration.ofNanos(System.nanoTime() - killedAt);
            // Within the node timeout (plus a generous allowance for a loaded test machine).
            assertThat(noticedAfter).isLessThan(NODE_TIMEOUT.plusSeconds(5));

            // Both survivors check for dead nodes; still, each departure is announced once.
            ClusterNodes.sleep(NODE_TIMEOUT.toMillis() + 1000);
            talking.set(false);
            chatter.join();
            for (JdkChatClient survivor : List.of(ada, cy)) {
                List<ServerEvent> events = survivor.drainAll();
                assertThat(events.stream().filter(e -> e instanceof ServerEvent.UserLeft l && l.room().equals("lobby")
                        && l.userName().equals("bob")).count()).isEqualTo(1);
                assertThat(events.stream().filter(e -> e instanceof ServerEvent.UserLeft l && l.room().equals("lobby")
                        && l.userName().equals("dee")).count()).isEqualTo(1);
                assertThat(events).noneMatch(e -> e instanceof ServerEvent.Error);
            }
            assertThat(ada.drainAll().stream().filter(e -> e instanceof ServerEvent.UserLeft l && l.room().equals("side")).count())
                    .isEqualTo(1);
            assertThat(a.chat().members("lobby")).containsExactlyInAnyOrder("ada", "cy");
            assertThat(c.chat().members("lobby")).containsExactlyInAnyOrder("ada", "cy");
            assertThat(c.chat().members("side")).containsExactly("ada");
            // Who is online forgets the dead node's users too, on every survivor.
            cy.send("{\"type\":\"users\",\"id\":\"u\"}");
            assertThat(cy.await(ServerEvent.Users.class, u -> "u".equals(u.id())).users()).containsExactly("ada", "cy");
            // The survivors' traffic went on throughout: cy got ada's messages, each once.
            List<ServerEvent.Message> got = ClusterNodes.messagesOf(cy.drainAll(), "lobby");
            assertThat(got).hasSizeGreaterThan(10);
            assertThat(got.stream().map(ServerEvent.Message::id).distinct().count()).isEqualTo(got.size());
            for (JdkChatClient client : List.of(ada, cy)) {
                client.close();
            }
        }
    }

    /**
     * A client of the killed node reconnects to a survivor (the next address in its list) with the same
     * token and joins again: the room's {@code history} fills the gap, and with message ids it keeps
     * each message once, so every message that got an {@code ok} reaches it. Because it is back before
     * the node timeout, its user never leaves the room for the others (the cluster counts the dead
     * node's session and the new one as one user); a user who does not come back leaves exactly once.
     * (Until session resume, issue 12, a gap longer than {@code --history} messages would lose some.)
     */
    @Test
    void aKilledNodesClientReconnectsToASurvivorAndMissesNothingThatGotAnOk() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, NODE_TIMEOUT);
             NodeProcess doomed = NodeProcess.start("--redis", redis.uri(), "--node-timeout", Long.toString(NODE_TIMEOUT.toSeconds()))) {
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            String bobToken = Accounts.registerAndLogin(doomed.httpUri(), "bob");
            List<java.net.URI> bobsAddresses = List.of(doomed.chatUri(), a.chatUri());
            JdkChatClient bob = JdkChatClient.connectWithSubprotocol(bobsAddresses.get(0), bobToken);
            JdkChatClient dee = JdkChatClient.connectWithSubprotocol(doomed.chatUri(), Accounts.registerAndLogin(doomed.httpUri(), "dee"));
            for (JdkChatClient client : List.of(ada, bob, dee)) {
                client.joinAndWait("lobby");
            }

            AtomicBoolean talking = new AtomicBoolean(true);
            Thread chatter = new Thread(() -> {
                for (int i = 0; talking.get(); i++) {
                    ada.message("lobby", "during failover " + i, "f" + i);
                    ClusterNodes.sleep(30);
                }
            });
            chatter.start();
            ClusterNodes.sleep(500);
            doomed.kill();
            List<ServerEvent> beforeTheKill = bob.drainAll();

            // bob's client notices the dead connection and takes the next address of its list.
            JdkChatClient bobAgain = JdkChatClient.connectWithSubprotocol(bobsAddresses.get(1), bobToken);
            bobAgain.joinAndWait("lobby");
            ClusterNodes.sleep(500);
            talking.set(false);
            chatter.join();
            ada.message("lobby", "the end", "end");
            bobAgain.await(ServerEvent.Message.class, m -> m.message().equals("the end"));

            // Every message ada got an ok for reached bob: live before the kill, in the history, or live after.
            List<String> okd = ada.drainAll().stream()
                    .filter(e -> e instanceof ServerEvent.Ok ok && ok.messageId() != null)
                    .map(e -> ((ServerEvent.Ok) e).messageId()).toList();
            java.util.Set<String> bobSaw = new java.util.HashSet<>();
            for (ServerEvent event : beforeTheKill) {
                if (event instanceof ServerEvent.Message m) {
                    bobSaw.add(m.id());
                }
            }
            for (ServerEvent event : bobAgain.drainAll()) {
                if (event instanceof ServerEvent.Message m) {
                    bobSaw.add(m.id());
                } else if (event instanceof ServerEvent.History h) {
                    h.messages().forEach(m -> bobSaw.add(m.id()));
                }
            }
            assertThat(okd).hasSizeGreaterThan(10);
            assertThat(bobSaw).containsAll(okd);

            // After the node timeout: dee left once; bob, back in time, never left.
            ada.awaitEver(ServerEvent.UserLeft.class, l -> l.userName().equals("dee"));
            ClusterNodes.sleep(NODE_TIMEOUT.toMillis() + 1000);
            List<ServerEvent> adaSaw = ada.drainAll();
            assertThat(adaSaw.stream().filter(e -> e instanceof ServerEvent.UserLeft l && l.userName().equals("dee")).count())
                    .isEqualTo(1);
            assertThat(adaSaw).noneMatch(e -> e instanceof ServerEvent.UserLeft l && l.userName().equals("bob"));
            assertThat(a.chat().members("lobby")).containsExactlyInAnyOrder("ada", "bob");
            for (JdkChatClient client : List.of(ada, bobAgain)) {
                client.close();
            }
        }
    }
}
