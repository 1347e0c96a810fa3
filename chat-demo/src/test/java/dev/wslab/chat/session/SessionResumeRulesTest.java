package dev.wslab.chat.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of resumable sessions, one at a time, with JDK WebSocket clients speaking the raw JSON:
 * duplicate sends, clean close against drop, and every refused resume with its answer.
 */
class SessionResumeRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatServer server;
    private String adaToken;
    private String bobToken;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config());
        adaToken = Accounts.registerAndLogin(server, "ada");
        bobToken = Accounts.registerAndLogin(server, "bob");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** A client that keeps every text as JSON (the numbered events carry a "seq" the records do not). */
    static final class RawJson implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        RawJson(URI uri, String token) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(uri, this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    events.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        void send(String json) {
            socket.sendText(json, true).join();
        }

        JsonNode await(String type, String id) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                JsonNode event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event != null && event.path("type").asText().equals(type)
                        && (id == null || id.equals(event.path("id").asText(null)))) {
                    return event;
                }
            }
            throw new AssertionError("no " + type + " " + id);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    private RawJson resumable(String token, String room) throws InterruptedException {
        RawJson client = new RawJson(server.chatUri(), token);
        client.send("{\"type\":\"session\",\"id\":\"s\"}");
        JsonNode opened = client.await("session", "s");
        assertThat(opened.path("resumeToken").asText()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(opened.path("resumeWindowSeconds").asDouble()).isEqualTo(120.0);
        if (room != null) {
            client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"j\"}");
            client.await("ok", "j");
        }
        return client;
    }

    @Test
    void aResentMessageIsAnsweredDuplicateWithTheOriginalIdAndPostedOnce() throws Exception {
        try (RawJson ada = resumable(adaToken, "r"); JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), bobToken)) {
            bob.joinAndWait("r");
            String message = "{\"type\":\"message\",\"room\":\"r\",\"message\":\"once\",\"id\":\"x1\"}";
            ada.send(message);
            JsonNode first = ada.await("ok", "x1");
            ada.send(message);
            JsonNode second = ada.await("ok", "x1");
            assertThat(first.has("duplicate")).isFalse();
            assertThat(second.path("duplicate").asBoolean()).isTrue();
            assertThat(second.path("messageId").asText()).isEqualTo(first.path("messageId").asText());
            bob.message("r", "after", "b1");
            bob.await(ServerEvent.Message.class, m -> m.message().equals("after"));
            assertThat(bob.drainAll().stream().filter(e -> e instanceof ServerEvent.Message m && m.message().equals("once")))
                    .hasSize(1);
        }
    }

    @Test
    void aDropWaitsForTheClientButACleanCloseLeavesAtOnce() throws Exception {
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), bobToken)) {
            bob.joinAndWait("r");
            RawJson dropped = resumable(adaToken, "r");
            bob.await(ServerEvent.UserJoined.class, j -> j.userName().equals("ada"));
            dropped.socket.abort(); // TCP goes, no Close: a drop
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.context().sessions().detachedSessions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.context().sessions().detachedSessions()).isEqualTo(1);
            assertThat(server.chat().members("r")).containsExactly("bob", "ada");

            // A second, resumable session of ada that closes with a Close frame: she still has the
            // dropped one in the room, so nothing is announced; the dropped one still waits.
            RawJson clean = resumable(adaToken, "r");
            clean.socket.sendClose(1000, "bye").join();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.context().sessions().resumableSessions() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.context().sessions().resumableSessions()).isEqualTo(1);
            assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
        }
    }

    @Test
    void aPlainSessionThatDropsLeavesAtOnce() throws Exception {
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), bobToken)) {
            bob.joinAndWait("r");
            JdkChatClient ada = JdkChatClient.connectWithHeader(server.chatUri(), adaToken);
            ada.joinAndWait("r");
            ada.abort();
            bob.await(ServerEvent.UserLeft.class, left -> left.userName().equals("ada"));
        }
    }

    @Test
    void refusedResumesSayWhyAndTheConnectionGoesOnAsANewSession() throws Exception {
        try (RawJson ada = resumable(adaToken, "r"); RawJson mallory = new RawJson(server.chatUri(), bobToken);
             RawJson stranger = new RawJson(server.chatUri(), adaToken)) {
            ada.send("{\"type\":\"session\",\"id\":\"again\"}");
            String token = ada.await("session", "again").path("resumeToken").asText();

            // Another user's token: refused as forbidden (HTTP would say 403).
            mallory.send("{\"type\":\"resume\",\"token\":\"" + token + "\",\"seq\":0,\"id\":\"m\"}");
            assertThat(mallory.await("error", "m").path("code").asText()).isEqualTo("forbidden");
            // An unknown token.
            stranger.send("{\"type\":\"resume\",\"token\":\"no-such-token\",\"seq\":0,\"id\":\"u\"}");
            JsonNode unknown = stranger.await("error", "u");
            assertThat(unknown.path("code").asText()).isEqualTo("resume_unknown");
            assertThat(unknown.path("reason").asText()).contains("new session");
            // The connection carries on as a new session.
            stranger.send("{\"type\":\"join\",\"room\":\"r\",\"id\":\"j2\"}");
            stranger.await("ok", "j2");
            // A seq the session never sent.
            stranger.send("{\"type\":\"resume\",\"token\":\"" + token + "\",\"seq\":999,\"id\":\"a\"}");
            assertThat(stranger.await("error", "a").path("code").asText()).isEqualTo("invalid_command");
            assertThat(server.context().sessions().resumes()).isZero();
        }
    }

    @Test
    void aResumeAfterTheLogDroppedItsEventsIsToldEventsWereLostAndTheRoomSeesOneLeave() throws Exception {
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), bobToken)) {
            bob.joinAndWait("r");
            RawJson ada = resumable(adaToken, "r");
            ada.send("{\"type\":\"session\",\"id\":\"t\"}");
            String token = ada.await("session", "t").path("resumeToken").asText();
            ada.socket.abort();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.context().sessions().detachedSessions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // More events than the log keeps arrive while ada is away.
            for (int i = 0; i <= SessionRegistry.LOG_EVENTS; i++) {
                bob.message("r", "m" + i, null);
            }
            bob.await(ServerEvent.Message.class, m -> m.message().equals("m" + SessionRegistry.LOG_EVENTS));
            try (RawJson back = new RawJson(server.chatUri(), adaToken)) {
                back.send("{\"type\":\"resume\",\"token\":\"" + token + "\",\"seq\":1,\"id\":\"r\"}");
                JsonNode refused = back.await("error", "r");
                assertThat(refused.path("code").asText()).isEqualTo("events_lost");
                assertThat(refused.path("reason").asText()).contains("join your rooms again");
                bob.await(ServerEvent.UserLeft.class, left -> left.userName().equals("ada"));
                // The old session is gone: its token now answers "unknown", and nobody left twice.
                back.send("{\"type\":\"resume\",\"token\":\"" + token + "\",\"seq\":0,\"id\":\"r2\"}");
                assertThat(back.await("error", "r2").path("code").asText()).isEqualTo("resume_unknown");
                Thread.sleep(200);
                assertThat(bob.drainAll().stream().filter(e -> e instanceof ServerEvent.UserLeft)).hasSize(1);
            }
        }
    }
}
