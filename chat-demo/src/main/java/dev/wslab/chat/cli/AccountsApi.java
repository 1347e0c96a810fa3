package dev.wslab.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** {@code POST /api/register} and {@code POST /api/login} for the command-line client. */
final class AccountsApi {

    /** Registration or login did not work; the message says why in words for the user. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI httpBase;
    private final HttpClient http;

    /** @param httpBase {@code http://host:port} of the chat server */
    AccountsApi(URI httpBase) {
        this(httpBase, Optional.empty());
    }

    /**
     * @param httpBase {@code http://} or {@code https://host:port} of the chat server
     * @param tls      the TLS context for {@code https://}; empty means the JVM's default trust
     */
    AccountsApi(URI httpBase, Optional<SSLContext> tls) {
        this.httpBase = httpBase;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /**
     * The {@code http://host:port} that serves the API next to the WebSocket at {@code wsUrl}, or
     * {@code https://} for a {@code wss://} URL (the same TLS listener serves both, RFC 6455 §3).
     */
    static URI httpBaseOf(URI wsUrl) {
        boolean secure = "wss".equalsIgnoreCase(wsUrl.getScheme());
        int port = wsUrl.getPort() == -1 ? (secure ? 443 : 80) : wsUrl.getPort();
        return URI.create((secure ? "https" : "http") + "://" + wsUrl.getHost() + ":" + port);
    }

    /**
     * Creates the account.
     *
     * @return {@code false} if the name was already taken (the caller may try to log in)
     */
    boolean register(String name, String password) throws IOException, InterruptedException, RefusedException {
        HttpResponse<String> answer = post("/api/register", name, password);
        if (answer.statusCode() == 201) {
            return true;
        }
        if (answer.statusCode() == 409) {
            return false;
        }
        throw new RefusedException("registration refused (HTTP " + answer.statusCode() + "): " + reason(answer));
    }

    /** Logs in and returns the token. */
    String login(String name, String password) throws IOException, InterruptedException, RefusedException {
        HttpResponse<String> answer = post("/api/login", name, password);
        if (answer.statusCode() != 200) {
            throw new RefusedException("login refused (HTTP " + answer.statusCode() + "): " + reason(answer));
        }
        return JSON.readTree(answer.body()).path("token").asText();
    }

    private HttpResponse<String> post(String path, String name, String password) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("name", name).put("password", password).toString();
        HttpRequest request = HttpRequest.newBuilder(httpBase.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String reason(HttpResponse<String> answer) {
        try {
            JsonNode json = JSON.readTree(answer.body());
            if (json.hasNonNull("reason")) {
                return json.get("reason").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw body
        }
        return answer.body().isBlank() ? "(no reason given)" : answer.body().strip();
    }
}
