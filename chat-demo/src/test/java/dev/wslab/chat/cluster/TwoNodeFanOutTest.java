package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one real Redis, two users on each, three rooms, 50 messages per user per room: every
 * member on either node receives every message exactly once, and all members see the same order.
 * Accounts are shared (register on one node, log in on the other), and presence is the same on both.
 */
class TwoNodeFanOutTest {

    private static final List<String> ROOMS = List.of("red", "green", "blue");
    private static final int MESSAGES = 50;

    @Test
    void everyMemberOnEveryNodeGetsEveryMessageOnceInOneOrder() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, Duration.ofSeconds(15));
             ChatServer b = ClusterNodes.node(redis, Duration.ofSeconds(15))) {
            // Registered on one node, logged in on the other: the accounts live in Redis.
            List<String> names = List.of("ada", "bob", "cy", "dee");
            List<JdkChatClient> clients = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                ChatServer home = i % 2 == 0 ? a : b;
                ChatServer other = i % 2 == 0 ? b : a;
                Accounts.registerAndLogin(other, names.get(i));
                clients.add(JdkChatClient.connectWithSubprotocol(home.chatUri(), Accounts.login(home, names.get(i))));
            }
            for (JdkChatClient client : clients) {
                for (String room : ROOMS) {
                    client.joinAndWait(room);
                }
            }
            // Presence is the cluster's, on both nodes.
            for (String room : ROOMS) {
                assertThat(a.chat().members(room)).containsExactlyInAnyOrderElementsOf(names);
                assertThat(b.chat().members(room)).containsExactlyInAnyOrderElementsOf(names);
            }

            ExecutorService senders = Executors.newFixedThreadPool(clients.size());
            List<Future<?>> sent = new ArrayList<>();
            for (int c = 0; c < clients.size(); c++) {
                JdkChatClient client = clients.get(c);
                String name = names.get(c);
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        for (String room : ROOMS) {
                            client.message(room, name + " " + room + " " + i, name + "-" + room + "-" + i);
                        }
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();

            int perRoom = names.size() * MESSAGES;
            Map<String, List<String>> firstOrder = new TreeMap<>();
            for (int c = 0; c < clients.size(); c++) {
                ClusterNodes.awaitCount(clients.get(c), e -> e instanceof ServerEvent.Message, perRoom * ROOMS.size(), 60);
                // Every message command got its ok (each after the sender's own copy), none an error.
                List<ServerEvent> events = ClusterNodes.awaitCount(clients.get(c),
                        e -> e instanceof ServerEvent.Ok ok && ok.messageId() != null, MESSAGES * ROOMS.size(), 30);
                assertThat(events.stream().filter(e -> e instanceof ServerEvent.Message).count()).isEqualTo(perRoom * ROOMS.size());
                for (ServerEvent event : events) {
                    if (event instanceof ServerEvent.Ok ok && ok.messageId() != null) {
                        int okAt = events.indexOf(ok);
                        assertThat(events.subList(0, okAt)).as("the sender's copy comes before its ok")
                                .anyMatch(e -> e instanceof ServerEvent.Message m && m.id().equals(ok.messageId()));
                    }
                }
                assertThat(events).noneMatch(e -> e instanceof ServerEvent.Error);
                for (String room : ROOMS) {
                    List<ServerEvent.Message> got = ClusterNodes.messagesOf(events, room);
                    List<String> ids = got.stream().map(ServerEvent.Message::id).collect(Collectors.toList());
                    assertThat(new HashSet<>(ids)).as("no duplicates in %s for %s", room, names.get(c)).hasSize(ids.size());
                    assertThat(ids).as("every message of %s reaches %s", room, names.get(c)).hasSize(perRoom);
                    Set<String> texts = got.stream().map(ServerEvent.Message::message).collect(Collectors.toSet());
                    for (String sender : names) {
                        for (int i = 0; i < MESSAGES; i++) {
                            assertThat(texts).contains(sender + " " + room + " " + i);
                        }
                    }
                    // Each sender's own messages stay in the order it sent them.
                    for (String sender : names) {
                        List<String> own = got.stream().map(ServerEvent.Message::message)
                                .filter(t -> t.startsWith(sender + " ")).collect(Collectors.toList());
                        for (int i = 0; i < MESSAGES; i++) {
                            assertThat(own.get(i)).isEqualTo(sender + " " + room + " " + i);
                        }
                    }
                    List<String> order = firstOrder.putIfAbsent(room, ids);
                    if (order != null) {
                        assertThat(ids).as("%s sees %s in the same order as the first member", names.get(c), room)
                                .isEqualTo(order);
                    }
                }
            }

            // A departure is announced once to every remaining member, on both nodes.
            clients.get(1).send("{\"type\":\"exit\",\"room\":\"red\",\"id\":\"x\"}");
            assertThat(clients.get(1).reply("x")).isInstanceOf(ServerEvent.Ok.class);
            for (int c : new int[] {0, 2, 3}) {
                clients.get(c).await(ServerEvent.UserLeft.class, l -> l.room().equals("red") && l.userName().equals("bob"));
            }
            assertThat(a.chat().members("red")).containsExactlyInAnyOrder("ada", "cy", "dee");
            assertThat(b.chat().members("red")).containsExactlyInAnyOrder("ada", "cy", "dee");
            ClusterNodes.sleep(300);
            for (int c : new int[] {0, 2, 3}) {
                assertThat(clients.get(c).drainAll().stream()
                        .filter(e -> e instanceof ServerEvent.UserLeft l && l.userName().equals("bob")).count())
                        .isEqualTo(1);
            }
            for (JdkChatClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aJoinerOnTheOtherNodeGetsTheHistoryThenLiveMessages() {
        try (RedisServer redis = RedisServer.start();
             ChatServer a = ClusterNodes.node(redis, Duration.ofSeconds(15));
             ChatServer b = ClusterNodes.node(redis, Duration.ofSeconds(15))) {
            try (JdkChatClient ada = JdkChatClient.connectWithSubprotocol(a.chatUri(), Accounts.registerAndLogin(a, "ada"))) {
                ada.joinAndWait("lobby");
                for (int i = 0; i < 3; i++) {
                    ada.message("lobby", "early " + i, "e" + i);
                    assertThat(ada.reply("e" + i)).isInstanceOf(ServerEvent.Ok.class);
                }
                try (JdkChatClient bob = JdkChatClient.connectWithSubprotocol(b.chatUri(), Accounts.registerAndLogin(b, "bob"))) {
                    bob.join("lobby", "j");
                    ServerEvent.History history = bob.await(ServerEvent.History.class, h -> h.room().equals("lobby"));
                    assertThat(history.messages()).extracting(ServerEvent.Message::message)
                            .containsExactly("early 0", "early 1", "early 2");
                    assertThat(bob.reply("j")).isInstanceOf(ServerEvent.Ok.class);
                    // One join, in this order: members, history, ok.
                    List<String> kinds = bob.drainAll().stream().map(e -> e.getClass().getSimpleName())
                            .filter(k -> k.equals("Members") || k.equals("History") || k.equals("Ok")).toList();
                    assertThat(kinds).startsWith("Members", "History", "Ok");
                    ada.await(ServerEvent.UserJoined.class, j -> j.userName().equals("bob"));
                    ada.message("lobby", "live", "l");
                    bob.await(ServerEvent.Message.class, m -> m.message().equals("live"));
                    assertThat(bob.drainAll().stream().filter(e -> e instanceof ServerEvent.Message).count())
                            .as("history and live traffic do not overlap").isEqualTo(1);
                }
            }
        }
    }
}
