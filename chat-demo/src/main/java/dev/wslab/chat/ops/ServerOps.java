package dev.wslab.chat.ops;

import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerContext;
import dev.wslab.chat.ServerExtension;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.chat.metrics.MetricsAccess;
import dev.wslab.chat.metrics.MetricsEndpoint;
import dev.wslab.chat.transport.polling.PollingTransport;
import io.undertow.server.handlers.PathHandler;
import java.util.function.IntSupplier;

/**
 * What the server keeps for its operators, shared with the transports through the server's context: the
 * bound on all outbound memory together, and the metrics.
 */
public final class ServerOps implements AutoCloseable {

    private final OutboundGuard outbound;
    private final ChatMetrics metrics = new ChatMetrics();
    private final MetricsAccess metricsAccess;
    private final Readiness readiness = new Readiness();
    private RedisProbe redisProbe;

    public ServerOps(ChatServerConfig config) {
        this.outbound = new OutboundGuard(config.maxOutboundTotalBytes(), OutboundGuard.DEFAULT_INTERVAL_MILLIS);
        this.metricsAccess = MetricsAccess.parse(config.metricsFrom());
    }

    /** The cap on all clients' undelivered data together ({@code --max-outbound-total}). */
    public OutboundGuard outbound() {
        return outbound;
    }

    public ChatMetrics metrics() {
        return metrics;
    }

    /** {@code /healthz}, {@code /readyz} and the draining flag. */
    public Readiness readiness() {
        return readiness;
    }

    /** Registers the gauges that read the server's state when scraped. */
    public void bind(ServerContext context, IntSupplier openWebSockets) {
        metrics.openConnections(ChatMetrics.WEBSOCKET, openWebSockets::getAsInt);
        context.config().redisUri().ifPresent(uri -> {
            redisProbe = new RedisProbe(uri);
            readiness.check("redis", redisProbe);
        });
        PollingTransport polling = null;
        for (ServerExtension extension : context.parts().extensions()) {
            if (extension instanceof PollingTransport p) {
                polling = p;
            }
        }
        PollingTransport pollingTransport = polling;
        metrics.openConnections(ChatMetrics.POLLING, () -> pollingTransport == null ? 0 : pollingTransport.activeSessions());
        metrics.gauge("polling.sessions", "polling sessions that have not ended", this,
                ignored -> pollingTransport == null ? 0 : pollingTransport.activeSessions());
        metrics.gauge("rooms", "rooms that exist now", context.chat(), chat -> chat.roomNames().size());
        metrics.gauge("outbound.queued.bytes", "bytes waiting towards all clients (WebSocket queues and poll backlogs),"
                + " the sum --max-outbound-total caps", outbound, OutboundGuard::totalBytes);
        metrics.gauge("outbound.queued.max.bytes", "--max-outbound-total", outbound, OutboundGuard::maxTotalBytes);
        metrics.functionCounter("session.resumes", "sessions resumed on a new connection", context.sessions(),
                sessions -> sessions.resumes());
        metrics.functionCounter("outbound.total.cuts", "clients cut because all queues together passed --max-outbound-total",
                outbound, OutboundGuard::cuts);
    }

    /** Adds the operators' routes: {@code /healthz}, {@code /readyz}, and {@code /metrics} unless {@code --metrics-from off}. */
    public void register(PathHandler routes) {
        routes.addExactPath(Readiness.HEALTH_PATH, readiness.healthHandler());
        routes.addExactPath(Readiness.READY_PATH, readiness.readyHandler());
        if (metricsAccess.enabled()) {
            routes.addExactPath(MetricsEndpoint.PATH, new MetricsEndpoint(metrics, metricsAccess));
        }
    }

    /** Wraps the routes so that, while draining, new connections and sessions are refused (503). */
    public io.undertow.server.HttpHandler gate(io.undertow.server.HttpHandler routes) {
        return new DrainGate(readiness, routes);
    }

    /**
     * The first steps of a graceful stop: {@code /readyz} turns 503 and new connections are refused; every
     * polling session ends, so each held long poll is answered (410 with {@code reason}), waiting for those
     * answers until {@code deadlineNanos}.
     */
    public void drain(ServerContext context, String reason, long deadlineNanos) {
        readiness.drain();
        for (ServerExtension extension : context.parts().extensions()) {
            if (extension instanceof PollingTransport polling) {
                polling.endAll(reason, deadlineNanos);
            }
        }
    }

    @Override
    public void close() {
        outbound.close();
        if (redisProbe != null) {
            redisProbe.close();
        }
    }
}
