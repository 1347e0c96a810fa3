package dev.wslab.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.undertow.WireTap;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server as a whole: start/stop, routes, limits, the echo endpoint and the wire tap. */
class ChatServerTest {

    @Test
    void startReturnsTheBoundPortAndHealthAnswers() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config())) {
            assertThat(server.port()).isPositive();
            assertThat(server.chatUri()).isEqualTo(URI.create("ws://127.0.0.1:" + server.port() + "/ws"));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.httpUri() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void echoIsOffUnlessEnabledAndItsPathIsConfigurable() {
        try (ChatServer server = TestServers.start(TestServers.config().echoEnabled(false))) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/echo", server.port()));
                assertThat(client.readHead().status()).isEqualTo(404);
            }
        }
        try (ChatServer server = TestServers.start(TestServers.config().echoPath("/"))) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/", server.port()));
                assertThat(client.readHead().status()).isEqualTo(101);
                client.write(RawClient.text("ping?"));
                assertThat(client.readFrame().text()).isEqualTo("ping?");
            }
        }
    }

    @Test
    void echoHandlesAMessageOfSeveralMegabytesInManyFrames() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config())) {
            byte[] big = new byte[3 * 1024 * 1024 + 7];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            CompletableFuture<byte[]> done = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(server.echoUri(), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    received.writeBytes(chunk);
                    if (last) {
                        done.complete(received.toByteArray());
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
            assertThat(done.get(20, TimeUnit.SECONDS)).isEqualTo(big);
            ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void oversizedRequestHeadsAreRefusedBeforeAnyUpgrade() {
        try (ChatServer server = TestServers.start(TestServers.config())) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/echo", server.port(), "X-Padding: " + "a".repeat(32 * 1024)));
                assertThat(client.readToEnd()).doesNotContain("101 Switching Protocols");
            }
        }
    }

    @Test
    void theWireTapSeesTheHandshakeAndEveryByteBothWays() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireTap tap = connection -> {
            seen.add("open " + connection.endpointPath() + " " + connection.response().status());
            return new WireTap.ConnectionTap() {
                @Override
                public void bytesIn(ByteBuffer bytes) {
                    synchronized (in) {
                        in.writeBytes(toArray(bytes));
                    }
                }

                @Override
                public void bytesOut(ByteBuffer bytes) {
                    synchronized (out) {
                        out.writeBytes(toArray(bytes));
                    }
                }

                @Override
                public void closed(String reason) {
                    seen.add("closed");
                }
            };
        };
        try (ChatServer server = TestServers.start(TestServers.config(), ServerParts.builder().wireTap(tap))) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/echo", server.port()));
                client.readHead();
                byte[] frame = RawClient.text("tap");
                client.write(frame);
                client.readFrame();
                synchronized (in) {
                    assertThat(in.toByteArray()).isEqualTo(frame);
                }
                // The tap hears of written bytes right after the write returns, which may be after the
                // client already read them: wait for it.
                long tapDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (sizeOf(out) < 5 && System.nanoTime() < tapDeadline) {
                    Thread.onSpinWait();
                }
                synchronized (out) {
                    assertThat(out.toByteArray()).containsExactly(0x81, 3, 't', 'a', 'p');
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!seen.contains("closed") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(seen).containsExactly("open echo 101", "closed");
        }
    }

    @Test
    void aFailingWireTapNeverBreaksTheConnection() {
        WireTap broken = connection -> new WireTap.ConnectionTap() {
            @Override
            public void bytesIn(ByteBuffer bytes) {
                throw new IllegalStateException("inspector bug");
            }

            @Override
            public void bytesOut(ByteBuffer bytes) {
                throw new IllegalStateException("inspector bug");
            }

            @Override
            public void closed(String reason) {
                throw new IllegalStateException("inspector bug");
            }
        };
        try (ChatServer server = TestServers.start(TestServers.config(), ServerParts.builder().wireTap(broken))) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.write(RawClient.upgradeRequest("/echo", server.port()));
                assertThat(client.readHead().status()).isEqualTo(101);
                for (String text : List.of("one", "two")) {
                    client.write(RawClient.text(text));
                    assertThat(client.readFrame().text()).isEqualTo(text);
                }
            }
        }
    }

    @Test
    void defaultsAreSafeForADemo() {
        ChatServerConfig defaults = ChatServerConfig.builder().build();
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isEqualTo(8080);
        assertThat(defaults.echoEnabled()).isFalse();
        assertThat(defaults.allowQueryToken()).isFalse();
        assertThat(defaults.maxMessageBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.jwtSecret().generated()).isTrue();
        assertThat(defaults.dataDir()).isEqualTo(":memory:"); // tests and benchmarks never share a database
        assertThat(defaults.historySize()).isEqualTo(50);
        assertThatThrownBy(() -> ChatServerConfig.builder().echoEnabled(true).echoPath("/ws").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenIsRefusedByAServerThatDoesNotKnowItsAccount() {
        try (ChatServer first = TestServers.start(TestServers.config());
             ChatServer second = TestServers.start(TestServers.config())) {
            // Same secret, separate storage: the signature is genuine, but the account it names does not
            // exist on the second server, so the token is refused (nodes share accounts only through Redis).
            String token = dev.wslab.chat.support.Accounts.registerAndLogin(first, "roamer");
            assertThatThrownBy(() -> JdkChatClient.connectWithSubprotocol(second.chatUri(), token))
                    .hasStackTraceContaining("401");
        }
    }

    private static int sizeOf(ByteArrayOutputStream stream) {
        synchronized (stream) {
            return stream.size();
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
