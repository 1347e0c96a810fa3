package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An independent peer: the JDK's own WebSocket client ({@code java.net.http}) talks to a raw loopback
 * socket on which only our {@link HttpHeadParser} and {@link ServerHandshake} answer. If the JDK
 * opens the WebSocket, our 101 response is right by someone else's reading of RFC 6455.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdkWebSocketPeerTest {
    private ServerSocket listener;
    private HttpClient client;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(10_000);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    /** What the raw server saw and decided. */
    private record Exchange(UpgradeRequest request, HandshakeDecision decision) {
    }

    /**
     * Accepts one connection, parses the head with our parser, answers with our decision, then holds
     * the socket open until the peer goes away.
     */
    private CompletableFuture<Exchange> serveOnce(ServerHandshake server) {
        CompletableFuture<Exchange> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
                byte[] buffer = new byte[1024];
                HeadParseResult<UpgradeRequest> parsed = new HeadParseResult.NeedMore<>();
                while (parsed instanceof HeadParseResult.NeedMore) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        throw new IOException("peer closed before the head ended");
                    }
                    parsed = parser.feed(ByteBuffer.wrap(buffer, 0, n));
                }
                if (!(parsed instanceof HeadParseResult.Complete)) {
                    throw new AssertionError("the JDK's request did not parse: " + parsed);
                }
                UpgradeRequest request = ((HeadParseResult.Complete<UpgradeRequest>) parsed).head();
                HandshakeDecision decision = server.decide(request);
                socket.getOutputStream().write(decision.toResponseBytes());
                socket.getOutputStream().flush();
                result.complete(new Exchange(request, decision));
                // Hold the connection until the client aborts (read returns -1 or fails).
                while (in.read(buffer) >= 0) {
                    // discard frames
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "raw-loopback-server");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + pathAndQuery);
    }

    private static final WebSocket.Listener QUIET = new WebSocket.Listener() {
    };

    @Test
    void the_jdk_client_opens_a_websocket_on_our_101_response() throws Exception {
        CompletableFuture<Exchange> served = serveOnce(ServerHandshake.builder().subprotocols("chat").build());

        WebSocket ws = client.newWebSocketBuilder()
                .subprotocols("superchat", "chat")
                .header("Authorization", "Bearer test-token")
                .buildAsync(uri("/chat?room=lobby"), QUIET)
                .get(15, TimeUnit.SECONDS);
        try {
            assertThat(ws.getSubprotocol()).isEqualTo("chat");
            Exchange exchange = served.get(5, TimeUnit.SECONDS);
            assertThat(exchange.decision()).isInstanceOf(HandshakeDecision.Accepted.class);

            // What the JDK really sends, as our parser read it.
            UpgradeRequest r = exchange.request();
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.target()).isEqualTo("/chat?room=lobby");
            assertThat(r.fields().first("Host")).contains("127.0.0.1:" + listener.getLocalPort());
            assertThat(r.fields().hasToken("Upgrade", "websocket")).isTrue();
            assertThat(r.fields().hasToken("Connection", "Upgrade")).isTrue();
            assertThat(r.fields().first("Sec-WebSocket-Version")).contains("13");
            assertThat(SecWebSocketKey.isValid(r.fields().first("Sec-WebSocket-Key").orElseThrow())).isTrue();
            assertThat(r.fields().tokens("Sec-WebSocket-Protocol")).containsExactly("superchat", "chat");
            assertThat(r.fields().first("Authorization")).contains("Bearer test-token");
        } finally {
            ws.abort();
        }
    }

    @Test
    void the_jdk_client_opens_a_websocket_without_subprotocol() throws Exception {
        CompletableFuture<Exchange> served = serveOnce(ServerHandshake.withDefaults());
        WebSocket ws = client.newWebSocketBuilder().buildAsync(uri("/"), QUIET).get(15, TimeUnit.SECONDS);
        try {
            assertThat(ws.getSubprotocol()).isEmpty();
            assertThat(served.get(5, TimeUnit.SECONDS).decision()).isInstanceOf(HandshakeDecision.Accepted.class);
        } finally {
            ws.abort();
        }
    }

    @Test
    void the_jdk_client_reads_our_rejection_as_a_failed_handshake_with_its_status() throws Exception {
        // The JDK client sends no Origin; a policy that requires one refuses it with 403.
        ServerHandshake strict = ServerHandshake.builder()
                .originPolicy(OriginPolicy.allowList(java.util.List.of("https://chat.example.com")).requireOrigin())
                .build();
        CompletableFuture<Exchange> served = serveOnce(strict);

        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder().buildAsync(uri("/chat"), QUIET);
        assertThatThrownBy(() -> opening.get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThat(served.get(5, TimeUnit.SECONDS).decision().status()).isEqualTo(403);
    }
}
