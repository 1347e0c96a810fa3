package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 200 concurrent JDK WebSocket clients in 10 rooms, each sending 50 messages: every member of a room
 * receives every message of its room exactly once, each sender's messages in the order sent, all
 * members in the same order, and the server still takes new connections afterwards. Not a benchmark:
 * nothing here asserts a time.
 */
class LoadTest {

    private static final int CLIENTS = 200;
    private static final int ROOMS = 10;
    private static final int MESSAGES_PER_CLIENT = 50;
    private static final int PER_ROOM = CLIENTS / ROOMS;
    private static final int EXPECTED_PER_CLIENT = PER_ROOM * MESSAGES_PER_CLIENT;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A lean client: keeps only the chat messages, as (sender name, sequence number, server id). */
    static final class Member implements WebSocket.Listener {
        final String name;
        final String room;
        final ConcurrentLinkedQueue<String[]> messages = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch joined = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        volatile int closeCode = -1;
        WebSocket socket;

        Member(String name, String room) {
            this.name = name;
            this.room = room;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.startsWith("{\"type\":\"message\"")) {
                    try {
                        JsonNode node = JSON.readTree(text);
                        messages.add(new String[] {node.get("sender").get("userName").asText(),
                                node.get("message").asText(), node.get("id").asText(), node.get("room").asText()});
                        count.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                } else if (text.startsWith("{\"type\":\"ok\",\"id\":\"join\"")) {
                    joined.countDown();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }

    @Test
    void twoHundredClientsInTenRoomsLoseNothingAndDuplicateNothing() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> tokens = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String name = "load" + i;
                    tokens.add(pool.submit(() -> Accounts.registerAndLogin(server, name)));
                }
                HttpClient http = HttpClient.newHttpClient();
                List<Member> members = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Member member = new Member("load" + i, "room-" + (i % ROOMS));
                    member.socket = http.newWebSocketBuilder()
                            .subprotocols("wslab.chat.v1", "bearer." + tokens.get(i).get(30, TimeUnit.SECONDS))
                            .buildAsync(server.chatUri(), member).get(30, TimeUnit.SECONDS);
                    member.socket.sendText("{\"type\":\"join\",\"room\":\"" + member.room + "\",\"id\":\"join\"}", true)
                            .get(10, TimeUnit.SECONDS);
                    members.add(member);
                }
                for (Member member : members) {
                    assertThat(member.joined.await(30, TimeUnit.SECONDS)).as(member.name + " joined").isTrue();
                }
                assertThat(server.chat().sessionCount()).isEqualTo(CLIENTS);

                // Everyone sends at once; each sender's messages go out in order on its own connection.
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> senders = new ArrayList<>();
                for (Member member : members) {
                    senders.add(pool.submit(() -> {
                        go.await();
                        for (int n = 0; n < MESSAGES_PER_CLIENT; n++) {
                            String json = "{\"type\":\"message\",\"room\":\"" + member.room + "\",\"message\":\""
                                    + member.name + ":" + n + "\"}";
                            member.socket.sendText(json, true).get(30, TimeUnit.SECONDS);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> sender : senders) {
                    sender.get(60, TimeUnit.SECONDS);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (Member member : members) {
                    while (member.count.get() < EXPECTED_PER_CLIENT && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                }
                Thread.sleep(200); // let any (wrong) extra copies arrive before counting

                Map<String, List<String>> orderSeenInRoom = new HashMap<>();
                for (Member member : members) {
                    List<String[]> received = new ArrayList<>(member.messages);
                    assertThat(received).as("messages at " + member.name).hasSize(EXPECTED_PER_CLIENT);
                    Set<String> ids = new HashSet<>();
                    Map<String, Integer> nextFromSender = new HashMap<>();
                    List<String> order = new ArrayList<>();
                    for (String[] m : received) {
                        assertThat(m[3]).isEqualTo(member.room);
                        assertThat(ids.add(m[2])).as("duplicate message id " + m[2] + " at " + member.name).isTrue();
                        String[] parts = m[1].split(":");
                        assertThat(parts[0]).isEqualTo(m[0]);
                        int expected = nextFromSender.getOrDefault(m[0], 0);
                        assertThat(Integer.parseInt(parts[1])).as("order of " + m[0] + " at " + member.name).isEqualTo(expected);
                        nextFromSender.put(m[0], expected + 1);
                        order.add(m[2]);
                    }
                    assertThat(nextFromSender).hasSize(PER_ROOM).allSatisfy((sender, next) ->
                            assertThat(next).isEqualTo(MESSAGES_PER_CLIENT));
                    List<String> reference = orderSeenInRoom.putIfAbsent(member.room, order);
                    if (reference != null) {
                        assertThat(order).as("every member of " + member.room + " sees the same order").isEqualTo(reference);
                    }
                    assertThat(member.closeCode).isEqualTo(-1);
                }

                // The server is still healthy: a newcomer connects, joins and chats.
                String token = Accounts.registerAndLogin(server, "latecomer");
                try (JdkChatClient late = JdkChatClient.connectWithHeader(server.chatUri(), token)) {
                    late.joinAndWait("room-0");
                    late.message("room-0", "made it", "late");
                    assertThat(late.reply("late")).isInstanceOf(ServerEvent.Ok.class);
                }
                for (Member member : members) {
                    member.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                }
                long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (server.chat().sessionCount() > 0 && System.nanoTime() < closeDeadline) {
                    Thread.sleep(20);
                }
                assertThat(server.chat().sessionCount()).isZero();
                assertThat(server.chat().roomNames()).isEmpty();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
