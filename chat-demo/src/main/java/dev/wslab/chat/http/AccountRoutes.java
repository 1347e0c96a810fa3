package dev.wslab.chat.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.auth.Account;
import dev.wslab.chat.auth.AccountService;
import dev.wslab.chat.auth.IssuedToken;
import dev.wslab.chat.auth.Registration;
import dev.wslab.chat.auth.TokenService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/register} and {@code POST /api/login}, both with the JSON body
 * {@code {"name": "...", "password": "..."}}.
 *
 * <ul>
 *   <li>register: 201 {@code {"userId","userName"}}; 400 for an invalid name or password; 409 if taken.</li>
 *   <li>login: 200 {@code {"token","tokenType":"Bearer","expiresAt":<epoch seconds>,"userId","userName"}};
 *       401 for an unknown name or a wrong password (the same answer for both).</li>
 * </ul>
 * Password hashing is slow on purpose, so both run on a worker thread, never on an IO thread.
 */
public final class AccountRoutes {

    private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

    private final AccountService accounts;
    private final TokenService tokens;

    public AccountRoutes(AccountService accounts, TokenService tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    /** The handler for {@code POST /api/register}. */
    public HttpHandler register() {
        return new PostJson() {
            @Override
            void handle(HttpServerExchange exchange, String name, String password) {
                Registration result = accounts.register(name, password);
                if (result instanceof Registration.Registered registered) {
                    Account account = registered.account();
                    log.info("registered account '{}'", account.name());
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("userId", account.id());
                    body.put("userName", account.name());
                    JsonHttp.send(exchange, 201, body);
                    return;
                }
                Registration.Refused refused = (Registration.Refused) result;
                int status = refused.problem() == Registration.Problem.NAME_TAKEN ? 409 : 400;
                JsonHttp.sendError(exchange, status, refused.problem().name().toLowerCase(java.util.Locale.ROOT),
                        refused.message());
            }
        };
    }

    /** The handler for {@code POST /api/login}. */
    public HttpHandler login() {
        return new PostJson() {
            @Override
            void handle(HttpServerExchange exchange, String name, String password) {
                Optional<Account> account = accounts.login(name, password);
                if (account.isEmpty()) {
                    log.info("login refused for '{}'", dev.wslab.chat.auth.Redactor.redact(name));
                    // RFC 9110 §15.5.2: a 401 carries a challenge.
                    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE,
                            "Bearer realm=\"" + BearerAuthenticator.REALM + "\"");
                    JsonHttp.sendError(exchange, 401, "invalid_credentials", "unknown name or wrong password");
                    return;
                }
                IssuedToken token = tokens.issue(account.get().user());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("token", token.token());
                body.put("tokenType", "Bearer");
                body.put("expiresAt", token.expiresAt().getEpochSecond());
                body.put("userId", account.get().id());
                body.put("userName", account.get().name());
                JsonHttp.send(exchange, 200, body);
            }
        };
    }

    /** Method check, dispatch to a worker, bounded body, JSON parsing: shared by both routes. */
    private abstract static class PostJson implements HttpHandler {

        abstract void handle(HttpServerExchange exchange, String name, String password);

        @Override
        public void handleRequest(HttpServerExchange exchange) throws IOException {
            if (!exchange.getRequestMethod().equals(Methods.POST)) {
                exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
                JsonHttp.sendError(exchange, 405, "method_not_allowed", "use POST with {\"name\":…,\"password\":…}");
                return;
            }
            if (exchange.isInIoThread()) {
                exchange.dispatch(this); // the KDF and the blocking body read belong on a worker
                return;
            }
            byte[] body = JsonHttp.readBody(exchange);
            if (body == null) {
                return;
            }
            JsonNode json;
            try {
                json = JsonHttp.mapper().readTree(body);
            } catch (IOException e) {
                json = null;
            }
            if (json == null || !json.isObject() || !json.path("name").isTextual() || !json.path("password").isTextual()) {
                JsonHttp.sendError(exchange, 400, "bad_request", "send a JSON object {\"name\": string, \"password\": string}");
                return;
            }
            handle(exchange, json.get("name").asText(), json.get("password").asText());
        }
    }
}
