package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RedisServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Redis is stopped and started again while two nodes carry traffic. The nodes reconnect by themselves;
 * every message that got an {@code ok} reaches every member, every other message got
 * {@code error unavailable} (none is met with silence), and messages sent after the restart flow again.
 */
class RedisRestartTest {

    @Test
    void everyOkdMessageIsDeliveredAndTheRestAreUnavailable() {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, Duration.ofSeconds(15));
             ChatServer b = ClusterNodes.node(redis, Duration.ofSeconds(15))) {
            JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"));
            JdkChatClient bob = JdkChatClient.connectWithSubprotocol(b.chatUri(), Accounts.registerAndLogin(b, "bob"));
            ada.joinAndWait("lobby");
            bob.joinAndWait("lobby");

            int sent = 0;
            for (int phase = 0; phase < 3; phase++) {
                if (phase == 1) {
                    redis.stop(); // mid-traffic: these get 'unavailable'
                }
                if (phase == 2) {
                    redis.restart();
                }
                long until = System.nanoTime() + Duration.ofMillis(phase == 1 ? 800 : 1500).toNanos();
                while (System.nanoTime() < until) {
                    ada.message("lobby", "m" + sent, "m" + sent);
                    sent++;
                    ClusterNodes.sleep(10);
                }
            }
            // One last message after the restart must get through: the nodes reconnected by themselves.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String lastId = null;
            while (lastId == null && System.nanoTime() < deadline) {
                ada.message("lobby", "after", "after" + sent);
                ServerEvent reply = ada.reply("after" + sent);
                sent++;
                lastId = reply instanceof ServerEvent.Ok ok ? ok.messageId() : null;
                ClusterNodes.sleep(100);
            }
            assertThat(lastId).as("a message is accepted again after Redis restarted").isNotNull();
            bob.await(ServerEvent.Message.class, m -> m.message().equals("after"));

            // Every command got an answer: ok or unavailable, never silence.
            List<ServerEvent> adaEvents = ClusterNodes.awaitCount(ada,
                    e -> e instanceof ServerEvent.Ok ok && ok.messageId() != null || e instanceof ServerEvent.Error, sent, 30);
            Set<String> okIds = adaEvents.stream().filter(e -> e instanceof ServerEvent.Ok ok && ok.messageId() != null)
                    .map(e -> ((ServerEvent.Ok) e).messageId()).collect(Collectors.toSet());
            long unavailable = adaEvents.stream().filter(e -> e instanceof ServerEvent.Error error
                    && error.code().equals("unavailable")).count();
            assertThat(adaEvents).noneMatch(e -> e instanceof ServerEvent.Error error && !error.code().equals("unavailable"));
            assertThat(okIds.size() + unavailable).isEqualTo(sent);
            assertThat(unavailable).as("messages sent while Redis was down").isPositive();
            assertThat(okIds.size()).as("messages sent while Redis was up").isGreaterThan(20);

            // Every ok'd message reached both members, each once.
            for (JdkChatClient member : List.of(ada, bob)) {
                List<String> ids = ClusterNodes.messagesOf(member.drainAll(), "lobby").stream()
                        .map(ServerEvent.Message::id).collect(Collectors.toList());
                assertThat(new HashSet<>(ids)).hasSize(ids.size()).containsAll(okIds);
            }
            ada.close();
            bob.close();
        }
    }
}
