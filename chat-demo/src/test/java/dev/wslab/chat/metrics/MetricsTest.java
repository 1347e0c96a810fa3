package dev.wslab.chat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.RateLimit;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.polling.PollingTransport;
import dev.wslab.chat.web.FrameInspector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a known sequence of connects, messages, refusals and closes gives exactly the expected
 * values in {@code GET /metrics} (the exposition text, parsed). What the server sent is counted by the
 * clients themselves, frame by frame (raw sockets: no compression, every byte known).
 */
class MetricsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aKnownSequenceGivesExactlyTheExpectedValues() throws Exception {
        // Every limit small enough to be hit once; the login buckets refill one permit per 400 s or slower,
        // so none comes back while the test runs.
        ChatLimits limits = TestServers.GENEROUS_LIMITS.toBuilder()
                .messageRate(new RateLimit(3, Duration.ofSeconds(60)))
                .loginPerAddress(new RateLimit(9, Duration.ofHours(1)))
                .loginPerName(new RateLimit(2, Duration.ofHours(1)))
                .maxSessionsPerUser(1)
                .maxInspectorStreams(1)
                .build();
        try (ChatServer server = TestServers.start(TestServers.config().limits(limits),
                ServerParts.builder().extension(new PollingTransport()).extension(new FrameInspector()))) {
            Map<String, Double> before = scrape(server);
            assertThat(value(before, "wslab_connections_open", "transport", "websocket")).isZero();
            assertThat(value(before, "wslab_handshakes_total", "outcome", "accepted", "status", "101")).isZero();

            // One refused upgrade (no token: 401), two accepted.
            try (RawClient anonymous = RawClient.connect(server.port())) {
                anonymous.write(RawClient.upgradeRequest("/ws", server.port()));
                assertThat(anonymous.readHead().status()).isEqualTo(401);
            }
            // Logins and registrations so far, all from this address: 4 (alice's and bob's).
            String aliceToken = Accounts.registerAndLogin(server, "alice");
            Peer alice = Peer.open(server, aliceToken);
            Peer bob = Peer.open(server, Accounts.registerAndLogin(server, "bob"));
            // alice's second connection passes her one session (--max-sessions-per-user 1): 429.
            try (RawClient second = RawClient.connect(server.port())) {
                second.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + aliceToken));
                assertThat(second.readHead().status()).isEqualTo(429);
            }
            Map<String, Double> open = scrape(server);
            assertThat(value(open, "wslab_connections_open", "transport", "websocket")).isEqualTo(2);

            bob.send("{\"type\":\"join\",\"room\":\"r\",\"id\":\"b1\"}");
            bob.readUntil(f -> f.text().contains("\"ok\""));
            alice.send("{\"type\":\"join\",\"room\":\"r\",\"id\":\"a1\"}");
            alice.readUntil(f -> f.text().contains("\"ok\""));
            assertThat(value(scrape(server), "wslab_rooms")).isEqualTo(1);
            // The message rate is 3 per minute: the join and two messages pass, the last two are refused.
            alice.send("{\"type\":\"message\",\"room\":\"r\",\"message\":\"m1\",\"id\":\"a2\"}");
            alice.send("{\"type\":\"message\",\"room\":\"r\",\"message\":\"m2\",\"id\":\"a3\"}");
            alice.send("{\"type\":\"message\",\"room\":\"r\",\"message\":\"m3\",\"id\":\"a4\"}");
            alice.send("{\"type\":\"message\",\"room\":\"r\",\"message\":\"m4\",\"id\":\"a5\"}");
            alice.readUntil(f -> f.text().contains("\"a5\""));
            bob.readUntil(f -> f.text().contains("\"m2\""));
            alice.close(1000);
            bob.close(3001);

            // A polling session with one command.
            String carol = Accounts.registerAndLogin(server, "carol");
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve("/poll/sessions"))
                    .header("Authorization", "Bearer " + carol).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            String session = created.headers().firstValue("Location").orElseThrow();
            // A second polling session for carol passes her one session too: 429.
            assertThat(HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve("/poll/sessions"))
                    .header("Authorization", "Bearer " + carol).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(429);
            String command = "{\"type\":\"join\",\"room\":\"p\",\"id\":\"c1\"}";
            assertThat(HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve(session + "/commands"))
                    .header("Authorization", "Bearer " + carol).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(command)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            String events = HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve(session + "/events?cursor=0&wait=0"))
                    .header("Authorization", "Bearer " + carol).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            int eventCount = new com.fasterxml.jackson.databind.ObjectMapper().readTree(events).get("events").size();
            long eventChars = 0;
            for (com.fasterxml.jackson.databind.JsonNode event : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(events).get("events")) {
                eventChars += event.toString().length();
            }

            // One inspector stream is carol's cap (--max-inspector-streams 1): the second key is refused, 429.
            assertThat(inspect(server, carol, "first-inspector-key").statusCode()).isEqualTo(200);
            assertThat(inspect(server, carol, "second-inspector-key").statusCode()).isEqualTo(429);
            // Logins and registrations: carol's made 6; a third for her name is refused (per name, 2): 7.
            assertThat(Accounts.post(server, "/api/login", Accounts.credentials("carol", "password-carol")).status())
                    .isEqualTo(429);
            // dave registers and logs in (8, 9); the next attempt from this address is refused (per address, 9).
            Accounts.registerAndLogin(server, "dave");
            assertThat(Accounts.post(server, "/api/login", Accounts.credentials("dave", "password-dave")).status())
                    .isEqualTo(429);

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Map<String, Double> after = scrape(server);
            while (value(after, "wslab_connections_open", "transport", "websocket") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = scrape(server);
            }
            assertThat(value(after, "wslab_connections_open", "transport", "websocket")).isZero();
            assertThat(value(after, "wslab_handshakes_total", "outcome", "accepted", "status", "101")).isEqualTo(2);
            assertThat(value(after, "wslab_handshakes_total", "outcome", "rejected", "status", "401")).isEqualTo(1);
            assertThat(value(after, "wslab_handshakes_total", "outcome", "rejected", "status", "429")).isEqualTo(1);
            assertThat(value(after, "wslab_messages_received_total", "transport", "websocket")).isEqualTo(6);
            assertThat(value(after, "wslab_received_bytes_total", "transport", "websocket"))
                    .isEqualTo(alice.bytesWritten + bob.bytesWritten);
            assertThat(value(after, "wslab_messages_sent_total", "transport", "websocket"))
                    .isEqualTo(alice.textFrames() + bob.textFrames());
            assertThat(value(after, "wslab_sent_bytes_total", "transport", "websocket"))
                    .isEqualTo(alice.bytesRead + bob.bytesRead);
            // Every refusal, labelled with the limit (its flag) that refused it.
            assertThat(refusals(after, "message-rate", "websocket")).isEqualTo(2);
            assertThat(refusals(after, "message-rate", "polling")).isZero();
            assertThat(refusals(after, "max-sessions-per-user", "websocket")).isEqualTo(1);
            assertThat(refusals(after, "max-sessions-per-user", "polling")).isEqualTo(1);
            assertThat(refusals(after, "max-inspector-streams", "http")).isEqualTo(1);
            assertThat(refusals(after, "login-rate-per-name", "http")).isEqualTo(1);
            assertThat(refusals(after, "login-rate-per-address", "http")).isEqualTo(1);
            assertThat(after.keySet().stream().filter(k -> k.startsWith("wslab_rate_limit_refusals_total{")))
                    .as("every refusal series, and no other").hasSize(7);
            assertThat(value(after, "wslab_close_frames_total", "direction", "received", "code", "1000")).isEqualTo(1);
            assertThat(value(after, "wslab_close_frames_total", "direction", "received", "code", "3001")).isEqualTo(1);
            // What the server answered each Close with, as the clients read it.
            Map<String, Double> sentCodes = new HashMap<>();
            for (Peer peer : List.of(alice, bob)) {
                sentCodes.merge(Integer.toString(peer.closeCodeReceived), 1.0, Double::sum);
            }
            sentCodes.forEach((code, n) -> assertThat(value(scrapeQuiet(server), "wslab_close_frames_total", "direction",
                    "sent", "code", code)).as("Close %s sent", code).isEqualTo(n));
            assertThat(value(after, "wslab_slow_consumer_cuts_total", "bound", "client", "transport", "websocket")).isZero();
            assertThat(value(after, "wslab_polling_sessions")).isEqualTo(1);
            assertThat(value(after, "wslab_connections_open", "transport", "polling")).isEqualTo(1);
            assertThat(value(after, "wslab_messages_received_total", "transport", "polling")).isEqualTo(1);
            assertThat(value(after, "wslab_received_bytes_total", "transport", "polling")).isEqualTo(command.length());
            assertThat(value(after, "wslab_messages_sent_total", "transport", "polling")).isEqualTo(eventCount);
            assertThat(value(after, "wslab_sent_bytes_total", "transport", "polling")).isEqualTo(eventChars);
            assertThat(value(after, "wslab_session_resumes_total")).isZero();
            assertThat(value(after, "wslab_outbound_queued_max_bytes")).isEqualTo(server.config().maxOutboundTotalBytes());
            assertThat(value(after, "wslab_jvm_threads_live_threads")).isPositive();
            assertThat(after.keySet()).allSatisfy(series -> assertThat(series).startsWith("wslab_"));
        }
    }

    @Test
    void onlyTheAllowedClientsMayReadTheMetricsAndOffMeansNoRoute() throws Exception {
        try (ChatServer loopback = TestServers.start(TestServers.config());
             ChatServer elsewhere = TestServers.start(TestServers.config().metricsFrom("10.0.0.0/8"));
             ChatServer off = TestServers.start(TestServers.config().metricsFrom("off"))) {
            HttpResponse<String> ok = get(loopback.httpUri().resolve("/metrics"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(get(elsewhere.httpUri().resolve("/metrics")).statusCode()).isEqualTo(403);
            assertThat(get(off.httpUri().resolve("/metrics")).statusCode()).isEqualTo(404);
        }
    }

    private static double refusals(Map<String, Double> samples, String limit, String transport) {
        return value(samples, "wslab_rate_limit_refusals_total", "limit", limit, "transport", transport);
    }

    private static HttpResponse<String> inspect(ChatServer server, String token, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve(FrameInspector.PATH + "/" + key + "?cursor=0&wait=0"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample of the exposition, keyed {@code name{k="v",...}} with the labels in the order given. */
    static Map<String, Double> scrape(ChatServer server) throws Exception {
        HttpResponse<String> response = get(server.httpUri().resolve("/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static Map<String, Double> scrapeQuiet(ChatServer server) {
        try {
            return scrape(server);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The sample of {@code name} with exactly these labels (key, value pairs, any order); 0 when absent. */
    static double value(Map<String, Double> samples, String name, String... labels) {
        StringBuilder key = new StringBuilder(name);
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>(); // the exposition sorts labels by name
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        if (!sorted.isEmpty()) {
            key.append('{');
            sorted.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k).append("=\"")
                    .append(v).append('"'));
            key.append('}');
        }
        return samples.getOrDefault(key.toString(), 0.0);
    }

    /** A chat client on a raw socket that counts every byte it writes and reads after the 101. */
    private static final class Peer {
        final RawClient client;
        final List<RawClient.RawFrame> frames = new ArrayList<>();
        long bytesWritten;
        long bytesRead;
        int closeCodeReceived;

        private Peer(RawClient client) {
            this.client = client;
        }

        static Peer open(ChatServer server, String token) {
            RawClient client = RawClient.connect(server.port());
            client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
            assertThat(client.readHead().status()).isEqualTo(101);
            return new Peer(client);
        }

        void send(String json) {
            write(RawClient.text(json));
        }

        void write(byte[] frame) {
            client.write(frame);
            bytesWritten += frame.length;
        }

        RawClient.RawFrame read() {
            RawClient.RawFrame frame = client.readFrame();
            int length = frame.payload().length;
            bytesRead += length + (length <= 125 ? 2 : length <= 65535 ? 4 : 10);
            frames.add(frame);
            return frame;
        }

        void readUntil(Predicate<RawClient.RawFrame> test) {
            while (true) {
                RawClient.RawFrame frame = read();
                assertThat(frame.opcode()).as("closed early: %s", frame.text()).isNotEqualTo(0x8);
                if (frame.opcode() == 0x1 && test.test(frame)) {
                    return;
                }
            }
        }

        void close(int code) {
            write(RawClient.frame(true, 0x8, true, new byte[] {(byte) (code >> 8), (byte) code}));
            while (true) {
                RawClient.RawFrame frame = read();
                if (frame.opcode() == 0x8) {
                    closeCodeReceived = frame.closeCode();
                    break;
                }
            }
            client.awaitEof();
            client.close();
        }

        long textFrames() {
            return frames.stream().filter(f -> f.opcode() == 0x1).count();
        }
    }
}
