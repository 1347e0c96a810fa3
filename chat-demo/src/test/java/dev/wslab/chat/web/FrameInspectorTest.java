package dev.wslab.chat.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The frame inspector with the JDK's WebSocket client standing in for the browser. */
class FrameInspectorTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatServer server;
    private static FrameInspector inspector;
    private static String ada;
    private static String bob;

    @BeforeAll
    static void start() {
        inspector = new FrameInspector();
        server = TestServers.start(TestServers.config(), ServerParts.builder().extension(inspector).wireTap(inspector));
        ada = Accounts.registerAndLogin(server, "ada");
        bob = Accounts.registerAndLogin(server, "bob");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Reads the key's records until one matches, for at most 5 s. */
    private static final class Reader {
        final String key;
        final String token;
        long cursor;
        final List<JsonNode> records = new ArrayList<>();

        Reader(String key, String token) {
            this.key = key;
            this.token = token;
        }

        HttpResponse<String> read(double waitSeconds) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(server.httpUri().resolve(
                            FrameInspector.PATH + "/" + key + "?cursor=" + cursor + "&wait=" + waitSeconds))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode body = JSON.readTree(response.body());
                body.get("events").forEach(records::add);
                cursor = body.get("cursor").asLong();
            }
            return response;
        }

        JsonNode await(Predicate<JsonNode> test) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int seen = 0;
            while (System.nanoTime() < deadline) {
                for (; seen < records.size(); seen++) {
                    if (test.test(records.get(seen))) {
                        return records.get(seen);
                    }
                }
                assertThat(read(1).statusCode()).isEqualTo(200);
            }
            throw new AssertionError("no matching record in " + records);
        }
    }

    private static URI inspected(String key) {
        return URI.create(server.chatUri() + "?" + FrameInspector.QUERY_PARAMETER + "=" + key);
    }

    private static boolean frame(JsonNode r, String direction, String opcode) {
        return r.get("type").asText().equals("frame") && r.get("direction").asText().equals(direction)
                && r.get("opcodeName").asText().equals(opcode);
    }

    @Test
    void showsTheHandshakeWithTheTokenRedactedThenEveryFrameAsItCrossedTheWire() throws Exception {
        String key = "test-key-0123456789-a";
        Reader reader = new Reader(key, ada);
        String longText = "x".repeat(200);
        try (JdkChatClient client = JdkChatClient.connectWithSubprotocol(inspected(key), ada)) {
            JsonNode handshake = reader.await(r -> r.get("type").asText().equals("handshake"));
            assertThat(handshake.get("request").asText()).startsWith("GET /ws?inspect=" + key + " HTTP/1.1")
                    .contains("bearer.[redacted]").doesNotContain(ada);
            assertThat(handshake.get("response").asText()).startsWith("HTTP/1.1 101")
                    .contains("Sec-WebSocket-Protocol: wslab.chat.v1");

            client.joinAndWait("inspected");
            client.message("inspected", longText, "m1");
            client.await(ServerEvent.Ok.class, ok -> "m1".equals(ok.id()));

            // RFC 6455 §5.1/§5.3: what the client sent is masked, with a 4-byte key.
            JsonNode sent = reader.await(r -> frame(r, "in", "TEXT") && r.get("preview").asText().contains("\"m1\"")
                    || frame(r, "in", "TEXT") && r.get("payloadLength").asLong() > 200);
            // The preview is cut after 160 characters; the length says how much there was.
            assertThat(sent.get("preview").asText()).startsWith("{\"type\":\"message\"").endsWith("…");
            assertThat(sent.get("masked").asBoolean()).isTrue();
            assertThat(sent.get("maskingKey").asText()).matches("[0-9a-f]{2}( [0-9a-f]{2}){3}");
            assertThat(sent.get("fin").asBoolean()).isTrue();
            assertThat(sent.get("opcode").asInt()).isEqualTo(1);
            // RFC 6455 §5.2: 126–65535 bytes take the 16-bit extended length; header 2 + 2 + 4 (key).
            assertThat(sent.get("payloadLength").asLong()).isGreaterThan(200);
            assertThat(sent.get("lengthForm").asText()).isEqualTo("16-bit");
            assertThat(sent.get("headerLength").asInt()).isEqualTo(8);
            assertThat(sent.get("wireHex").asText()).doesNotStartWith("7b"); // '{' masked is not '{' (unless key byte is 0)

            // What the server sent is not masked.
            JsonNode echoed = reader.await(r -> frame(r, "out", "TEXT") && r.get("preview").asText().contains("\"type\":\"message\""));
            assertThat(echoed.get("masked").asBoolean()).isFalse();
            assertThat(echoed.has("maskingKey")).isFalse();
            assertThat(echoed.get("wireHex").asText()).startsWith("7b 22"); // {" in the clear
        }
        // The closing handshake: the client's close frame, the server's answer, then the end.
        reader.await(r -> frame(r, "in", "CLOSE"));
        JsonNode closeOut = reader.await(r -> frame(r, "out", "CLOSE"));
        assertThat(closeOut.get("preview").asText()).startsWith("1000");
        reader.await(r -> r.get("type").asText().equals("closed"));
    }

    /**
     * permessage-deflate (RFC 7692), as a browser negotiates it: the handshake shows the agreed extension, and
     * each compressed frame has RSV1, its compressed size and bytes on the wire, and the text it inflates to;
     * with context takeover the same line sent again travels in fewer bytes and still inflates in full.
     */
    @Test
    void compressedFramesShowRsv1TheirSizeOnTheWireAndTheInflatedPayload() throws Exception {
        String key = "test-key-deflate-01234567";
        Reader reader = new Reader(key, ada);
        String text = "compressed hello, compressed hello, compressed hello";
        try (dev.wslab.client.WebSocketSession session = dev.wslab.client.WebSocketClient.connect(inspected(key),
                dev.wslab.client.ClientOptions.builder().subprotocols("wslab.chat.v1", "bearer." + ada).build())) {
            JsonNode handshake = reader.await(r -> r.get("type").asText().equals("handshake"));
            assertThat(handshake.get("request").asText()).contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
            assertThat(handshake.get("response").asText()).contains("Sec-WebSocket-Extensions: permessage-deflate");

            String join = "{\"type\":\"join\",\"room\":\"squeezed\",\"id\":\"j1\"}";
            String message = "{\"type\":\"message\",\"room\":\"squeezed\",\"message\":\"" + text + "\",\"id\":\"m1\"}";
            session.sendText(join);
            session.sendText(message);
            session.sendText(message.replace("m1", "m2"));

            JsonNode first = reader.await(r -> frame(r, "in", "TEXT") && r.get("preview").asText().contains("\"m1\""));
            assertThat(first.get("rsv1").asBoolean()).as("RSV1 marks the compressed message").isTrue();
            assertThat(first.get("inflatedLength").asLong()).isEqualTo(message.length());
            assertThat(first.get("payloadLength").asLong()).as("compressed on the wire").isLessThan(message.length());
            assertThat(first.get("preview").asText()).isEqualTo(message);
            JsonNode second = reader.await(r -> frame(r, "in", "TEXT") && r.get("preview").asText().contains("\"m2\""));
            assertThat(second.get("payloadLength").asLong()).as("context takeover: the repeat costs less")
                    .isLessThan(first.get("payloadLength").asLong());

            JsonNode out = reader.await(r -> frame(r, "out", "TEXT") && r.get("preview").asText().contains("\"type\":\"message\""));
            assertThat(out.get("rsv1").asBoolean()).isTrue();
            assertThat(out.get("inflatedLength").asLong()).isGreaterThan(out.get("payloadLength").asLong());
            assertThat(out.get("wireHex").asText()).doesNotStartWith("7b 22"); // DEFLATE, not JSON in the clear
        }
        // Control frames are never compressed (RFC 7692 §6.1).
        JsonNode close = reader.await(r -> frame(r, "in", "CLOSE"));
        assertThat(close.get("rsv1").asBoolean()).isFalse();
        assertThat(close.has("inflatedLength")).isFalse();
    }

    @Test
    void readingTheSideChannelProducesNoRecordsOfItsOwn() throws Exception {
        String key = "test-key-quiet-0123456";
        Reader reader = new Reader(key, ada);
        try (JdkChatClient client = JdkChatClient.connectWithSubprotocol(inspected(key), ada)) {
            client.joinAndWait("quiet");
            reader.await(r -> frame(r, "out", "TEXT") && r.get("preview").asText().contains("\"type\":\"ok\""));
            // Drain, then read a few more times: the side channel is HTTP, so it adds nothing to the stream.
            while (!readReturnsNothing(reader)) {
                // keep draining
            }
            for (int i = 0; i < 5; i++) {
                assertThat(readReturnsNothing(reader)).isTrue();
            }
        }
    }

    private static boolean readReturnsNothing(Reader reader) throws Exception {
        int before = reader.records.size();
        assertThat(reader.read(0).statusCode()).isEqualTo(200);
        return reader.records.size() == before;
    }

    @Test
    void anotherUserCannotReadOrWriteSomeoneElsesStreamAndUnaskedConnectionsAreNotObserved() throws Exception {
        String key = "test-key-private-012345";
        Reader owner = new Reader(key, ada);
        assertThat(owner.read(0).statusCode()).isEqualTo(200); // reading first makes ada the owner
        assertThat(new Reader(key, bob).read(0).statusCode()).isEqualTo(403);

        int channels = inspector.channelCount();
        try (JdkChatClient plain = JdkChatClient.connectWithSubprotocol(server.chatUri(), bob);
             JdkChatClient intruder = JdkChatClient.connectWithSubprotocol(inspected(key), bob)) {
            plain.joinAndWait("elsewhere");
            intruder.joinAndWait("elsewhere");
            assertThat(inspector.channelCount()).isEqualTo(channels);
            // Bob's connection with ada's key was not observed: ada's stream stays empty.
            assertThat(owner.read(0.3).statusCode()).isEqualTo(200);
            assertThat(owner.records).isEmpty();
        }

        HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve(
                FrameInspector.PATH + "/" + key + "?cursor=0&wait=0")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> badKey = HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve(
                FrameInspector.PATH + "/short?cursor=0")).header("Authorization", "Bearer " + ada).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badKey.statusCode()).isEqualTo(404);
    }

    /** A resume token crosses the inspected WebSocket twice (the session reply, the resume command); the inspector shows neither value. */
    @Test
    void neverShowsAResumeToken() throws Exception {
        String key = "test-key-resume-token-a";
        String dee = Accounts.registerAndLogin(server, "dee"); // her own inspector reads: the others' rates stay untouched
        Reader reader = new Reader(key, dee);
        String resumeToken;
        try (JdkChatClient client = JdkChatClient.connectWithSubprotocol(inspected(key), dee)) {
            client.send("{\"type\":\"session\",\"id\":\"s0\"}");
            resumeToken = client.await(ServerEvent.SessionOpened.class, s -> true).resumeToken();
            JsonNode reply = reader.await(r -> r.toString().contains("resumeToken"));
            assertThat(reply.toString()).contains("\\\"resumeToken\\\":\\\"[redacted]\\\"");
            try (JdkChatClient again = JdkChatClient.connectWithSubprotocol(inspected(key), dee)) {
                again.send("{\"type\":\"resume\",\"id\":\"s0\",\"token\":\"" + resumeToken + "\",\"seq\":0}");
                again.await(ServerEvent.Resumed.class, r -> true);
                JsonNode command = reader.await(r -> r.toString().contains("\\\"type\\\":\\\"resume\\\""));
                assertThat(command.toString()).contains("\\\"token\\\":\\\"[redacted]\\\"");
            }
        }
        reader.read(0.2);
        assertThat(reader.records).isNotEmpty();
        assertThat(reader.records).noneMatch(r -> r.toString().contains(resumeToken));
    }
}
