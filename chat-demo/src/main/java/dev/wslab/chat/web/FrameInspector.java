package dev.wslab.chat.web;

import dev.wslab.chat.ServerContext;
import dev.wslab.chat.ServerExtension;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.chat.rooms.User;
import dev.wslab.chat.transport.polling.LongPoll;
import dev.wslab.chat.transport.undertow.WireTap;
import dev.wslab.framing.Limits;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The live frame inspector: shows a student, while they chat, the handshake and every frame of their
 * own WebSocket connection as the server read and wrote it (FIN, opcode, MASK, masking key, payload
 * length and its form, the payload). A browser cannot see frames itself, so the server reports them.
 *
 * <h2>How a page turns it on</h2>
 * <ol>
 *   <li>The page makes up a random key and opens its chat WebSocket as {@code /ws?inspect=<key>}. Only
 *       connections that ask are observed; every other connection costs the inspector nothing.</li>
 *   <li>The page reads the records with the same cursor protocol as the polling transport:
 *       {@code GET /api/inspector/<key>?cursor=N&wait=S} with {@code Authorization: Bearer <jwt>} →
 *       {@code {"cursor": M, "events": [record, …]}} (see {@link InspectorRecord} for the records).
 *       A key belongs to the first user who uses it (by reading or by connecting); another user's token
 *       gets 403, and that user's connections with the key are not observed.</li>
 * </ol>
 * Connections opened again with the same key (after a reconnect) keep writing to the same stream,
 * each starting with its {@code handshake} record.
 *
 * <h2>Why the inspector cannot inspect itself forever</h2>
 * The records travel on a <em>side channel</em>, plain HTTP requests to {@code /api/inspector}, never on
 * the inspected WebSocket. Had we sent them as {@code {"type":"frame"}} messages on the WebSocket
 * itself, each record would be a new outgoing frame that must in turn be reported, whose report is
 * another frame, and so on without end (or with a special case to break the loop that makes the
 * inspector lie about what was on the wire). Over HTTP the loop cannot start: the side channel carries
 * no WebSocket frames, and its requests never pass through the {@link WireTap}.
 *
 * <h2>Cost and bounds</h2>
 * The tap runs on the connection's IO thread and only decodes headers and copies up to 160 characters
 * of each payload; each page's stream keeps at most {@value InspectorChannel#MAX_RECORDS} records
 * (the oldest are dropped, and a page that falls behind is told to skip ahead with a 410). Streams
 * without a connection or a reader for two minutes are forgotten.
 */
public final class FrameInspector implements WireTap, ServerExtension {

    /** The path of the side channel; a page's key follows it. */
    public static final String PATH = "/api/inspector";
    /** The query parameter that asks for a WebSocket connection to be inspected. */
    public static final String QUERY_PARAMETER = "inspect";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** A stream no connection writes to and nobody reads is forgotten after this long (its slot is free again). */
    public static final Duration UNUSED_STREAM_EXPIRY = Duration.ofMinutes(2);
    private static final long IDLE_NANOS = UNUSED_STREAM_EXPIRY.toNanos();
    private static final Duration MAX_WAIT = Duration.ofSeconds(25);
    private static final int MAX_BATCH = 200;
    private static final String RESYNC_HINT = "Continue from latestCursor (the records in between were dropped).";

    private final ConcurrentHashMap<String, InspectorChannel> channels = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile ServerContext context;
    private volatile Limits limits = Limits.DEFAULTS;

    public FrameInspector() {
        this(Clock.systemUTC());
    }

    FrameInspector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void register(ServerContext serverContext, PathHandler routes) {
        context = serverContext;
        // The inspector's decoders accept what the chat accepts; a bigger frame is a violation for both.
        limits = Limits.DEFAULTS.withMaxSizes(serverContext.config().maxMessageBytes());
        routes.addPrefixPath(PATH, this::serveRecords);
    }

