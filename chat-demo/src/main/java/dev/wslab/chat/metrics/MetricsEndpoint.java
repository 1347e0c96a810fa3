package dev.wslab.chat.metrics;

import dev.wslab.chat.http.JsonHttp;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4), to the clients {@link MetricsAccess}
 * allows; others get 403. Scraping reads gauges that may walk every connection (queued bytes) or ask Redis
 * (rooms of a cluster), so it runs on a worker thread, never on an IO thread.
 */
public final class MetricsEndpoint implements HttpHandler {

    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ChatMetrics metrics;
    private final MetricsAccess access;

    public MetricsEndpoint(ChatMetrics metrics, MetricsAccess access) {
        this.metrics = metrics;
        this.access = access;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!access.allows(exchange.getSourceAddress().getAddress())) {
            JsonHttp.sendError(exchange, 403, "forbidden", "the metrics are served to " + access
                    + " clients only (--metrics-from)");
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            JsonHttp.sendError(exchange, 405, "method_not_allowed", "use GET here");
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        String text = metrics.scrape();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(text);
    }
}
