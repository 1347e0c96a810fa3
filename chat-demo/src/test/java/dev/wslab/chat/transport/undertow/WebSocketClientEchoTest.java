package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.TestServers;
import dev.wslab.client.ClientOptions;
import dev.wslab.client.HandshakeRefusedException;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.framing.Limits;
import dev.wslab.framing.connection.ConnectionState;
import dev.wslab.framing.connection.Event;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against our own chat server: its echo endpoint and its authenticated chat endpoint. */
class WebSocketClientEchoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ChatServer server;

    @BeforeAll
    static void startServer() {
        server = TestServers.start(TestServers.config());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void echoesTextAndBinaryAndClosesCleanly() throws Exception {
        try (WebSocketSession session = WebSocketClient.connect(server.echoUri())) {
            assertThat(session.isOpen()).isTrue();
            assertThat(session.subprotocol()).isEmpty();
            assertThat(session.handshakeResponse().status()).isEqualTo(101);

            assertThat(session.sendText("héllo, wörld €")).isTrue();
            assertThat(next(session)).isEqualTo(new Event.Text("héllo, wörld €"));

            byte[] bytes = {0, 1, 2, (byte) 0xFF, 127};
            assertThat(session.sendBinary(bytes)).isTrue();
            Event binary = next(session);
            assertThat(binary).isInstanceOf(Event.Binary.class);
            assertThat(((Event.Binary) binary).payload().toByteArray()).containsExactly(bytes);

            assertThat(session.close(1000, "bye")).isTrue();
            assertThat(session.sendText("too late")).as("RFC 6455 §5.5.1: no data after our Close").isFalse();
            assertThat(next(session)).isInstanceOf(Event.CloseReceived.class);
            Event.Closed closed = (Event.Closed) next(session);
            assertThat(closed.code()).isEqualTo(1000);
            assertThat(closed.clean()).isTrue();
            assertThat(closed.initiatedByPeer()).isFalse();
            assertThat(session.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(session.nextEvent(WAIT)).as("nothing follows Closed").isEmpty();
        }
    }

    @Test
    void pingIsAnsweredWithTheSamePayload() throws Exception {
        try (WebSocketSession session = WebSocketClient.connect(server.echoUri())) {
            session.ping("are you there?".getBytes(StandardCharsets.UTF_8));
            Event pong = next(session);
            assertThat(pong).isInstanceOf(Event.Pong.class);
            assertThat(((Event.Pong) pong).payload().asUtf8()).isEqualTo("are you there?");
            assertThatThrownBy(() -> session.ping(new byte[126]))
                    .as("RFC 6455 §5.5: control frames carry at most 125 bytes")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void largeMessagesTravelFragmentedBothWays() throws Exception {
        ClientOptions options = ClientOptions.builder().limits(Limits.DEFAULTS.withMaxSizes(1 << 20)).build();
        try (WebSocketSession session = WebSocketClient.connect(server.echoUri(), options)) {
            byte[] big = new byte[600 * 1024];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            session.sendBinary(big);
            Event echoed = next(session);
            assertThat(((Event.Binary) echoed).payload().toByteArray()).isEqualTo(big);
        }
    }

    @Test
    void sendsFromManyThreadsNeverInterleaveAndKeepEachSendersOrder() throws Exception {
        int threads = 4;
        int perThread = 200;
        try (WebSocketSession session = WebSocketClient.connect(server.echoUri())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int sender = t;
                    sent.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            // Messages above the fragment size make interleaved frames visible if they happened.
                            session.sendText(sender + ":" + i + ":" + "x".repeat(20_000));
                        }
                    }));
                }
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Map<Integer, Integer> nextExpected = new HashMap<>();
            for (int received = 0; received < threads * perThread; received++) {
                String text = ((Event.Text) next(session)).text();
                String[] parts = text.split(":", 3);
                int sender = Integer.parseInt(parts[0]);
                int index = Integer.parseInt(parts[1]);
                assertThat(index).isEqualTo(nextExpected.getOrDefault(sender, 0));
                assertThat(parts[2]).hasSize(20_000);
                nextExpected.put(sender, index + 1);
            }
            assertThat(nextExpected).hasSize(threads).allSatisfy((sender, count) -> assertThat(count).isEqualTo(perThread));
        }
    }

    @Test
    void aListenerReceivesEventsAndMaySendFromTheReaderThread() throws Exception {
        List<Event> seen = new ArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        ClientOptions options = ClientOptions.builder().listener((session, event) -> {
            synchronized (seen) {
                seen.add(event);
            }
            if (event instanceof Event.Text text && text.text().equals("first")) {
                session.sendText("second");
            } else if (event instanceof Event.Text) {
                session.close(1000, "done");
            } else if (event instanceof Event.Closed) {
                closed.countDown();
            }
        }).build();
        WebSocketSession session = WebSocketClient.connect(server.echoUri(), options);
        session.sendText("first");
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        synchronized (seen) {
            assertThat(seen).startsWith(new Event.Text("first"), new Event.Text("second"));
            assertThat(seen.get(seen.size() - 1)).isInstanceOf(Event.Closed.class);
        }
        assertThatThrownBy(() -> session.nextEvent(WAIT)).isInstanceOf(IllegalStateException.class);
        session.close();
    }

    @Test
    void aRefusedUpgradeCarriesStatusHeadersAndBody() {
        URI chat = server.chatUri();
        assertThatThrownBy(() -> WebSocketClient.connect(chat))
                .isInstanceOfSatisfying(HandshakeRefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.headers().first("WWW-Authenticate")).hasValueSatisfying(
                            v -> assertThat(v).startsWith("Bearer"));
                    assertThat(refused.getMessage()).contains("401");
                });
    }

    @Test
    void negotiatesTheChatSubprotocolWithABearerToken() throws Exception {
        String token = Accounts.registerAndLogin(server, "client-test-user");
        ClientOptions options = ClientOptions.builder()
                .subprotocols("wslab.chat.v1")
                .header("Authorization", "Bearer " + token)
                .build();
        try (WebSocketSession session = WebSocketClient.connect(server.chatUri(), options)) {
            assertThat(session.subprotocol()).isEqualTo(Optional.of("wslab.chat.v1"));
            session.sendText("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}");
            boolean sawOk = false;
            for (int i = 0; i < 10 && !sawOk; i++) {
                Event event = next(session);
                sawOk = event instanceof Event.Text text && text.text().contains("\"ok\"");
            }
            assertThat(sawOk).as("the server answers the join with ok").isTrue();
        }
    }

    private static Event next(WebSocketSession session) throws InterruptedException {
        Optional<Event> event = session.nextEvent(WAIT);
        assertThat(event).as("an event within " + WAIT).isPresent();
        return event.get();
    }
}
