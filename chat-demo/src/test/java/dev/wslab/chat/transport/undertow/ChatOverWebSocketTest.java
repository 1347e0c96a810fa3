package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat end to end with the JDK's WebSocket client as an independent peer. */
class ChatOverWebSocketTest {

    private static ChatServer server;
    private static String adaToken;
    private static String bobToken;
    private static String eveToken;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config());
        adaToken = Accounts.registerAndLogin(server, "ada");
        bobToken = Accounts.registerAndLogin(server, "bob");
        eveToken = Accounts.registerAndLogin(server, "eve");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void twoUsersJoinARoomAndChatExactlyOnceEach() {
        try (JdkChatClient ada = JdkChatClient.connectWithSubprotocol(server.chatUri(), adaToken);
             JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), bobToken)) {
            assertThat(ada.subprotocol()).isEqualTo("wslab.chat.v1");
            assertThat(bob.subprotocol()).isEmpty();
            ada.joinAndWait("lobby");
            bob.joinAndWait("lobby");
            ada.await(ServerEvent.UserJoined.class, j -> j.userName().equals("bob") && j.room().equals("lobby"));

            ada.message("lobby", "hello bob", "m1");
            ServerEvent.Message atBob = bob.await(ServerEvent.Message.class, m -> true);
            assertThat(atBob.room()).isEqualTo("lobby");
            assertThat(atBob.message()).isEqualTo("hello bob");
            assertThat(atBob.sender().userName()).isEqualTo("ada");
            ServerEvent.Message atAda = ada.await(ServerEvent.Message.class, m -> true);
            assertThat(atAda).isEqualTo(atBob);
            assertThat(ada.reply("m1")).isEqualTo(new ServerEvent.Ok("m1", atBob.id()));

            bob.message("lobby", "hi ada, ünïcödé ✓", "m2");
            assertThat(ada.await(ServerEvent.Message.class, m -> true).message()).isEqualTo("hi ada, ünïcödé ✓");
            assertThat(bob.reply("m2")).isInstanceOf(ServerEvent.Ok.class);

            // Nothing else arrived twice: exactly one copy of each message at each member.
            List<ServerEvent> adaMessages = ada.drainAll().stream().filter(e -> e instanceof ServerEvent.Message).toList();
            assertThat(adaMessages).hasSize(2).doesNotHaveDuplicates();
        }
    }

    @Test
    void messageToARoomNotJoinedIsAnErrorReply() {
        try (JdkChatClient eve = JdkChatClient.connectWithHeader(server.chatUri(), eveToken)) {
            eve.message("secret-room", "let me in", "x1");
            assertThat(eve.reply("x1")).isInstanceOfSatisfying(ServerEvent.Error.class,
                    e -> assertThat(e.code()).isEqualTo("not_joined"));
            eve.send("{\"type\":\"fly\",\"id\":\"x2\"}");
            assertThat(eve.reply("x2")).isInstanceOfSatisfying(ServerEvent.Error.class,
                    e -> assertThat(e.code()).isEqualTo("unknown_type"));
            eve.send("this is not json");
            assertThat(eve.await(ServerEvent.Error.class, e -> e.code().equals("bad_json"))).isNotNull();
        }
    }

    @Test
    void connectAndCleanCloseUpdateTheRoomAndTheUsersReplyExactlyOnce() {
        try (JdkChatClient ada = JdkChatClient.connectWithHeader(server.chatUri(), adaToken)) {
            ada.joinAndWait("quiet");
            JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), bobToken);
            // The client has its 101 before the server's IO thread has registered bob's session: an answer to
            // bob's own command proves the registration is done before ada asks (another IO thread may serve her).
            bob.send("{\"type\":\"users\",\"id\":\"u0\"}");
            bob.await(ServerEvent.Users.class, u -> "u0".equals(u.id()));
            ada.send("{\"type\":\"users\",\"id\":\"u1\"}");
            assertThat(ada.await(ServerEvent.Users.class, u -> "u1".equals(u.id())).users()).contains("ada", "bob");
            bob.joinAndWait("quiet");
            bob.close();
            assertThat(bob.awaitCloseCode(5)).isEqualTo(1000);
            ada.await(ServerEvent.UserLeft.class, l -> l.userName().equals("bob"));
            ada.send("{\"type\":\"users\",\"id\":\"u2\"}");
            assertThat(ada.await(ServerEvent.Users.class, u -> "u2".equals(u.id())).users()).doesNotContain("bob");
            ada.message("quiet", "anyone?", "q");
            ada.reply("q");
            long userLeft = ada.drainAll().stream()
                    .filter(e -> e.equals(new ServerEvent.UserLeft("quiet", "bob"))).count();
            assertThat(userLeft).isEqualTo(1);
        }
    }

    @Test
    void echoEndpointEchoesTextAndBinary() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.LinkedBlockingQueue<byte[]> binaries = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(server.echoUri(), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                        texts.add(data.toString());
                        w.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                        byte[] copy = new byte[data.remaining()];
                        data.get(copy);
                        binaries.add(copy);
                        w.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("echo me", true).join();
        assertThat(texts.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo me");
        ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        assertThat(binaries.poll(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        ws.sendClose(1000, "").join();
    }
}
