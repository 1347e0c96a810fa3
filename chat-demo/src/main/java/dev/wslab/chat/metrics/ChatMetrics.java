package dev.wslab.chat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The chat server's metrics, served by {@code GET /metrics} in the Prometheus text format (Micrometer
 * with its Prometheus registry). Every series is named {@code wslab_…} (the JVM's too: a filter prefixes
 * them), and {@link MetricsTable} lists them all in the chat-demo README, generated from this class.
 *
 * <p>The transports count into it at the I/O edge (bytes, messages, close frames, handshakes, refusals,
 * slow-consumer cuts); what exists now (connections, sessions, rooms, queued bytes, resumes) is read
 * from the server when scraped. Counters are pre-resolved where they sit on a hot path: an increment is
 * one {@code DoubleAdder} add.
 */
public final class ChatMetrics {

    public static final String PREFIX = "wslab.";
    public static final String WEBSOCKET = "websocket";
    public static final String POLLING = "polling";
    /** The transport label of plain HTTP routes (login and registration, the frame inspector's stream). */
    public static final String HTTP = "http";

    /**
     * The limits whose refusals {@code wslab_rate_limit_refusals_total} counts, each named by its flag
     * (the {@code limit} label): who was refused, and what to raise if the refusals are unwanted.
     */
    public enum Limit {
        /** {@code --message-rate}: a chat command answered {@code error rate_limited} (polling: 429). */
        MESSAGE_RATE("message-rate"),
        /** {@code --login-rate-per-address}: {@code /api/login} or {@code /api/register} answered 429. */
        LOGIN_RATE_PER_ADDRESS("login-rate-per-address"),
        /** {@code --login-rate-per-name}: {@code /api/login} or {@code /api/register} answered 429. */
        LOGIN_RATE_PER_NAME("login-rate-per-name"),
        /** {@code --max-sessions-per-user}: a WebSocket upgrade or {@code POST /poll/sessions} answered 429. */
        MAX_SESSIONS_PER_USER("max-sessions-per-user"),
        /** {@code --max-inspector-streams}: a frame-inspector stream answered 429. */
        MAX_INSPECTOR_STREAMS("max-inspector-streams");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        /** The flag's name without its dashes, as the {@code limit} label shows it. */
        public String label() {
            return label;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter wsMessagesIn;
    private final Counter wsMessagesOut;
    private final Counter wsBytesIn;
    private final Counter wsBytesOut;
    private final Counter pollMessagesIn;
    private final Counter pollMessagesOut;
    private final Counter pollBytesIn;
    private final Counter pollBytesOut;

    public ChatMetrics() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
            }
        });
        wsMessagesIn = messages("received", WEBSOCKET);
        wsMessagesOut = messages("sent", WEBSOCKET);
        wsBytesIn = bytes("received", WEBSOCKET);
        wsBytesOut = bytes("sent", WEBSOCKET);
        pollMessagesIn = messages("received", POLLING);
        pollMessagesOut = messages("sent", POLLING);
        pollBytesIn = bytes("received", POLLING);
        pollBytesOut = bytes("sent", POLLING);
        registerCommonSeries();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("wslab.jvm.gc.collections", gc, GarbageCollectorMXBean::getCollectionCount)
                    .description("garbage collections by this collector since the JVM started")
                    .tag("gc", gc.getName()).register(registry);
            FunctionCounter.builder("wslab.jvm.gc.collection.seconds", gc, b -> b.getCollectionTime() / 1000.0)
                    .description("time spent in this collector's collections since the JVM started")
                    .tag("gc", gc.getName()).register(registry);
        }
    }

    private Counter messages(String direction, String transport) {
        return Counter.builder("wslab.messages." + direction)
                .description(direction.equals("received")
                        ? "messages from clients: WebSocket text and binary messages; polling: commands"
                        : "messages to clients: WebSocket text and binary messages; polling: events put into a session's stream")
                .tag("transport", transport).register(registry);
    }

    private Counter bytes(String direction, String transport) {
        return Counter.builder("wslab." + direction).baseUnit("bytes")
                .description(direction.equals("received")
                        ? "bytes from clients: WebSocket bytes read after the upgrade; polling: characters of command JSON"
                        : "bytes to clients: WebSocket bytes written after the upgrade; polling: characters of event JSON")
                .tag("transport", transport).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private static final String HANDSHAKES = "WebSocket upgrade requests by outcome and HTTP status (101 accepted; 400, 401, 403, 426, 429 … refused)";
    private static final String CLOSES = "WebSocket Close frames sent and received, by close code (RFC 6455 §7.4)";
    private static final String REFUSALS = "requests and commands refused by a rate or count limit (429, or error"
            + " rate_limited on a WebSocket), by the limit (its flag: message-rate, login-rate-per-address,"
            + " login-rate-per-name, max-sessions-per-user, max-inspector-streams) and transport (websocket, polling, http)";
    private static final String CUTS = "clients cut as slow consumers (1008; polling: session ended), by the bound passed:"
            + " client (its own queue or backlog) or total (--max-outbound-total)";

    /** The registry (tests, embedding applications that add their own meters). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The exposition text. */
    public String scrape() {
        return registry.scrape();
    }

    // ---- what exists now, read when scraped ----

    /** A gauge named {@code wslab.<name>}; {@code tags} are key, value pairs. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(PREFIX + name, source, value).description(description).tags(tags).register(registry);
    }

    /** A counter named {@code wslab.<name>} whose value the server keeps itself. */
    public <T> void functionCounter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(PREFIX + name, source, value).description(description).register(registry);
    }

    /** The open connections of one transport (polling: sessions that have not ended). */
    public void openConnections(String transport, Supplier<Number> count) {
        Gauge.builder("wslab.connections.open", count).description("open chat connections (polling: live sessions)")
                .tag("transport", transport).register(registry);
    }

    // ---- events, counted by the transports ----

    public void handshake(boolean accepted, int status) {
        counter("wslab.handshakes", HANDSHAKES, "outcome", accepted ? "accepted" : "rejected", "status",
                Integer.toString(status)).increment();
    }

    public void closeSent(int code) {
        counter("wslab.close.frames", CLOSES, "direction", "sent", "code", Integer.toString(code)).increment();
    }

    public void closeReceived(int code) {
        counter("wslab.close.frames", CLOSES, "direction", "received", "code", Integer.toString(code)).increment();
    }

    /**
     * A request or command refused by {@code limit}: every 429 the server answers, and every
     * {@code error rate_limited} on a WebSocket; {@code transport}: {@link #WEBSOCKET}, {@link #POLLING}
     * or {@link #HTTP}.
     */
    public void rateLimited(Limit limit, String transport) {
        counter("wslab.rate.limit.refusals", REFUSALS, "limit", limit.label(), "transport", transport).increment();
    }

    /**
     * A client cut as a slow consumer; {@code bound}: {@code client} (its own queue or backlog) or
     * {@code total} (the server's {@code --max-outbound-total}).
     */
    public void slowConsumerCut(String transport, String bound) {
        counter("wslab.slow.consumer.cuts", CUTS, "transport", transport, "bound", bound).increment();
    }

    public void webSocketMessageIn() {
        wsMessagesIn.increment();
    }

    public void webSocketMessageOut() {
        wsMessagesOut.increment();
    }

    public void webSocketBytesIn(long bytes) {
        wsBytesIn.increment(bytes);
    }

    public void webSocketBytesOut(long bytes) {
        wsBytesOut.increment(bytes);
    }

    public void pollingCommand(int chars) {
        pollMessagesIn.increment();
        pollBytesIn.increment(chars);
    }

    public void pollingEvent(int chars) {
        pollMessagesOut.increment();
        pollBytesOut.increment(chars);
    }

    private void refusals(Limit limit, String transport) {
        counter("wslab.rate.limit.refusals", REFUSALS, "limit", limit.label(), "transport", transport);
    }

    /** Creates the labelled counters every server has, at 0, so the exposition (and the docs table) always lists them. */
    private void registerCommonSeries() {
        counter("wslab.handshakes", HANDSHAKES, "outcome", "accepted", "status", "101");
        counter("wslab.close.frames", CLOSES, "direction", "sent", "code", "1001");
        counter("wslab.close.frames", CLOSES, "direction", "received", "code", "1000");
        refusals(Limit.MESSAGE_RATE, WEBSOCKET);
        refusals(Limit.MESSAGE_RATE, POLLING);
        refusals(Limit.LOGIN_RATE_PER_ADDRESS, HTTP);
        refusals(Limit.LOGIN_RATE_PER_NAME, HTTP);
        refusals(Limit.MAX_SESSIONS_PER_USER, WEBSOCKET);
        refusals(Limit.MAX_SESSIONS_PER_USER, POLLING);
        refusals(Limit.MAX_INSPECTOR_STREAMS, HTTP);
        counter("wslab.slow.consumer.cuts", CUTS, "transport", WEBSOCKET, "bound", "client");
    }
}
