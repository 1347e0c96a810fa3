package dev.wslab.chat.ops;

import dev.wslab.chat.http.JsonHttp;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} and {@code GET /readyz} for load balancers and orchestrators.
 *
 * <ul>
 *   <li>{@code /healthz}: 200 while the process serves HTTP at all (liveness: restart me only if this fails).</li>
 *   <li>{@code /readyz}: 200 when the listener is up, the storage answers (the embedded database, or Redis for
 *       a cluster node) and the server is not draining; otherwise 503 with a JSON body naming every reason, so
 *       a balancer sends new clients elsewhere. On SIGTERM it turns 503 first, before anything else stops.</li>
 * </ul>
 * The checks may block (a database query, a Redis PING), so both answer on a worker thread.
 */
public final class Readiness {

    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";

    /** One dependency: its name, and a check that returns null when usable, else why not. */
    private record Check(String name, Supplier<String> problem) {}

    private final List<Check> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Adds a dependency; {@code problem} returns null when it is usable, otherwise a short reason. */
    public void check(String name, Supplier<String> problem) {
        checks.add(new Check(name, problem));
    }

    public void listening(boolean value) {
        listening.set(value);
    }

    /** From now on {@code /readyz} answers 503 "draining"; returns false if it already did. */
    public boolean drain() {
        return draining.compareAndSet(false, true);
    }

    public boolean draining() {
        return draining.get();
    }

    /** Every reason the server is not ready now; empty when it is. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (draining.get()) {
            problems.add("draining: the server is shutting down");
        }
        if (!listening.get()) {
            problems.add("listener: not accepting connections");
        }
        for (Check check : checks) {
            String problem;
            try {
                problem = check.problem().get();
            } catch (RuntimeException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (problem != null) {
                problems.add(check.name() + ": " + problem);
            }
        }
        return problems;
    }

    HttpHandler healthHandler() {
        return exchange -> JsonHttp.send(exchange, 200, Map.of("status", "ok"));
    }

    HttpHandler readyHandler() {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                List<String> problems = problems();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", problems.isEmpty() ? "ready" : "not_ready");
                List<String> names = new ArrayList<>();
                names.add("listener");
                checks.forEach(c -> names.add(c.name()));
                body.put("checks", names);
                if (!problems.isEmpty()) {
                    body.put("reasons", problems);
                }
                JsonHttp.send(exchange, problems.isEmpty() ? 200 : 503, body);
            }
        };
    }
}
