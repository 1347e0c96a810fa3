package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Presence is per user across the whole cluster: a user with a tab on each of two nodes is in a room
 * once. {@code userJoined} goes out when their first session anywhere enters it, {@code userLeft} when
 * their last one anywhere leaves; a joiner gets {@code members} (the cluster's, itself included) and
 * not its own {@code userJoined}; {@code users} answers with the users of every node.
 *
 * <p>"Nothing was announced" is checked with a marker message: a room's events reach a member in the
 * room's one order, so once the marker arrives, any announcement posted before it has arrived too.
 */
class ClusterPresenceTest {

    @Test
    void aUserWithSessionsOnBothNodesJoinsOnceAndLeavesWithTheLastSession() {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, Duration.ofSeconds(15));
             ChatServer b = ClusterNodes.node(redis, Duration.ofSeconds(15))) {
            JdkChatClient adaOnA = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            JdkChatClient bob = JdkChatClient.connectWithSubprotocol(b.chatUri(), Accounts.registerAndLogin(b, "bob"));
            adaOnA.join("lobby", "j1");
            assertThat(adaOnA.await(ServerEvent.Members.class, m -> m.room().equals("lobby")).users()).containsExactly("ada");
            assertThat(adaOnA.reply("j1")).isInstanceOf(ServerEvent.Ok.class);

            // bob on the other node: the cluster's members, then ok; ada hears of bob once.
            bob.join("lobby", "j2");
            assertThat(bob.await(ServerEvent.Members.class, m -> m.room().equals("lobby")).users())
                    .containsExactlyInAnyOrder("ada", "bob");
            assertThat(bob.reply("j2")).isInstanceOf(ServerEvent.Ok.class);
            adaOnA.await(ServerEvent.UserJoined.class, j -> j.userName().equals("bob"));

            // ada's second tab, on node b: members lists ada once; nobody hears of a second ada.
            JdkChatClient adaOnB = JdkChatClient.connectWithSubprotocol(b.chatUri(), Accounts.login(b, "ada"));
            adaOnB.join("lobby", "j3");
            assertThat(adaOnB.await(ServerEvent.Members.class, m -> m.room().equals("lobby")).users())
                    .containsExactlyInAnyOrder("ada", "bob");
            assertThat(adaOnB.reply("j3")).isInstanceOf(ServerEvent.Ok.class);
            assertThat(a.chat().members("lobby")).containsExactlyInAnyOrder("ada", "bob");

            // Who is online: the same answer on both nodes, each user once.
            bob.send("{\"type\":\"users\",\"id\":\"u1\"}");
            assertThat(bob.await(ServerEvent.Users.class, u -> "u1".equals(u.id())).users()).containsExactly("ada", "bob");
            adaOnA.send("{\"type\":\"users\",\"id\":\"u2\"}");
            assertThat(adaOnA.await(ServerEvent.Users.class, u -> "u2".equals(u.id())).users()).containsExactly("ada", "bob");

            // The tab on node a goes: ada is still in the room through node b, so nobody is told.
            adaOnA.close();
            for (int i = 0; i < 100 && a.chat().sessionCount() > 0; i++) {
                ClusterNodes.sleep(50); // node a has ended the session (and left its room) before the marker
            }
            assertThat(a.chat().sessionCount()).isZero();
            marker(bob, "after the first tab closed");
            marker(adaOnB, "after the first tab closed");
            assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            assertThat(bob.drainAll().stream().filter(e -> e instanceof ServerEvent.UserJoined).count())
                    .as("bob heard of ada's second tab? no: ada was already here").isZero();
            assertThat(adaOnB.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserJoined j && j.userName().equals("ada"));

            // The last tab leaves: bob hears userLeft once.
            adaOnB.send("{\"type\":\"exit\",\"room\":\"lobby\",\"id\":\"x\"}");
            assertThat(adaOnB.reply("x")).isInstanceOf(ServerEvent.Ok.class);
            bob.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada"));
            marker(bob, "after the last tab left");
            assertThat(bob.drainAll().stream().filter(e -> e instanceof ServerEvent.UserLeft).count()).isEqualTo(1);
            assertThat(b.chat().members("lobby")).containsExactly("bob");

            adaOnB.close();
            for (int i = 0; i < 100 && b.chat().sessionCount() > 1; i++) {
                ClusterNodes.sleep(50);
            }
            ClusterNodes.sleep(300); // the offline update of node b reaches Redis
            bob.send("{\"type\":\"users\",\"id\":\"u3\"}");
            assertThat(bob.await(ServerEvent.Users.class, u -> "u3".equals(u.id())).users()).containsExactly("bob");
            bob.close();
        }
    }

    /** Sends a message to lobby from {@code client} and waits for its own copy. */
    private static void marker(JdkChatClient client, String text) {
        String id = "m-" + text.hashCode();
        client.message("lobby", text, id);
        client.await(ServerEvent.Message.class, m -> m.message().equals(text));
        assertThat(client.reply(id)).isInstanceOf(ServerEvent.Ok.class);
    }

}
