package dev.wslab.chat.ops;

import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.storage.StorageException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * In front of every route: while the server drains (SIGTERM), new chat connections are refused — a
 * WebSocket upgrade, or {@code POST …/sessions} for a polling session — with 503 and {@code Retry-After}, so a
 * client tries another node or again shortly. Everything else (open sessions' polls and commands, health,
 * metrics) still passes while the server finishes what it has. A storage failure a route lets through is
 * answered here with JSON ({@link JsonHttp#sendStorageError}).
 */
final class DrainGate implements HttpHandler {

    static final long RETRY_AFTER_SECONDS = 5;

    private final Readiness readiness;
    private final HttpHandler next;

    DrainGate(Readiness readiness, HttpHandler next) {
        this.readiness = readiness;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (readiness.draining() && opensSomethingNew(exchange)) {
            exchange.setPersistent(false);
            JsonHttp.sendUnavailable(exchange, RETRY_AFTER_SECONDS, "shutting_down",
                    "this server is shutting down; reconnect (to another node, or here in a moment)");
            return;
        }
        try {
            next.handleRequest(exchange);
        } catch (StorageException e) {
            // A route that reads accounts on the IO thread (a token check) met a storage outage: a clear
            // 503 (or 500), not Undertow's empty 500.
            JsonHttp.sendStorageError(exchange, e);
        }
    }

    private static boolean opensSomethingNew(HttpServerExchange exchange) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            return true;
        }
        return exchange.getRequestMethod().equals(Methods.POST) && exchange.getRequestPath().endsWith("/sessions");
    }
}
