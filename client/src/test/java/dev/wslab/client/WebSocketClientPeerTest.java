package dev.wslab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.framing.Limits;
import dev.wslab.framing.connection.Event;
import dev.wslab.handshake.SecWebSocketAccept;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against peers that are not ours: Java-WebSocket's server (an independent implementation of
 * RFC 6455) and raw sockets that send exactly the bytes a test needs, including broken ones.
 */
class WebSocketClientPeerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private PeerServer peer;

    @AfterEach
    void stopPeer() throws InterruptedException {
        if (peer != null) {
            peer.stop(1000);
        }
    }

    @Test
    void talksToAnIndependentServerAndSendsTheExtraHeaders() throws Exception {
        peer = PeerServer.launch();
        ClientOptions options = ClientOptions.builder()
                .subprotocols("wslab.chat.v1")
                .header("Authorization", "Bearer abc.def.ghi")
                .origin("http://localhost")
                .build();
        try (WebSocketSession session = WebSocketClient.connect(peer.uri(), options)) {
            assertThat(session.subprotocol()).isEqualTo(Optional.of("wslab.chat.v1"));
            assertThat(peer.authorization.get(5, TimeUnit.SECONDS)).isEqualTo("Bearer abc.def.ghi");
            // The peer greets on open, possibly in the same packet as the 101: those bytes must not be lost.
            assertThat(next(session)).isEqualTo(new Event.Text("welcome"));
            session.sendText("echo me");
            assertThat(next(session)).isEqualTo(new Event.Text("echo me"));
            session.sendBinary(new byte[60_000]);
            assertThat(((Event.Binary) next(session)).payload().length()).isEqualTo(60_000);
            // Its echo of 70 000 bytes exceeds our 64 KiB default limit: RFC 6455 §7.4.1, 1009 Message Too Big.
            session.sendBinary(new byte[70_000]);
            Event tooBig = next(session);
            assertThat(tooBig).isInstanceOf(Event.Violation.class);
            assertThat(((Event.Violation) tooBig).code().code()).isEqualTo(1009);
        }
    }

    @Test
    void reportsAServerInitiatedCloseWithItsCodeAndReason() throws Exception {
        peer = PeerServer.launch();
        try (WebSocketSession session = WebSocketClient.connect(peer.uri())) {
            assertThat(next(session)).isEqualTo(new Event.Text("welcome"));
            session.sendText("close please");
            Event received = next(session);
            assertThat(received).isInstanceOf(Event.CloseReceived.class);
            Event.Closed closed = (Event.Closed) next(session);
            assertThat(closed.code()).isEqualTo(4000);
            assertThat(closed.reason()).isEqualTo("as you wish");
            assertThat(closed.clean()).isTrue();
            assertThat(closed.initiatedByPeer()).isTrue();
            assertThat(peer.closeCodeSeen.get(5, TimeUnit.SECONDS)).as("we echoed its code (RFC 6455 §5.5.1)").isEqualTo(4000);
        }
    }

    @Test
    void aWrongAcceptFailsTheHandshake() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + SecWebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n");
            assertThatThrownBy(() -> WebSocketClient.connect(raw.uri()))
                    .isInstanceOf(HandshakeFailedException.class)
                    .hasMessageContaining("Sec-WebSocket-Accept");
        }
    }

    @Test
    void aSubprotocolWeDidNotOfferFailsTheHandshake() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> accepted(key) + "Sec-WebSocket-Protocol: other\r\n\r\n");
            assertThatThrownBy(() -> WebSocketClient.connect(raw.uri(),
                    ClientOptions.builder().subprotocols("wslab.chat.v1").build()))
                    .isInstanceOf(HandshakeFailedException.class)
                    .hasMessageContaining("Sec-WebSocket-Protocol");
        }
    }

    @Test
    void aRefusalWithoutABodyStillExplainsItself() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 19\r\n\r\norigin not allowed\n");
            assertThatThrownBy(() -> WebSocketClient.connect(raw.uri()))
                    .isInstanceOfSatisfying(HandshakeRefusedException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(403);
                        assertThat(refused.reasonPhrase()).isEqualTo("Forbidden");
                        assertThat(refused.body()).isEqualTo("origin not allowed\n");
                    });
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> "");
            ClientOptions options = ClientOptions.builder().handshakeTimeout(Duration.ofMillis(300)).build();
            assertThatThrownBy(() -> WebSocketClient.connect(raw.uri(), options))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aMaskedFrameFromTheServerFailsTheConnectionWith1002() throws Exception {
        try (RawServer raw = new RawServer()) {
            // RFC 6455 §5.1: a client MUST close the connection if it receives a masked frame.
            byte[] maskedHello = {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 'h' ^ 1, 'e' ^ 2, 'l' ^ 3, 'l' ^ 4, 'o' ^ 1};
            raw.answerThenSend(key -> accepted(key) + "\r\n", maskedHello);
            ClientOptions options = ClientOptions.builder()
                    .limits(Limits.DEFAULTS.withCloseTimeout(Duration.ofSeconds(3))).build();
            try (WebSocketSession session = WebSocketClient.connect(raw.uri(), options)) {
                Event violation = next(session);
                assertThat(violation).isInstanceOf(Event.Violation.class);
                assertThat(((Event.Violation) violation).code().code()).isEqualTo(1002);
                Event.Closed closed = (Event.Closed) next(session);
                // RFC 6455 §7.1.5: no Close came back, so the connection's code is 1006; ours is reported apart.
                assertThat(closed.code()).isEqualTo(1006);
                assertThat(closed.sent()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1002));
                assertThat(closed.clean()).isFalse();
                // We told the peer why: a Close frame with 1002 (masked, since we are the client).
                byte[] sent = raw.received(8, WAIT);
                assertThat(sent[0] & 0xFF).as("FIN + Close").isEqualTo(0x88);
                assertThat(sent[1] & 0x80).as("client frames are masked").isEqualTo(0x80);
                int code = (((sent[6] ^ sent[2]) & 0xFF) << 8) | ((sent[7] ^ sent[3]) & 0xFF);
                assertThat(code).isEqualTo(1002);
                // RFC 6455 §7.1.1: the client leaves closing TCP to the server (within the close timeout).
                Thread.sleep(200);
                assertThat(raw.sawEndOfStream()).as("the client did not close TCP first").isFalse();
                raw.closeConnection();
            }
        }
    }

    @Test
    void aServerThatDisappearsEndsTheSessionWith1006() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answerThenClose(key -> accepted(key) + "\r\n");
            WebSocketSession session = WebSocketClient.connect(raw.uri(), ClientOptions.builder()
                    .limits(Limits.DEFAULTS.withCloseTimeout(Duration.ofSeconds(1))).build());
            Optional<Event.Closed> closed = session.awaitClosed(WAIT);
            assertThat(closed).hasValueSatisfying(c -> {
                assertThat(c.code()).isEqualTo(1006);
                assertThat(c.clean()).isFalse();
            });
            assertThat(session.sendText("anyone?")).isFalse();
            session.close();
        }
    }

    @Test
    void aSilentServerIsProbedAndDroppedAfterTheReadTimeout() throws Exception {
        try (RawServer raw = new RawServer()) {
            // The server answers the upgrade, then says nothing and never answers a Ping (a half-open peer).
            raw.answer(key -> accepted(key) + "\r\n");
            long start = System.nanoTime();
            WebSocketSession session = WebSocketClient.connect(raw.uri(), ClientOptions.builder()
                    .readTimeout(Duration.ofMillis(300))
                    .limits(Limits.DEFAULTS.withPongTimeout(Duration.ofMillis(300))).build());
            Optional<Event.Closed> closed = session.awaitClosed(WAIT);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).hasValueSatisfying(c -> {
                assertThat(c.code()).isEqualTo(1006);
                assertThat(c.reason()).contains("no Pong arrived");
            });
            assertThat(millis).as("read timeout + pong timeout, with room for a slow machine").isBetween(500L, 8_000L);
            // The probe was a Ping, masked as every client frame (RFC 6455 §5.1, §5.5.2).
            byte[] ping = raw.received(2, WAIT);
            assertThat(ping[0] & 0xFF).isEqualTo(0x89);
            assertThat(ping[1] & 0x80).isEqualTo(0x80);
            session.close();
        }
    }

    @Test
    void extensionOffersAreSentAndTheServersChoiceIsReported() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> accepted(key) + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
            WebSocketSession session = WebSocketClient.connect(raw.uri(), ClientOptions.builder()
                    .extensions(List.of(dev.wslab.handshake.ExtensionOffer.of("permessage-deflate"))).build());
            assertThat(session.extensions()).extracting(dev.wslab.handshake.ExtensionOffer::name)
                    .containsExactly("permessage-deflate");
            assertThat(new String(raw.requestHead(), StandardCharsets.US_ASCII))
                    .containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate");
            session.abort();
        }
    }

    /** By default the client offers what browsers offer; {@code deflate(false)} offers nothing. */
    @Test
    void deflateIsOfferedByDefaultAndTheSwitchTurnsItOff() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> accepted(key) + "\r\n");
            WebSocketSession session = WebSocketClient.connect(raw.uri());
            assertThat(new String(raw.requestHead(), StandardCharsets.US_ASCII))
                    .containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
            assertThat(session.extensions()).as("the server may decline (RFC 7692 §5)").isEmpty();
            session.abort();
        }
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> accepted(key) + "\r\n");
            WebSocketSession session = WebSocketClient.connect(raw.uri(), ClientOptions.builder().deflate(false).build());
            assertThat(new String(raw.requestHead(), StandardCharsets.US_ASCII)).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            session.abort();
        }
    }

    /**
     * An answer with {@code client_no_context_takeover; server_max_window_bits=10}: the session compresses what
     * it sends (RSV1 on the first frame, RFC 7692 §6.1) and resets its context per message, so the same message
     * twice goes out as the same bytes.
     */
    @Test
    void anAcceptedDeflateCompressesWithTheAgreedParameters() throws Exception {
        try (RawServer raw = new RawServer()) {
            raw.answer(key -> accepted(key)
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; server_max_window_bits=10\r\n\r\n");
            WebSocketSession session = WebSocketClient.connect(raw.uri());
            assertThat(session.extensions()).extracting(dev.wslab.handshake.ExtensionOffer::name).containsExactly("permessage-deflate");
            String text = "{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"hello hello hello hello\"}";
            assertThat(session.sendText(text)).isTrue();
            assertThat(session.sendText(text)).isTrue();
            byte[] first = raw.received(2, WAIT);
            assertThat(first[0] & 0xFF).as("FIN + RSV1 + text").isEqualTo(0xC1);
            int length = first[1] & 0x7F;
            assertThat(length).as("compressed: shorter than the " + text.length() + "-byte text").isLessThan(text.length());
            byte[] both = raw.received(2 * (2 + 4 + length), WAIT); // header, masking key, payload; twice
            assertThat(both[6 + length] & 0xFF).isEqualTo(0xC1);
            assertThat(both[6 + length + 1] & 0x7F).as("no context takeover: the same size again").isEqualTo(length);
            session.abort();
        }
    }

    /** Only ws:// and wss:// URIs (RFC 6455 §3): others fail before any connection is attempted. */
    @Test
    void onlyWsUrisAreAccepted() {
        assertThatThrownBy(() -> WebSocketClient.connect(URI.create("http://127.0.0.1:1/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSocketClient.connect(URI.create("https://127.0.0.1:1/x")))
                .isInstanceOf(IllegalArgumentException.class);
        // wss:// passes the scheme check and so reaches the (closed) port.
        assertThatThrownBy(() -> WebSocketClient.connect(URI.create("wss://127.0.0.1:1/x")))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aClosedPortIsAnIOException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/")))
                .isInstanceOf(IOException.class);
    }

    private static String accepted(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SecWebSocketAccept.of(key) + "\r\n";
    }

    private static Event next(WebSocketSession session) throws InterruptedException {
        Optional<Event> event = session.nextEvent(WAIT);
        assertThat(event).as("an event within " + WAIT).isPresent();
        return event.get();
    }

    /** Java-WebSocket's server: greets, echoes, and closes with 4000 when asked. */
    static final class PeerServer extends WebSocketServer {
        final CompletableFuture<String> authorization = new CompletableFuture<>();
        final CompletableFuture<Integer> closeCodeSeen = new CompletableFuture<>();
        private final CountDownLatch started = new CountDownLatch(1);

        private PeerServer() {
            super(new InetSocketAddress("127.0.0.1", 0),
                    List.of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("wslab.chat.v1"), new Protocol("")))));
            setReuseAddr(true);
        }

        static PeerServer launch() throws InterruptedException {
            PeerServer server = new PeerServer();
            server.start();
            assertThat(server.started.await(10, TimeUnit.SECONDS)).isTrue();
            return server;
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + getPort() + "/peer");
        }

        @Override
        public void onOpen(WebSocket conn, org.java_websocket.handshake.ClientHandshake handshake) {
            authorization.complete(handshake.hasFieldValue("Authorization") ? handshake.getFieldValue("Authorization") : "");
            conn.send("welcome");
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            if (message.equals("close please")) {
                conn.close(4000, "as you wish");
            } else {
                conn.send(message);
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            conn.send(message);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            closeCodeSeen.complete(code);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // Failures show up in the assertions on the client side.
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    /** One connection on a raw socket: reads the upgrade request and answers with exactly the given bytes. */
    static final class RawServer implements AutoCloseable {
        private static final Pattern KEY = Pattern.compile("(?i)Sec-WebSocket-Key:\\s*(\\S+)");
        private final ServerSocket listener;
        private final ByteArrayOutputStream afterHead = new ByteArrayOutputStream();
        private Thread thread;
        private volatile Socket socket;
        private volatile boolean sawEndOfStream;
        private volatile String requestHead = "";

        RawServer() throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/raw");
        }

        void answer(java.util.function.Function<String, String> response) {
            run(response, new byte[0], false);
        }

        void answerThenSend(java.util.function.Function<String, String> response, byte[] then) {
            run(response, then, false);
        }

        void answerThenClose(java.util.function.Function<String, String> response) {
            run(response, new byte[0], true);
        }

        /** The client's request head, once it arrived. */
        byte[] requestHead() {
            return requestHead.getBytes(StandardCharsets.ISO_8859_1);
        }

        /** True once the client closed its side of TCP. */
        boolean sawEndOfStream() {
            return sawEndOfStream;
        }

        /** Closes the accepted connection, as a server does at the end (RFC 6455 §7.1.1). */
        void closeConnection() throws IOException {
            socket.close();
        }

        /** Waits until at least {@code count} bytes arrived after the request head, and returns them. */
        byte[] received(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (afterHead) {
                    if (afterHead.size() >= count) {
                        return afterHead.toByteArray();
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("fewer than " + count + " bytes arrived");
        }

        private void run(java.util.function.Function<String, String> response, byte[] then, boolean closeAfter) {
            thread = new Thread(() -> {
                try {
                    socket = listener.accept();
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    String head = readHead(in);
                    requestHead = head;
                    Matcher m = KEY.matcher(head);
                    String key = m.find() ? m.group(1) : "";
                    out.write(response.apply(key).getBytes(StandardCharsets.ISO_8859_1));
                    out.write(then);
                    out.flush();
                    if (closeAfter) {
                        socket.close();
                        return;
                    }
                    byte[] buffer = new byte[1024];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        synchronized (afterHead) {
                            afterHead.write(buffer, 0, n);
                        }
                    }
                    sawEndOfStream = true;
                    socket.close();
                } catch (IOException e) {
                    // The test closed the listener or the client went away.
                }
            }, "raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            if (socket != null) {
                socket.close();
            }
            if (thread != null) {
                thread.join(5000);
            }
        }
    }
}
