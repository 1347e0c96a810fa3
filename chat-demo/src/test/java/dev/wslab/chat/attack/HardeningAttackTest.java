package dev.wslab.chat.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.RateLimit;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.polling.PollingConfig;
import dev.wslab.chat.web.FrameInspector;
import dev.wslab.chat.web.WebClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's findings, each reproduced against the real server over raw sockets and the JDK's HTTP
 * client, asserting the safe answer. The server runs with the shipped {@link ChatLimits#DEFAULTS}
 * except shorter HTTP timeouts (so a test waits seconds, not a minute) and a small room total where
 * a test must reach it. Timing bounds are generous: a loaded CI machine must still pass.
 * (Findings 2, the close timeout, and 3, presence per user, have their own tests.)
 */
@Timeout(120)
class HardeningAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Attacks come from another loopback address, so the victim's own rate limits are untouched. */
    private static final String ATTACKER = "127.0.0.2";
    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final RateLimit FAST_COMMANDS = new RateLimit(10_000, Duration.ofSeconds(1));

    private ChatServer server;

    private ChatServer start(UnaryOperator<ChatLimits.Builder> limits) {
        ChatLimits chosen = limits.apply(ChatLimits.builder()
                .requestParseTimeout(SHORT).noRequestTimeout(SHORT).bodyTimeout(SHORT)).build();
        server = TestServers.start(TestServers.config().limits(chosen), WebClients.addTo(ServerParts.builder()));
        return server;
    }

    private ChatServer start() {
        return start(b -> b);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private RawClient chat(String token) {
        RawClient client = RawClient.connect(server.port());
        client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
        assertThat(client.readHead().status()).isEqualTo(101);
        return client;
    }

    private static void send(RawClient client, String json) {
        client.write(RawClient.frame(true, 0x1, true, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String join(String room, String id) {
        return JSON.createObjectNode().put("type", "join").put("room", room).put("id", id).toString();
    }

    // ------------------------------------------------------------------ 1. timeouts

    @Nested
    class Finding1SlowClients {

        @Test
        void aNormalLoginAnswersWithinTwoSecondsWhile50SlowBodiesAnd500UnfinishedHeadsAreHeld() throws Exception {
            start();
            Accounts.post(server, "/api/register", Accounts.credentials("victim", "password-victim"));
            List<RawHttp> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    attackers.add(RawHttp.open(server.port(), ATTACKER).send("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:"
                            + server.port() + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
                }
                for (int i = 0; i < 500; i++) {
                    attackers.add(RawHttp.open(server.port(), ATTACKER).send("GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                            + server.port() + "\r\nX-Never-Ends: "));
                }
                long started = System.nanoTime();
                HttpResponse<String> login = post("/api/login", "application/json",
                        Accounts.credentials("victim", "password-victim"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(login.statusCode()).isEqualTo(200);
                assertThat(millis).as("login time in ms under attack").isLessThan(2_000);
                assertThat(get("/", null).statusCode()).isEqualTo(200);
            } finally {
                attackers.forEach(RawHttp::close);
            }
        }

        @Test
        void aBodyThatNeverCompletesGets408WithinTheDeadlineAndTheConnectionCloses() {
            start();
            try (RawHttp slow = RawHttp.open(server.port(), ATTACKER)) {
                long started = System.nanoTime();
                slow.send("POST /api/register HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
                RawHttp.Answer answer = slow.read();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(answer.status()).isEqualTo(408);
                assertThat(answer.body()).contains("request_timeout");
                assertThat(millis).isBetween(SHORT.toMillis() - 200, SHORT.toMillis() + 4_000);
                assertThat(slow.closedWithin(5_000)).isTrue();
            }
        }

        @Test
        void anUnfinishedHeadAndAnIdleConnectionAreClosed() {
            start();
            try (RawHttp half = RawHttp.open(server.port(), ATTACKER); RawHttp silent = RawHttp.open(server.port(), ATTACKER)) {
                half.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nX-Never-Ends: ");
                assertThat(half.closedWithin(SHORT.toMillis() + 8_000)).as("unfinished head closed").isTrue();
                assertThat(silent.closedWithin(SHORT.toMillis() + 8_000)).as("silent connection closed").isTrue();
            }
        }

        @Test
        void aBodyOverTheCapGets413BeforeItIsRead() {
            start();
            try (RawHttp big = RawHttp.open(server.port(), ATTACKER)) {
                big.send("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{");
                RawHttp.Answer answer = big.read();
                assertThat(answer.status()).isEqualTo(413);
                assertThat(answer.body()).contains("body_too_large");
            }
        }
    }

    /**
     * A refused body is not cut off mid-flight (RFC 9112 §9.6): closing with unread bytes makes the
     * kernel send a reset, which can erase the refusal before the client reads it. The server answers,
     * reads and drops the rest for a bounded time and amount, then closes cleanly.
     */
    @Nested
    class RefusedBodiesLingerBeforeTheClose {
        private static final int BIG = 4_000_000;

        private String head(String path, String contentType, String framing) {
            return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: " + contentType
                    + "\r\n" + framing + "\r\n\r\n";
        }

        private static byte[] chunked(int total) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < total; sent += chunk.length) {
                out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(chunk);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        @Test
        void theClientFinishesSendingReadsTheRefusalAndSeesACleanClose() throws Exception {
            start();
            record Case(String name, String head, byte[] body, int status, String error) {}
            byte[] spaces = new byte[BIG];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (Case c : List.of(
                    new Case("Content-Length over the cap", head("/api/login", "application/json", "Content-Length: " + BIG),
                            spaces, 413, "body_too_large"),
                    new Case("chunked over the cap", head("/api/login", "application/json", "Transfer-Encoding: chunked"),
                            chunked(BIG), 413, "body_too_large"),
                    new Case("not JSON", head("/api/register", "text/plain", "Content-Length: " + BIG),
                            spaces, 415, "unsupported_media_type"))) {
                try (RawHttp client = RawHttp.open(server.port(), ATTACKER)) {
                    client.send(c.head());
                    var writing = client.writeInBackground(c.body());
                    RawHttp.Answer answer = client.read();
                    assertThat(answer.status()).as(c.name()).isEqualTo(c.status());
                    assertThat(answer.body()).as(c.name()).contains(c.error());
                    assertThat(answer.header("Connection")).as(c.name()).isEqualToIgnoringCase("close");
                    assertThat(writing.get(20, java.util.concurrent.TimeUnit.SECONDS)).as(c.name() + ": the server read the whole body")
                            .isEqualTo(c.body().length);
                    assertThat(client.endsCleanlyWithin(5_000)).as(c.name() + ": FIN, not a reset").isTrue();
                }
            }
        }

        @Test
        void aRefusedBodyIsDroppedForAtMost16MiBThenTheConnectionCloses() throws Exception {
            start();
            try (RawHttp client = RawHttp.open(server.port(), ATTACKER)) {
                int declared = 200_000_000;
                client.send(head("/api/login", "application/json", "Content-Length: " + declared));
                var writing = client.writeInBackground(new byte[declared]);
                RawHttp.Answer answer = client.read();
                assertThat(answer.status()).isEqualTo(413);
                assertThat(writing).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withMessageContaining("write failed after");
            }
        }

        @Test
        void aRefusedBodyThatTricklesIsDroppedForTheLingerThenTheConnectionCloses() throws Exception {
            start();
            try (RawHttp client = RawHttp.open(server.port(), ATTACKER)) {
                client.send(head("/api/login", "application/json", "Content-Length: 1000000") + "{\"name\":");
                assertThat(client.read().status()).isEqualTo(413);
                long started = System.nanoTime();
                // The server has half-closed (its FIN follows the 413) but still reads what we send; once
                // the linger is over it closes for good, and our next writes fail.
                long failedAfter = client.trickleUntilWriteFails(Duration.ofMillis(200), Duration.ofSeconds(15));
                assertThat(failedAfter).as("ms until the server stopped reading").isBetween(4_000L, 9_000L);
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
            }
        }
    }

    // ------------------------------------------------------------------ 4. Host and Origin

    @Nested
    class Finding4HostAndOrigin {

        @Test
        void aForeignHostGets421OnEveryRouteIncludingTheUpgrade() {
            start();
            String evil = "Host: evil.example:" + server.port();
            for (String request : List.of(
                    "GET / HTTP/1.1\r\n" + evil + "\r\n\r\n",
                    "GET /api/rooms HTTP/1.1\r\n" + evil + "\r\n\r\n",
                    "POST /poll/sessions HTTP/1.1\r\n" + evil + "\r\nContent-Length: 0\r\n\r\n",
                    "POST /api/register HTTP/1.1\r\n" + evil + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                    RawClient.upgradeRequest("/ws", server.port(), "Origin: http://evil.example:" + server.port())
                            .replace("Host: 127.0.0.1:" + server.port(), evil))) {
                try (RawHttp client = RawHttp.open(server.port(), ATTACKER)) {
                    RawHttp.Answer answer = client.send(request).read();
                    assertThat(answer.status()).as(request.lines().findFirst().orElseThrow()).isEqualTo(421);
                    assertThat(answer.body()).contains("misdirected_request");
                }
            }
        }

        @Test
        void localhostAndTheBoundAddressAreServed() throws Exception {
            start();
            for (String host : List.of("127.0.0.1:" + server.port(), "localhost:" + server.port(), "LOCALHOST:" + server.port())) {
                try (RawHttp client = RawHttp.open(server.port())) {
                    assertThat(client.send("GET /health HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read().status())
                            .as(host).isEqualTo(200);
                }
            }
        }

        @Test
        void anUpgradeFromAForeignOriginOrAnotherSchemeGets403() {
            start();
            String token = Accounts.registerAndLogin(server, "ada");
            for (String origin : List.of("http://evil.example:" + server.port(), "https://127.0.0.1:" + server.port(),
                    "http://127.0.0.1:" + (server.port() == 65535 ? 1 : server.port() + 1), "null")) {
                RawClient client = RawClient.connect(server.port());
                client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token,
                        "Origin: " + origin));
                assertThat(client.readHead().status()).as(origin).isEqualTo(403);
                client.close();
            }
            RawClient same = RawClient.connect(server.port());
            same.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token,
                    "Origin: http://127.0.0.1:" + server.port()));
            assertThat(same.readHead().status()).isEqualTo(101);
            same.close();
        }

        @Test
        void aCrossSiteTextPlainRegistrationCreatesNoAccount() throws Exception {
            start();
            String body = Accounts.credentials("mallory", "password-mallory");
            HttpResponse<String> foreign = post("/api/register", "text/plain", body, "Origin", "http://evil.example:" + server.port());
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(json(foreign).get("error").asText()).isEqualTo("forbidden_origin");
            HttpResponse<String> foreignJson = post("/api/register", "application/json", body, "Origin", "https://evil.example");
            assertThat(foreignJson.statusCode()).isEqualTo(403);
            HttpResponse<String> plain = post("/api/register", "text/plain", body);
            assertThat(plain.statusCode()).isEqualTo(415);
            HttpResponse<String> form = post("/api/register", "application/x-www-form-urlencoded", "name=mallory&password=x12345678");
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(post("/api/login", "application/json", body).statusCode()).as("no account was created").isEqualTo(401);
            HttpResponse<String> sameSite = post("/api/register", "application/json; charset=utf-8", body,
                    "Origin", "http://127.0.0.1:" + server.port());
            assertThat(sameSite.statusCode()).isEqualTo(201);
        }
    }

    // ------------------------------------------------------------------ 5. rate limits and caps

    @Nested
    class Finding5RateLimitsAndCaps {

        @Test
        void wrongLoginsForOneNameGet429WithRetryAfter() throws Exception {
            start();
            Accounts.post(server, "/api/register", Accounts.credentials("target", "password-target"));
            List<Integer> statuses = new ArrayList<>();
            String retryAfter = null;
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> wrong = post("/api/login", "application/json", Accounts.credentials("target", "guess-" + i));
                statuses.add(wrong.statusCode());
                if (wrong.statusCode() == 429 && retryAfter == null) {
                    retryAfter = wrong.headers().firstValue("Retry-After").orElse(null);
                    assertThat(json(wrong).get("error").asText()).isEqualTo("rate_limited");
                }
            }
            assertThat(statuses.subList(0, ChatLimits.DEFAULT_LOGIN_PER_NAME.permits() - 1)).containsOnly(401);
            assertThat(statuses.subList(ChatLimits.DEFAULT_LOGIN_PER_NAME.permits() + 1, 30)).containsOnly(429);
            assertThat(retryAfter).isNotNull();
            assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
        }

        @Test
        void manyNamesFromOneAddressGet429() throws Exception {
            start();
            int permits = ChatLimits.DEFAULT_LOGIN_PER_ADDRESS.permits();
            int refused = 0;
            for (int i = 0; i < permits + 10; i++) {
                try (RawHttp client = RawHttp.open(server.port(), ATTACKER)) {
                    String body = Accounts.credentials("user" + i, "guess-guess");
                    RawHttp.Answer answer = client.send("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).read();
                    if (answer.status() == 429) {
                        refused++;
                        assertThat(answer.header("Retry-After")).isNotNull();
                    } else {
                        assertThat(answer.status()).isEqualTo(401);
                    }
                }
            }
            assertThat(refused).isGreaterThanOrEqualTo(9);
            // The victim on another address is not affected.
            Accounts.registerAndLogin(server, "bystander");
        }

        @Test
        void floodingMessagesGetsRateLimitedThenClosedWith1008() {
            start();
            String token = Accounts.registerAndLogin(server, "flooder");
            RawClient client = chat(token);
            send(client, join("r", "j"));
            for (int i = 0; i < 200; i++) {
                send(client, JSON.createObjectNode().put("type", "message").put("room", "r").put("message", "m" + i)
                        .put("id", "m" + i).toString());
            }
            List<RawClient.RawFrame> frames = client.readUntilClose();
            assertThat(frames.stream().filter(f -> f.opcode() == 1).map(RawClient.RawFrame::text))
                    .anySatisfy(text -> assertThat(text).contains("\"code\":\"rate_limited\""));
            RawClient.RawFrame close = frames.get(frames.size() - 1);
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1008);
            client.close();
        }

        @Test
        void sessionsPerUserAreCappedOnBothTransportsBeforeTheyOpen() throws Exception {
            start();
            String token = Accounts.registerAndLogin(server, "hoarder");
            int max = ChatLimits.DEFAULT_MAX_SESSIONS_PER_USER;
            List<RawClient> open = new ArrayList<>();
            for (int i = 0; i < max - 1; i++) {
                open.add(chat(token));
            }
            HttpResponse<String> lastPoll = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/poll/sessions"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(lastPoll.statusCode()).isEqualTo(201);
            RawClient refused = RawClient.connect(server.port());
            refused.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
            RawClient.Head refusal = refused.readHead();
            assertThat(refusal.status()).as("upgrade over the cap").isEqualTo(429);
            // By then a connection whose tab vanished has missed its keep-alive Pong and been dropped.
            assertThat(refusal.header("Retry-After")).as("Retry-After of the refused upgrade").isEqualTo(Long.toString(
                    ChatServerConfig.DEFAULT_KEEP_ALIVE_INTERVAL.plus(ChatServerConfig.DEFAULT_KEEP_ALIVE_TIMEOUT).toSeconds()));
            refused.close();
            HttpResponse<String> poll = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/poll/sessions"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(poll.statusCode()).isEqualTo(429);
            assertThat(json(poll).get("error").asText()).isEqualTo("too_many_sessions");
            // By then a polling session nobody polls has expired.
            assertThat(poll.headers().firstValue("Retry-After")).as("Retry-After of the refused polling session")
                    .contains(Long.toString(PollingConfig.DEFAULT_SESSION_EXPIRY.toSeconds()));
            // Closing one gives its slot back.
            open.remove(0).close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            int status = 0;
            while (System.nanoTime() < deadline && status != 101) {
                RawClient again = RawClient.connect(server.port());
                again.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
                status = again.readHead().status();
                if (status == 101) {
                    open.add(again);
                } else {
                    again.close();
                    Thread.sleep(100);
                }
            }
            assertThat(status).isEqualTo(101);
            open.forEach(RawClient::close);
        }

        @Test
        void roomsPerSessionAndRoomsInTotalAreCapped() {
            // Joining is fast here; the command rate is not what this test is about.
            start(b -> b.maxRooms(40).messageRate(FAST_COMMANDS));
            String token = Accounts.registerAndLogin(server, "roomer");
            RawClient first = chat(token);
            int perSession = ChatLimits.DEFAULT_MAX_ROOMS_PER_SESSION;
            for (int i = 0; i < perSession; i++) {
                send(first, join("a" + i, "j" + i));
                assertThat(first.readTextContaining("\"id\":\"j" + i + "\"")).contains("\"type\":\"ok\"");
            }
            send(first, join("one-too-many", "over"));
            assertThat(first.readTextContaining("\"id\":\"over\"")).contains("too_many_rooms");
            RawClient second = chat(token);
            for (int i = 0; i < 40 - perSession; i++) {
                send(second, join("b" + i, "k" + i));
                assertThat(second.readTextContaining("\"id\":\"k" + i + "\"")).contains("\"type\":\"ok\"");
            }
            send(second, join("b-last", "full"));
            assertThat(second.readTextContaining("\"id\":\"full\"")).contains("room_limit_reached");
            send(second, join("a0", "existing"));
            assertThat(second.readTextContaining("\"id\":\"existing\"")).contains("\"type\":\"ok\"");
            first.close();
            second.close();
        }

        @Test
        void theRoomListIsPaginatedWithCounts() throws Exception {
            start(b -> b.messageRate(FAST_COMMANDS));
            String token = Accounts.registerAndLogin(server, "lister");
            List<RawClient> clients = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                RawClient client = chat(token);
                clients.add(client);
                for (int i = 0; i < 30; i++) {
                    String room = String.format("room-%03d", c * 30 + i);
                    send(client, join(room, room));
                    client.readTextContaining("\"id\":\"" + room + "\"");
                }
            }
            JsonNode page1 = json(get("/api/rooms", token));
            assertThat(page1.get("total").asInt()).isEqualTo(150);
            assertThat(page1.get("rooms")).hasSize(ChatLimits.DEFAULT_ROOMS_PAGE_SIZE);
            assertThat(page1.get("rooms").get(0).get("memberCount").asInt()).isEqualTo(1);
            String next = page1.get("next").asText();
            JsonNode page2 = json(get("/api/rooms?after=" + next, token));
            assertThat(page2.get("rooms")).hasSize(150 - ChatLimits.DEFAULT_ROOMS_PAGE_SIZE);
            assertThat(page2.get("next").isNull()).isTrue();
            assertThat(json(get("/api/rooms?limit=10", token)).get("rooms")).hasSize(10);
            assertThat(get("/api/rooms?limit=100000", token).statusCode()).isEqualTo(400);
            clients.forEach(RawClient::close);
        }

        @Test
        void inspectorStreamsPerUserAreCapped() throws Exception {
            start();
            String token = Accounts.registerAndLogin(server, "watcher");
            int max = ChatLimits.DEFAULT_MAX_INSPECTOR_STREAMS;
            for (int i = 0; i < max; i++) {
                assertThat(get("/api/inspector/key-" + "x".repeat(16) + i + "?cursor=0&wait=0", token).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> over = get("/api/inspector/key-" + "y".repeat(16) + "?cursor=0&wait=0", token);
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(json(over).get("error").asText()).isEqualTo("too_many_inspectors");
            assertThat(over.headers().firstValue("Retry-After")).as("Retry-After: when an unused stream is forgotten")
                    .contains(Long.toString(FrameInspector.UNUSED_STREAM_EXPIRY.toSeconds()));
        }
    }

    // ------------------------------------------------------------------ 6. output hygiene

    @Nested
    class Finding6Injection {

        @Test
        void aLoginNameCannotForgeALogLine() throws Exception {
            start();
            PrintStream original = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String forged = "12:00:00.000 [INFO] AccountRoutes - registered account 'admin'";
            try {
                post("/api/login", "application/json", Accounts.credentials("x\n" + forged, "whatever-1"));
                post("/api/login", "application/json", Accounts.credentials("y\r\u001b[2J\u2028" + forged, "whatever-1"));
            } finally {
                System.setErr(original);
            }
            String log = captured.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("login refused for");
            assertThat(log.lines()).noneMatch(line -> line.startsWith(forged));
            assertThat(log).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u2028");
            assertThat(log.lines().filter(line -> line.contains("login refused for"))).hasSize(2);
        }

        @Test
        void namesWithBidiOverridesOrZeroWidthCharactersAreRefusedWithAReason() throws Exception {
            start();
            HttpResponse<String> bidi = post("/api/register", "application/json", Accounts.credentials("adm\u202Enimda", "password-1"));
            assertThat(bidi.statusCode()).isEqualTo(400);
            assertThat(json(bidi).get("reason").asText()).contains("bidirectional").contains("U+202E");
            String token = Accounts.registerAndLogin(server, "roomy");
            RawClient client = chat(token);
            send(client, join("lobby\u202E", "bidi"));
            assertThat(client.readTextContaining("\"id\":\"bidi\"")).contains("invalid_command").contains("U+202E");
            send(client, join("lob\u200Bby", "zw"));
            assertThat(client.readTextContaining("\"id\":\"zw\"")).contains("invalid_command").contains("U+200B");
            send(client, join("caf\u00e9", "nfc"));
            client.readTextContaining("\"id\":\"nfc\"");
            send(client, join("cafe\u0301", "nfd"));
            client.readTextContaining("\"id\":\"nfd\"");
            JsonNode rooms = json(get("/api/rooms", token)).get("rooms");
            assertThat(rooms).hasSize(1);
            assertThat(rooms.get(0).get("name").asText()).isEqualTo("caf\u00e9");
            client.close();
        }
    }

    // ------------------------------------------------------------------ 7. security headers

    @Nested
    class Finding7Headers {

        @Test
        void thePageAndTheApiCarryTheSecurityHeaders() throws Exception {
            start();
            HttpResponse<String> page = get("/", null);
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline")
                    .contains("default-src 'none'");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            String token = Accounts.registerAndLogin(server, "headers");
            HttpResponse<String> api = get("/api/rooms", token);
            assertThat(api.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(api.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(get("/api/rooms", null).headers().firstValue("Cache-Control")).contains("no-store");
        }
    }
}
