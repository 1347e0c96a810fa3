package dev.wslab.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wslab chat's users for a run: registered through {@code POST /api/register} and logged in
 * through {@code POST /api/login} once per server, before any cell, so neither the password hash
 * nor the JWT signature is inside a measured window. Tokens are then presented on each upgrade
 * ({@code Authorization: Bearer}) or polling request.
 */
final class Accounts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "benchmark-password-42";

    private final int port;
    private final List<String> tokens = new ArrayList<>();

    Accounts(int port) {
        this.port = port;
    }

    /** The token of user {@code index}, registering and logging in more users as needed. */
    synchronized String token(int index) throws IOException {
        if (index >= tokens.size()) {
            try (HttpConnection http = new HttpConnection(port, new WireCounter())) {
                while (tokens.size() <= index) {
                    tokens.add(registerAndLogin(http, "bench" + tokens.size()));
                }
            }
        }
        return tokens.get(index);
    }

    private static String registerAndLogin(HttpConnection http, String name) throws IOException {
        String credentials = JSON.writeValueAsString(Map.of("name", name, "password", PASSWORD));
        HttpConnection.Response registered = http.exchange("POST", "/api/register", Map.of(), credentials);
        if (registered.status() != 201 && registered.status() != 409) {
            throw new IOException("register " + name + ": " + registered.status() + " " + registered.body());
        }
        HttpConnection.Response login = http.exchange("POST", "/api/login", Map.of(), credentials);
        if (login.status() != 200) {
            throw new IOException("login " + name + ": " + login.status() + " " + login.body());
        }
        JsonNode body = JSON.readTree(login.body());
        return body.path("token").asText();
    }
}
