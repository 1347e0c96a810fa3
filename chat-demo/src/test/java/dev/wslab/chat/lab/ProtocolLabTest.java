package dev.wslab.chat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.support.TestServers;
import dev.wslab.framing.Role;
import dev.wslab.framing.deflate.MessageCompressor;
import dev.wslab.framing.explain.FrameAnnotator;
import dev.wslab.handshake.HandshakeExplainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lab's JSON endpoints on a real chat server: what they answer, and how they refuse bad input. */
class ProtocolLabTest {
    private static ChatServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String path, Object body) throws Exception {
        HttpResponse<String> r = post(path, JsonHttp.mapper().writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonHttp.mapper().readTree(r.body());
    }

    @Test
    void thePageIsServedWithoutLoginAndLinkedFromTheChatPage() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/lab/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Handshake lab").contains("Frame lab").contains("lab.js");
        HttpResponse<String> bare = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/lab")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).contains("/lab/");
        HttpResponse<String> chat = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chat.body()).contains("href=\"/lab/\"");
    }

    @Test
    void theSameOriginRulesApply() throws Exception {
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/lab/api/examples"))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
    }

    @Test
    void theHandshakeLabExplainsTheSeedsRequestUnderEachOriginPolicy() throws Exception {
        String seed = HandshakeExplainer.SEED_REQUEST.replace("\r\n", "\n");
        JsonNode any = ok("/lab/api/handshake", Map.of("request", seed, "originPolicy", "any"));
        assertThat(any.get("accepted").asBoolean()).isTrue();
        assertThat(any.get("decision").get("status").asInt()).isEqualTo(101);
        assertThat(any.get("key").get("accept").asText()).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        assertThat(any.get("key").get("steps").size()).isGreaterThanOrEqualTo(4);
        assertThat(any.get("notes").toString()).contains("CRLF");

        JsonNode sameHost = ok("/lab/api/handshake", Map.of("request", seed, "originPolicy", "same-host"));
        assertThat(sameHost.get("decision").get("status").asInt()).isEqualTo(403);
        assertThat(sameHost.get("decision").get("response").asText()).startsWith("HTTP/1.1 403 Forbidden\\r\\n");
        JsonNode originRule = null;
        for (JsonNode check : sameHost.get("checks")) {
            if (check.get("rule").asText().contains("Origin")) {
                originRule = check;
            }
        }
        assertThat(originRule).isNotNull();
        assertThat(originRule.get("passed").asBoolean()).isFalse();
        assertThat(originRule.get("section").asText()).contains("§4.2.2");

        JsonNode listed = ok("/lab/api/handshake", Map.of("request", seed, "originPolicy", "same-host",
                "allowedOrigins", "http://localhost:9000"));
        assertThat(listed.get("accepted").asBoolean()).isTrue();
    }

    @Test
    void theFrameLabAnnotatesBuildsAndInflates() throws Exception {
        JsonNode hello = ok("/lab/api/frame", Map.of("hex", "81 85 37 fa 21 3d 7f 9f 4d 51 58", "sender", "client"));
        assertThat(hello.get("valid").asBoolean()).isTrue();
        assertThat(hello.get("text").asText()).contains("MASK").contains("Hello");

        JsonNode ping = ok("/lab/api/frame", Map.of("hex", "89 7e 00 7e"));
        assertThat(ping.get("violation").get("closeCode").asInt()).isEqualTo(1002);

        JsonNode built = ok("/lab/api/build", Map.of("opcode", "text", "payloadText", "Hello", "mask", "37fa213d"));
        assertThat(built.get("hex").asText()).isEqualTo("81 85 37 fa 21 3d 7f 9f 4d 51 58");

        JsonNode compressed = ok("/lab/api/frame", Map.of("hex", "c1 07 f2 48 cd c9 c9 07 00", "sender", "server",
                "deflate", true));
        assertThat(compressed.get("withDeflate").get("valid").asBoolean()).isTrue();
        assertThat(compressed.get("withDeflate").get("messages").get(0).get("text").asText()).isEqualTo("Hello");

        JsonNode roundTrip = ok("/lab/api/build", Map.of("opcode", "text", "payloadText", "Hello Hello Hello", "compress", true));
        JsonNode inflated = ok("/lab/api/frame", Map.of("hex", roundTrip.get("hex").asText(), "deflate", true));
        assertThat(inflated.get("withDeflate").get("messages").get(0).get("text").asText()).isEqualTo("Hello Hello Hello");
    }

    @Test
    void withDeflateTheVerdictsComeFromTheConnectionsRuleHomes() throws Exception {
        // A decompression bomb: 70000 zero bytes compress to a few dozen. The message layer's size limit
        // (Limits.DEFAULTS, 64 KiB) decides, exactly as for a wslab endpoint and ./wslab annotate --extensions.
        byte[] compressed;
        try (MessageCompressor compressor = new MessageCompressor(9, 15, false)) {
            compressed = compressor.compress(new byte[70_000]);
        }
        byte[] frame = new byte[2 + compressed.length];
        frame[0] = (byte) 0xC2; // FIN, RSV1, BINARY
        frame[1] = (byte) compressed.length;
        System.arraycopy(compressed, 0, frame, 2, compressed.length);
        String bombHex = java.util.HexFormat.ofDelimiter(" ").formatHex(frame);
        JsonNode bomb = ok("/lab/api/frame", Map.of("hex", bombHex, "sender", "server", "deflate", true));
        JsonNode verdict = bomb.get("withDeflate");
        assertThat(verdict.get("valid").asBoolean()).isFalse();
        assertThat(verdict.get("violation").get("closeCode").asInt()).isEqualTo(1009);
        String expected = FrameAnnotator.forSender(Role.SERVER).withPerMessageDeflate(false, false, 15, 15)
                .annotate(frame).violation().orElseThrow().explanation();
        assertThat(verdict.get("violation").get("explanation").asText()).isEqualTo(expected).contains("once decoded by the extension");
        assertThat(bomb.get("text").asText()).contains("1009");

        JsonNode corrupt = ok("/lab/api/frame", Map.of("hex", "c1 04 ff ff ff ff", "sender", "server", "deflate", true));
        assertThat(corrupt.get("withDeflate").get("violation").get("closeCode").asInt()).isEqualTo(1007);
        assertThat(corrupt.get("withDeflate").get("violation").get("explanation").asText()).contains("cannot be inflated");
    }

    @Test
    void badInputGetsAClearMessageAndNeverAStackTrace() throws Exception {
        HttpResponse<String> notHex = post("/lab/api/frame", "{\"hex\":\"81 zz\"}");
        assertThat(notHex.statusCode()).isEqualTo(400);
        assertThat(notHex.body()).contains("not_hex").contains("'z' is not a hex digit");

        HttpResponse<String> odd = post("/lab/api/frame", "{\"hex\":\"81 0\"}");
        assertThat(odd.body()).contains("odd number of hex digits");

        HttpResponse<String> huge = post("/lab/api/frame", "{\"hex\":\"" + "ab".repeat(5_000_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("body_too_large").contains(Integer.toString(ProtocolLab.MAX_BODY_BYTES));

        HttpResponse<String> tooManyBytes = post("/lab/api/frame", "{\"hex\":\"" + "ab".repeat(20_000) + "\"}");
        assertThat(tooManyBytes.statusCode()).isEqualTo(413);
        assertThat(tooManyBytes.body()).contains("at most " + LabInput.MAX_FRAME_BYTES);

        // The same body sent chunked (no Content-Length) meets the same limits: the lab's, not a smaller server-wide cap.
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/lab/api/frame"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"hex\":\"" + "ab".repeat(20_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("at most " + LabInput.MAX_FRAME_BYTES);

        HttpResponse<String> notJson = post("/lab/api/handshake", "GET / HTTP/1.1");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("bad_json");

        JsonNode invalid = ok("/lab/api/handshake", Map.of("request", "hello there\n\n"));
        assertThat(invalid.get("accepted").asBoolean()).isFalse();
        assertThat(invalid.has("parseError") || invalid.get("decision").get("status").asInt() >= 400).isTrue();

        HttpResponse<String> policy = post("/lab/api/handshake", "{\"request\":\"GET / HTTP/1.1\\n\\n\",\"originPolicy\":\"nobody\"}");
        assertThat(policy.statusCode()).isEqualTo(400);
        assertThat(policy.body()).contains("originPolicy must be");

        HttpResponse<String> key = post("/lab/api/build", "{\"mask\":\"12\"}");
        assertThat(key.body()).contains("exactly 8 hex digits");

        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUri() + "/lab/api/frame")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        for (HttpResponse<String> r : java.util.List.of(notHex, odd, huge, tooManyBytes, notJson, policy, key, get)) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        }
    }

    @Test
    void everyExerciseIsAnsweredByTheLabsOwnCheck() throws Exception {
        Map<String, String> answers = Exercises.answers();
        assertThat(answers).hasSizeGreaterThanOrEqualTo(12);
        for (Map.Entry<String, String> e : answers.entrySet()) {
            JsonNode right = ok("/lab/api/check", Map.of("id", e.getKey(), "answer", " " + e.getValue() + ". "));
            assertThat(right.get("correct").asBoolean()).as(e.getKey()).isTrue();
            JsonNode wrong = ok("/lab/api/check", Map.of("id", e.getKey(), "answer", "42x"));
            assertThat(wrong.get("correct").asBoolean()).as(e.getKey()).isFalse();
        }
        assertThat(answers).containsEntry("ch1-client-hello", "11").containsEntry("ch2-old-draft", "400")
                .containsEntry("ch2-seed-chat-policy", "403").containsEntry("ch3-oversized-ping", "1002")
                .containsEntry("ch4-bad-utf8", "1007").containsEntry("ch5-close-1005", "1002")
                .containsEntry("ch7-ping-answer", "PONG").containsEntry("ch7-close-answer", "1000")
                .containsEntry("ch9-dropped-code", "1006").containsEntry("ch10-rsv1", "RSV1")
                .containsEntry("ch10-tail", "00 00 ff ff").containsEntry("ch10-bomb", "1009");
        // The bomb exercise's frame, read by the frame lab with the extension, gets the verdict it asks for.
        JsonNode bomb = ok("/lab/api/frame", Map.of("hex", Exercises.byId("ch10-bomb").orElseThrow().start().get("hex"),
                "sender", "server", "deflate", true));
        assertThat(bomb.get("withDeflate").get("violation").get("closeCode").asInt()).isEqualTo(1009);
        assertThat(ok("/lab/api/check", Map.of("id", "ch3-unmask", "answer", "HELLO")).get("correct").asBoolean()).isTrue();
        assertThat(ok("/lab/api/check", Map.of("id", "ch2-accept", "answer", answers.get("ch2-accept").toLowerCase()))
                .get("correct").asBoolean()).as("base64 is case-sensitive").isFalse();
        HttpResponse<String> unknown = post("/lab/api/check", "{\"id\":\"ch99\",\"answer\":\"1\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("there is no exercise 'ch99'");
        for (int chapter = 1; chapter <= 10; chapter++) {
            assertThat(Exercises.ofChapter(chapter).size()).as("exercises of chapter %d", chapter).isBetween(2, 3);
        }
    }
}
