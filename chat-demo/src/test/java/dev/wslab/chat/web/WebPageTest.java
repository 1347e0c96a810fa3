package dev.wslab.chat.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page's files and the room directory over plain HTTP. */
class WebPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChatServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(), WebClients.addTo(ServerParts.builder()));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.httpUri().resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServerServesThePageAndItsScriptAndStylesheet() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"app.js\"").contains("id=\"inspector\"");
        HttpResponse<String> script = get("/app.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        // Browsers offer the token as a subprotocol: the page must say exactly this.
        assertThat(script.body()).contains("['wslab.chat.v1', 'bearer.' + state.token]");
        assertThat(get("/style.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theRoomDirectoryListsRoomsWithTheirMembersForLoggedInUsers() throws Exception {
        String cat = Accounts.registerAndLogin(server, "cat");
        assertThat(get("/api/rooms", null).statusCode()).isEqualTo(401);
        try (JdkChatClient client = JdkChatClient.connectWithSubprotocol(server.chatUri(), cat)) {
            client.joinAndWait("directory");
            JsonNode body = new ObjectMapper().readTree(get("/api/rooms", cat).body());
            assertThat(body.get("rooms")).anySatisfy(room -> {
                assertThat(room.get("name").asText()).isEqualTo("directory");
                assertThat(room.get("members").toString()).isEqualTo("[\"cat\"]");
            });
        }
    }
}
