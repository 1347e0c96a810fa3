package dev.wslab.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.web.WebClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat page served by another origin (a second HTTP server on another port, as the seed's front
 * end ran on :9000), talking to the chat server across origins: with the page's origin in
 * {@code --allowed-origins} it registers, logs in and chats over WebSocket and over long polling (the
 * polling requests need CORS, preflight included); without it Chromium itself refuses the answers.
 */
class CrossOriginPageBrowserTest {

    private static ChatPage browser;

    private ChatServer server;
    private HttpServer frontEnd;

    @BeforeAll
    static void startBrowser() {
        HeadlessChromium.requireInstalled();
        browser = ChatPage.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stop() {
        browser.leave();
        if (server != null) {
            server.stop();
        }
        if (frontEnd != null) {
            frontEnd.stop(0);
        }
    }

    /** Where the page served by the front end points: the chat server, known once it runs. */
    private final AtomicReference<URI> chatServer = new AtomicReference<>();

    /**
     * A second origin serving the page's files, with a {@code wslab-server} meta element that points
     * the page at the chat server.
     */
    private URI startFrontEnd() throws IOException {
        frontEnd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> types = Map.of("/app.js", "text/javascript", "/style.css", "text/css");
        frontEnd.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/") || path.equals("/index.html")) {
                body = resource("index.html").replace("<head>",
                        "<head>\n  <meta name=\"wslab-server\" content=\"" + chatServer.get() + "\">")
                        .getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (types.containsKey(path)) {
                body = resource(path.substring(1)).getBytes(StandardCharsets.UTF_8);
                type = types.get(path) + "; charset=utf-8";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        frontEnd.start();
        return URI.create("http://127.0.0.1:" + frontEnd.getAddress().getPort() + "/");
    }

    private static String resource(String name) {
        try (InputStream in = CrossOriginPageBrowserTest.class.getClassLoader().getResourceAsStream("web/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String origin(URI page) {
        return page.getScheme() + "://" + page.getHost() + ":" + page.getPort();
    }

    @Test
    void aPageOnAnAllowedOriginRegistersAndChatsOverBothTransports() throws IOException {
        URI page = startFrontEnd();
        server = TestServers.start(TestServers.config().allowedOrigins(List.of(origin(page))),
                WebClients.addTo(ServerParts.builder()));
        chatServer.set(server.httpUri());
        assertThat(origin(page)).isNotEqualTo(origin(server.httpUri()));

        ChatPage ada = browser.visitExactly(page).register("ada", "password-ada");
        assertThat(ada.status()).contains("WebSocket");
        ada.join("cors");
        ada.send("over a cross-origin WebSocket");
        ada.awaitMessage("ada", "over a cross-origin WebSocket");
        // Long polling is plain fetch(): POST with Authorization needs a preflight, every answer CORS.
        ada.useTransport("polling");
        ada.send("over cross-origin long polling");
        ada.awaitMessage("ada", "over cross-origin long polling");
        assertThat(server.chat().members("cors")).containsExactly("ada");
        ada.screenshot(ChatPageBrowserTest.SCREENSHOTS.resolve("chat-cross-origin.png"));
    }

    @Test
    void aPageOnAnOriginThatIsNotAllowedCannotEvenRegister() throws IOException {
        URI page = startFrontEnd();
        server = TestServers.start(TestServers.config(), WebClients.addTo(ServerParts.builder()));
        chatServer.set(server.httpUri());
        String error = browser.visitExactly(page).registerExpectingFailure("bob", "password-bob");
        // The browser hides the 403 from the page: all it learns is that the fetch failed.
        assertThat(error).contains("cannot be reached");
        // And the server never carried out the request.
        assertThat(Accounts.post(server, "/api/login", Accounts.credentials("bob", "password-bob")).status()).isEqualTo(401);
    }
}
