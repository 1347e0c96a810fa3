package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.web.RoomDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 3, over real WebSockets: one user with two tabs in a room is one presence.
 * Closing one tab tells nobody; the room directory lists the name once; the last tab's close sends
 * one {@code userLeft}.
 */
class PresencePerUserTest {

    private static ChatServer server;
    private static String ada;
    private static String bob;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(), ServerParts.builder().extension(new RoomDirectory()));
        ada = Accounts.registerAndLogin(server, "ada");
        bob = Accounts.registerAndLogin(server, "bob");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void closingOneOfTwoTabsIsNotALeaveAndTheDirectoryListsTheUserOnce() throws Exception {
        try (JdkChatClient watcher = JdkChatClient.connectWithHeader(server.chatUri(), bob)) {
            watcher.joinAndWait("tabs");
            JdkChatClient tab1 = JdkChatClient.connectWithSubprotocol(server.chatUri(), ada);
            JdkChatClient tab2 = JdkChatClient.connectWithSubprotocol(server.chatUri(), ada);
            tab1.joinAndWait("tabs");
            tab2.joinAndWait("tabs");
            assertThat(tab2.awaitEver(ServerEvent.Members.class, m -> true).users()).containsExactly("bob", "ada");
            assertThat(directoryMembers("tabs")).containsExactly("bob", "ada");

            tab2.close(); // one tab closes: ada is still in the room
            assertThat(tab2.awaitCloseCode(5)).isEqualTo(1000);
            tab1.message("tabs", "still here", "m1");
            watcher.await(ServerEvent.Message.class, m -> m.message().equals("still here"));
            assertThat(directoryMembers("tabs")).containsExactly("bob", "ada");

            tab1.close(); // the last tab closes: now ada left, once
            watcher.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada"));
            watcher.message("tabs", "sync", "m2");
            watcher.reply("m2");
            List<ServerEvent> presence = new ArrayList<>();
            for (ServerEvent e : watcher.drainAll()) {
                if (e instanceof ServerEvent.UserJoined || e instanceof ServerEvent.UserLeft) {
                    presence.add(e);
                }
            }
            assertThat(presence).containsExactly(
                    new ServerEvent.UserJoined("tabs", "ada"), new ServerEvent.UserLeft("tabs", "ada"));
            assertThat(directoryMembers("tabs")).containsExactly("bob");
        }
    }

    private static List<String> directoryMembers(String room) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.httpUri() + "/api/rooms"))
                        .header("Authorization", "Bearer " + bob).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(answer.body()).get("rooms")) {
            if (r.get("name").asText().equals(room)) {
                r.get("members").forEach(m -> names.add(m.asText()));
            }
        }
        return names;
    }
}
