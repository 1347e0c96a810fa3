package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.chat.ChatServer;
import dev.wslab.client.ClientOptions;
import dev.wslab.client.HandshakeRefusedException;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestCertificates;
import dev.wslab.chat.support.TestServers;
import dev.wslab.framing.connection.Event;
import dev.wslab.handshake.ClientHandshake;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 6455 §3 and §10.6: {@code wss://} is the same opening handshake and the same frames inside TLS.
 * The chat server listens with a throwaway self-signed certificate; wslab's own client and the JDK's
 * {@code java.net.http} WebSocket (an independent TLS and WebSocket peer) chat through it.
 */
class ChatOverTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static ChatServer server;
    private static SSLContext trusting;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir);
        server = TestServers.start(TestServers.config().tls(certificates.serverContext()));
        trusting = certificates.clientContext();
        https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(WAIT).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServerAdvertisesSecureUris() {
        assertThat(server.chatUri().getScheme()).isEqualTo("wss");
        assertThat(server.httpUri().getScheme()).isEqualTo("https");
    }

    @Test
    void wslabClientAndJdkClientChatOverWss() throws Exception {
        String alice = loginOverHttps("tls-alice");
        String bob = loginOverHttps("tls-bob");
        ClientOptions options = ClientOptions.builder()
                .sslContext(trusting)
                .subprotocols("wslab.chat.v1")
                .header("Authorization", "Bearer " + alice)
                .handshakeTimeout(WAIT)
                .build();
        try (WebSocketSession session = WebSocketClient.connect(server.chatUri(), options);
             JdkChatClient jdk = JdkChatClient.connectWithSubprotocol(https, server.chatUri(), bob)) {
            assertThat(session.subprotocol()).isEqualTo(Optional.of("wslab.chat.v1"));
            session.sendText("{\"type\":\"join\",\"room\":\"tls\",\"id\":\"a1\"}");
            awaitText(session, "\"ok\"");
            jdk.joinAndWait("tls");

            jdk.message("tls", "hello over TLS", "b1");
            awaitText(session, "hello over TLS");
            session.sendText("{\"type\":\"message\",\"room\":\"tls\",\"message\":\"and back\",\"id\":\"a2\"}");
            jdk.await(dev.wslab.chat.protocol.ServerEvent.class, e -> e.toString().contains("and back"));

            assertThat(session.close(1000, "done")).isTrue();
            Optional<Event.Closed> closed = session.awaitClosed(WAIT);
            assertThat(closed).hasValueSatisfying(c -> {
                assertThat(c.code()).isEqualTo(1000);
                assertThat(c.clean()).as("close handshake completed through TLS").isTrue();
            });
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsFast() {
        ClientOptions untrusting = ClientOptions.builder().handshakeTimeout(WAIT).build();
        long started = System.nanoTime();
        assertThatThrownBy(() -> WebSocketClient.connect(server.echoUri(), untrusting))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("certification path");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a refusal, not a timeout").isLessThan(WAIT);
    }

    @Test
    void hostnameVerificationRejectsACertificateThatDoesNotNameTheHost() throws Exception {
        // A trusted certificate for localhost only, reached as 127.0.0.1: trust alone is not enough,
        // the certificate must name the host in the URI (HTTPS endpoint identification).
        TestCertificates localhostOnly = TestCertificates.generate(dir, "dns:localhost");
        try (ChatServer other = TestServers.start(TestServers.config().tls(localhostOnly.serverContext()))) {
            ClientOptions options = ClientOptions.builder().sslContext(localhostOnly.clientContext())
                    .handshakeTimeout(WAIT).build();
            assertThatThrownBy(() -> WebSocketClient.connect(other.echoUri(), options))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void authRefusalOverTlsIsStillA401BeforeAnyUpgrade() {
        ClientOptions noToken = ClientOptions.builder().sslContext(trusting).subprotocols("wslab.chat.v1")
                .handshakeTimeout(WAIT).build();
        assertThatThrownBy(() -> WebSocketClient.connect(server.chatUri(), noToken))
                .isInstanceOfSatisfying(HandshakeRefusedException.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    void aFrameSentInTheSameTlsWriteAsTheUpgradeRequestIsNotLost() throws Exception {
        // The bytes after the request head arrive decrypted together with it; the upgrade must hand them
        // to our decoder (RFC 6455 §4.1: the client may send frames right after its handshake).
        byte[] request = ClientHandshake.forUri(server.echoUri()).build().requestBytes();
        byte[] payload = "early".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(request);
        both.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0}); // FIN text, zero mask
        both.write(payload);
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(both.toByteArray());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the response head is complete").isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            byte[] frame = in.readNBytes(2 + payload.length);
            assertThat(frame[0]).isEqualTo((byte) 0x81);
            assertThat(frame[1]).isEqualTo((byte) payload.length);
            assertThat(new String(frame, 2, payload.length, StandardCharsets.US_ASCII))
                    .isEqualTo("early");
        }
    }

    private static void awaitText(WebSocketSession session, String fragment) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            Optional<Event> event = session.nextEvent(WAIT);
            assertThat(event).as("an event within " + WAIT).isPresent();
            if (event.get() instanceof Event.Text text && text.text().contains(fragment)) {
                return;
            }
        }
        throw new AssertionError("no text containing " + fragment);
    }

    private static String loginOverHttps(String name) throws Exception {
        String body = Accounts.credentials(name, "password-" + name);
        assertThat(post("/api/register", body).statusCode()).isEqualTo(201);
        HttpResponse<String> login = post("/api/login", body);
        assertThat(login.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body()).get("token").asText();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.httpUri().resolve(path))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return https.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
