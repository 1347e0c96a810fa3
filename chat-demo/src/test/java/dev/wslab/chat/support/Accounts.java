package dev.wslab.chat.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Registers and logs in over the real HTTP API with the JDK's HttpClient. */
public final class Accounts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Accounts() {}

    /** A response's status and parsed JSON body. */
    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    public static Answer post(ChatServer server, String path, String json) {
        return post(server.httpUri(), path, json);
    }

    /** {@code POST path} to the server at {@code base} ({@code http://host:port}), e.g. a node in another process. */
    public static Answer post(URI base, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** {@code DELETE path} with {@code Authorization: Bearer token}. */
    public static Answer delete(ChatServer server, String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(server.httpUri() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String credentials(String name, String password) {
        return JSON.createObjectNode().put("name", name).put("password", password).toString();
    }

    /** Registers {@code name} (password "password-" + name) and returns a fresh token. */
    public static String registerAndLogin(ChatServer server, String name) {
        return registerAndLogin(server.httpUri(), name);
    }

    /** Registers {@code name} at the server at {@code base} and returns a fresh token. */
    public static String registerAndLogin(URI base, String name) {
        Answer registered = post(base, "/api/register", credentials(name, "password-" + name));
        if (registered.status() != 201) {
            throw new IllegalStateException("register " + name + ": " + registered.status() + " " + registered.body());
        }
        return login(base, name);
    }

    public static String login(ChatServer server, String name) {
        return login(server.httpUri(), name);
    }

    /** Logs {@code name} in at the server at {@code base}. */
    public static String login(URI base, String name) {
        Answer login = post(base, "/api/login", credentials(name, "password-" + name));
        if (login.status() != 200) {
            throw new IllegalStateException("login " + name + ": " + login.status() + " " + login.body());
        }
        return login.body().get("token").asText();
    }
}