    /**
     * Observes a chat connection whose upgrade asked for it ({@code ?inspect=<key>}) and whose user may
     * write to that key's stream; returns {@code null} (not observed) for everything else.
     */
    @Override
    public ConnectionTap open(TappedConnection connection) {
        Optional<User> user = connection.user();
        String key = queryParameter(connection.request().query(), QUERY_PARAMETER);
        if (user.isEmpty() || key == null || !KEY.matcher(key).matches()) {
            return null;
        }
        forgetIdleChannels();
        InspectorChannel channel = channelWithinCap(key, user.get().id());
        if (channel == null || !channel.ownerId().equals(user.get().id())) {
            return null; // over the user's cap, or someone else's key: never mix two users' frames in one stream
        }
        return new InspectedConnection(channel, connection, limits, clock);
    }

    /** How many pages' streams exist (for tests). */
    int channelCount() {
        return channels.size();
    }

    private void serveRecords(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
            JsonHttp.sendError(exchange, 405, "method_not_allowed", "use GET " + PATH + "/<key>?cursor=N&wait=S");
            return;
        }
        TokenCheck check = context.authenticator().check(exchange);
        if (check instanceof TokenCheck.Invalid invalid) {
            BearerAuthenticator.sendUnauthorized(exchange, invalid.description());
            return;
        }
        User user = ((TokenCheck.Valid) check).user();
        String key = exchange.getRelativePath().replaceFirst("^/", "");
        if (!KEY.matcher(key).matches()) {
            JsonHttp.sendError(exchange, 404, "unknown_inspector",
                    "an inspector key is 16 to 64 letters, digits, '-' or '_': GET " + PATH + "/<key>?cursor=N&wait=S");
            return;
        }
        // Reading may come first (the page starts its side channel before the WebSocket opens): the
        // stream then belongs to the reader, and only that user's connections will write to it.
        forgetIdleChannels();
        InspectorChannel channel = channelWithinCap(key, user.id());
        if (channel == null) {
            context.ops().metrics().rateLimited(ChatMetrics.Limit.MAX_INSPECTOR_STREAMS, ChatMetrics.HTTP);
            JsonHttp.sendTooMany(exchange, UNUSED_STREAM_EXPIRY, "too_many_inspectors", "you already have "
                    + maxStreams() + " inspector streams, the most one user may have; close a page or wait "
                    + UNUSED_STREAM_EXPIRY.toSeconds()
                    + " s (an unused stream is forgotten then)");
            return;
        }
        if (!channel.ownerId().equals(user.id())) {
            JsonHttp.sendError(exchange, 403, "forbidden", "these frames belong to another user's connection");
            return;
        }
        long cursor;
        Duration wait;
        try {
            cursor = Long.parseLong(firstOr(exchange, "cursor", "0"));
            double seconds = Double.parseDouble(firstOr(exchange, "wait", "25"));
            wait = Duration.ofMillis((long) (Math.max(0, Math.min(seconds, MAX_WAIT.toSeconds())) * 1000));
        } catch (NumberFormatException e) {
            JsonHttp.sendError(exchange, 400, "bad_request", "cursor is a whole number, wait a number of seconds");
            return;
        }
        channel.touch();
        LongPoll.serve(exchange, channel.records(), cursor, wait, MAX_BATCH, RESYNC_HINT, channel::touch);
    }

    /**
     * The stream of {@code key}, created for {@code userId} if new, or {@code null} when creating it would
     * give that user more than {@link dev.wslab.chat.limits.ChatLimits#maxInspectorStreams()} streams.
     */
    private synchronized InspectorChannel channelWithinCap(String key, String userId) {
        InspectorChannel existing = channels.get(key);
        if (existing != null) {
            return existing;
        }
        long owned = channels.values().stream().filter(c -> c.ownerId().equals(userId)).count();
        if (owned >= maxStreams()) {
            return null;
        }
        InspectorChannel created = new InspectorChannel(key, userId);
        channels.put(key, created);
        return created;
    }

    private int maxStreams() {
        ServerContext current = context;
        return current == null ? ChatLimits.DEFAULT_MAX_INSPECTOR_STREAMS : current.config().limits().maxInspectorStreams();
    }

    private void forgetIdleChannels() {
        channels.values().removeIf(channel -> channel.isIdleFor(IDLE_NANOS));
    }

    private static String firstOr(HttpServerExchange exchange, String name, String fallback) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }

    private static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
