package dev.wslab.chat.http;

import dev.wslab.chat.auth.Account;
import dev.wslab.chat.auth.AccountService;
import dev.wslab.chat.auth.HashingBusyException;
import dev.wslab.chat.auth.IssuedToken;
import dev.wslab.chat.auth.Redactor;
import dev.wslab.chat.auth.Registration;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.auth.TokenService;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.limits.NameRules;
import dev.wslab.chat.limits.RateLimiter;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.chat.storage.StorageException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.time.Duration;
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
 *   <li>{@code DELETE /api/account} with {@code Authorization: Bearer <token>}: deletes the token's own
 *       account, 204; every token issued for it is refused from then on (401), even if the name is
 *       registered again.</li>
 * </ul>
 * Both are rate limited per client address and per account name (429 with {@code Retry-After}), take
 * only {@code Content-Type: application/json} (415), and read their body without holding a thread
 * (413 when too large, 408 when too slow; see {@link JsonBody}). Password hashing is slow on purpose,
 * so it runs on a worker thread, never on an IO thread.
 */
public final class AccountRoutes {

    private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

    private final AccountService accounts;
    private final TokenService tokens;
    private final JsonBody body;
    private final RateLimiter perAddress;
    private final RateLimiter perName;
    private final BearerAuthenticator authenticator;
    private final ChatMetrics metrics;

    /**
     * @param authenticator checks the bearer token of {@code DELETE /api/account}
     * @param accounts registration and login
     * @param tokens   issues the token of a login
     * @param limits   body size and deadline, attempts per address and per name
     * @param metrics  counts each 429 in {@code wslab_rate_limit_refusals_total}
     */
    public AccountRoutes(AccountService accounts, TokenService tokens, ChatLimits limits,
                         BearerAuthenticator authenticator, ChatMetrics metrics) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.body = new JsonBody(limits.maxBodyBytes(), limits.bodyTimeout());
        this.perAddress = new RateLimiter(limits.loginPerAddress());
        this.perName = new RateLimiter(limits.loginPerName());
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** The handler for {@code DELETE /api/account}: the bearer deletes their own account. */
    public HttpHandler deleteAccount() {
        return exchange -> {
            if (!exchange.getRequestMethod().equals(Methods.DELETE)) {
                exchange.getResponseHeaders().put(Headers.ALLOW, "DELETE");
                JsonHttp.sendError(exchange, 405, "method_not_allowed", "use DELETE with Authorization: Bearer <token>");
                return;
            }
            if (exchange.isInIoThread()) {
                exchange.dispatch(deleteAccount()); // a database write belongs on a worker
                return;
            }
            try {
                TokenCheck check = authenticator.check(exchange);
                if (check instanceof TokenCheck.Invalid invalid) {
                    BearerAuthenticator.sendUnauthorized(exchange, invalid.description());
                    return;
                }
                TokenCheck.Valid valid = (TokenCheck.Valid) check;
                accounts.delete(valid.user().id());
                log.info("deleted account '{}'", valid.user().name());
                exchange.setStatusCode(204);
                exchange.endExchange();
            } catch (StorageException e) {
                storageFailed(exchange, e);
            }
        };
    }

    /** The handler for {@code POST /api/register}. */
    public HttpHandler register() {
        return new PostJson() {
            @Override
            void handle(HttpServerExchange exchange, String name, String password) {
                Registration result = accounts.register(name, password);
                if (result instanceof Registration.Registered registered) {
                    Account account = registered.account();
                    log.info("registered account {}", LogSafe.quote(account.name()));
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
                    log.info("login refused for {}", LogSafe.quote(Redactor.redact(name)));
                    // RFC 9110 §15.5.2: a 401 carries a challenge.
                    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE,
                            "Bearer realm=\"" + BearerAuthenticator.REALM + "\"");
                    JsonHttp.sendError(exchange, 401, "invalid_credentials", "unknown name or wrong password");
                    return;
                }
                IssuedToken token = tokens.issue(account.get());
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

    /**
     * Method check, rate limits, a bounded non-blocking body read, JSON shape, then the route on a
     * worker thread (password hashing is slow on purpose): shared by both routes.
     */
    private abstract class PostJson implements HttpHandler {

        abstract void handle(HttpServerExchange exchange, String name, String password);

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            if (!exchange.getRequestMethod().equals(Methods.POST)) {
                exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
                JsonHttp.sendError(exchange, 405, "method_not_allowed", "use POST with {\"name\":…,\"password\":…}");
                return;
            }
            String address = clientAddress(exchange);
            if (refusedByRate(exchange, perAddress, ChatMetrics.Limit.LOGIN_RATE_PER_ADDRESS, "addr:" + address,
                    "from your address")) {
                return;
            }
            body.read(exchange, (ex, json) -> {
                if (!json.isObject() || !json.path("name").isTextual() || !json.path("password").isTextual()) {
                    JsonHttp.sendError(ex, 400, "bad_request", "send a JSON object {\"name\": string, \"password\": string}");
                    return;
                }
                String name = NameRules.normalize(json.get("name").asText());
                if (refusedByRate(ex, perName, ChatMetrics.Limit.LOGIN_RATE_PER_NAME, "name:" + name, "for this name")) {
                    return;
                }
                String password = json.get("password").asText();
                ex.dispatch(() -> { // the KDF belongs on a worker, never an IO thread
                    try {
                        handle(ex, name, password);
                    } catch (StorageException e) {
                        storageFailed(ex, e);
                    } catch (HashingBusyException e) {
                        hashingBusy(ex, e);
                    }
                });
            });
        }
    }

    /** 429 with {@code Retry-After} (RFC 6585 §4, RFC 9110 §10.2.3) when {@code key}'s bucket is empty. */
    private boolean refusedByRate(HttpServerExchange exchange, RateLimiter limiter, ChatMetrics.Limit limit, String key,
                                  String scope) {
        Optional<Duration> wait = limiter.tryAcquire(key);
        if (wait.isEmpty()) {
            return false;
        }
        metrics.rateLimited(limit, ChatMetrics.HTTP);
        long seconds = RateLimiter.retryAfterSeconds(wait.get());
        log.info("{}: {} {} refused with 429: more than {} attempts {}", exchange.getSourceAddress(),
                exchange.getRequestMethod(), exchange.getRequestPath(), limiter.limit(), scope);
        JsonHttp.sendTooMany(exchange, wait.get(), "rate_limited", "too many attempts " + scope + " (at most "
                + limiter.limit().permits() + " per " + limiter.limit().period().toSeconds() + " s); retry in "
                + seconds + " s");
        return true;
    }

    /** A storage failure is answered (503 while the storage is away, else 500), never left as silence. */
    private static void storageFailed(HttpServerExchange exchange, StorageException e) {
        log.warn("{} {}: the storage failed: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.getMessage());
        JsonHttp.sendStorageError(exchange, e);
    }

    /**
     * 503 with {@code Retry-After} (RFC 9110 §15.6.4): the password checks in progress hold all the memory
     * they may use, so this one was refused rather than run the heap out.
     */
    private static void hashingBusy(HttpServerExchange exchange, HashingBusyException e) {
        log.warn("{} {}: refused with 503: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.getMessage());
        JsonHttp.sendUnavailable(exchange, HashingBusyException.RETRY_AFTER_SECONDS, "busy", e.getMessage());
    }

    private static String clientAddress(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? "unknown" : source.getAddress().getHostAddress();
    }
}
