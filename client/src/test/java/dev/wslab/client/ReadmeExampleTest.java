package dev.wslab.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.framing.connection.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.java_websocket.WebSocket;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

/** The example that opens {@code client/README.md} is this test's code, and it works against an independent server. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleEchoesAgainstAnIndependentServer() throws Exception {
        EchoPeer peer = new EchoPeer();
        peer.start();
        assertThat(peer.started.await(10, TimeUnit.SECONDS)).isTrue();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            int port = peer.getPort();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            example(port);
        } finally {
            System.setOut(stdout);
            peer.stop(1000);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Text[text=hello]");
    }

    /** Java-WebSocket's server (not ours), echoing every text message. */
    static final class EchoPeer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        EchoPeer() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, org.java_websocket.handshake.ClientHandshake handshake) {
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            conn.send(message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    private static void example(int port) throws IOException, InterruptedException {
        // readme:begin
        // Connect, send one message, read the answer, close (RFC 6455 §4.1, §5.6, §7.1.2).
        ClientOptions options = ClientOptions.builder()
                .connectTimeout(Duration.ofSeconds(5))
                .header("X-Example", "readme")
                .build();
        try (WebSocketSession session = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"), options)) {
            session.sendText("hello");
            Optional<Event> answer = session.nextEvent(Duration.ofSeconds(5));
            answer.ifPresent(event -> System.out.println(event));   // Text[text=hello]
        }
        // readme:end
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        assertThat(firstJavaBlock(Path.of("README.md"))).isEqualTo(
                region(Path.of("src/test/java/dev/wslab/client/ReadmeExampleTest.java")));
    }

    static List<String> firstJavaBlock(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int start = lines.indexOf("```java") + 1;
        return lines.subList(start, lines.subList(start, lines.size()).indexOf("```") + start).stream()
                .map(String::strip).collect(Collectors.toList());
    }

    static List<String> region(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source).stream().map(String::strip).collect(Collectors.toList());
        return lines.subList(lines.indexOf("// readme:begin") + 1, lines.indexOf("// readme:end"));
    }
}
