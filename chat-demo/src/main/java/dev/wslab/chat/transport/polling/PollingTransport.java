package dev.wslab.chat.transport.polling;

import dev.wslab.chat.ServerContext;
import dev.wslab.chat.ServerExtension;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.http.JsonBody;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.limits.CommandThrottle;
import dev.wslab.chat.limits.RateLimit;
import dev.wslab.chat.limits.RateLimiter;
import dev.wslab.chat.limits.SessionQuota;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.RateLimitReply;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.PathTemplateMatcher;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.XnioIoThread;

/**
 * The chat over plain HTTP: the same accounts, tokens, commands, events and rooms as the WebSocket
 * endpoint, for clients that cannot (or may not) open a WebSocket, and for the benchmarks' comparison
 * of transports on one application. Plug it into a server:
 *
 * <pre>{@code
 * ServerParts parts = ServerParts.builder().extension(new PollingTransport()).build();
 * }</pre>
 *
 * <h2>Routes</h2>
 * Every request carries {@code Authorization: Bearer <jwt>} from {@code POST /api/login}; a session
 * belongs to the user who created it (another user's token gets 403).
 * <pre>
 * POST   /poll/sessions                          201 {"sessionId","cursor":0,"userId","userName",
 *                                                      "waitSeconds","expirySeconds","events","commands"}
 * GET    /poll/sessions/{id}/events?cursor=N[&amp;wait=S]
 *                                                200 {"cursor":M,"events":[{…},…]}
 * POST   /poll/sessions/{id}/commands            body {"type":"join","room":"lobby","id":"c1"} (as on the WebSocket)
 *                                                200 the reply, e.g. {"type":"ok","id":"c1"}
 * DELETE /poll/sessions/{id}                     204; the user leaves its rooms at once
 * </pre>
 *
 * <h2>Receiving: cursors and long polls</h2>
 * Events are numbered per session from 1; {@code cursor} is the number of the last event the client
 * has. Send {@code cursor=0} first, then the {@code cursor} of each answer: the answer holds exactly the
 * events after it, so a lost answer (timeout, dropped connection, reload) is repaired by asking again
 * with the old cursor, and nothing is ever duplicated or skipped (see {@link CursorLog}). With nothing
 * new, the request is held (long poll) for {@code wait} seconds (default 25, at most 55) and then
 * answered {@code {"cursor":N,"events":[]}} with the same cursor; {@code wait=0} answers at once
 * (short poll). Held requests occupy no thread ({@link LongPoll}).
 *
 * <h2>Sending: commands, and where the reply goes</h2>
 * A command is the same JSON object a WebSocket client sends as a text message. Its reply ({@code ok}
 * or {@code error}, with the command's {@code id}) is put into the event stream, after any events the
 * command caused (the sender's own {@code message} comes before the {@code ok} for it), exactly as a
 * WebSocket client receives it, so one client loop serves both transports. The POST answer carries
 * the same reply as a convenience for scripts; a client that reads the stream should ignore it (it is
 * a receipt, not a second delivery).
 *
 * <h2>Endings (the HTTP side of a WebSocket close)</h2>
 * <ul>
 *   <li>{@code 410 session_ended}: the session ended (deleted, expired after {@code expirySeconds}
 *       without a poll, its token expired — where a WebSocket gets 4001 —, or its client fell more than
 *       {@link PollingConfig#maxPendingEvents()} events behind); {@code reason} says which. The user has left its rooms ({@code userLeft}, exactly once).</li>
 *   <li>{@code 410 cursor_expired}: the cursor is older than the retained window (below a cursor the
 *       client already acknowledged). Events in between are gone, so the session ends.</li>
 *   <li>{@code 404 unknown_session}: no such session (or it ended long ago).</li>
 * </ul>
 * In each case the client resynchronizes: a new session, then {@code join} its rooms again.
 */
public final class PollingTransport implements ServerExtension {

    private static final String RESYNC_HINT_FORMAT =
            "Start over: POST %s/sessions for a new session, then join your rooms again.";

    private final PollingConfig config;
    private final String resyncHint;
    private final ConcurrentHashMap<String, PollSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile ServerContext context;
    private volatile JsonBody body;

    /** The transport with {@link PollingConfig#defaults()}. */
    public PollingTransport() {
        this(PollingConfig.defaults());
    }

    public PollingTransport(PollingConfig config) {
        this.config = config;
        this.resyncHint = String.format(RESYNC_HINT_FORMAT, config.pathPrefix());
    }

    /** This transport's settings. */
    public PollingConfig config() {
        return config;
    }

    /**
     * Adds the routes under {@link PollingConfig#pathPrefix()}.
     *
     * @throws IllegalStateException if this instance is already serving a server (make one per server)
     */
    @Override
    public synchronized void register(ServerContext serverContext, PathHandler routes) {
        if (context != null) {
            throw new IllegalStateException("this PollingTransport already serves a server; create one per server");
        }
        context = serverContext;
        body = new JsonBody(serverContext.config().limits().maxBodyBytes(), serverContext.config().limits().bodyTimeout());
        routes.addPrefixPath(config.pathPrefix(), routes());
    }

    /** Sessions that have not ended. */
    public int activeSessions() {
        int n = 0;
        for (PollSession session : sessions.values()) {
            if (session.endedReason() == null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Ends every session (the server is stopping): each held long poll is answered 410 with {@code reason};
     * waits until no poll is held, or until {@code deadlineNanos}.
     */
    public void endAll(String reason, long deadlineNanos) {
        for (PollSession session : sessions.values()) {
            session.end(reason);
        }
        while (heldPolls() > 0 && System.nanoTime() - deadlineNanos < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Polls being held right now, over all sessions (for tests). */
    int heldPolls() {
        int n = 0;
        for (PollSession session : sessions.values()) {
            n += session.heldPolls();
        }
        return n;
    }

    // ---- routing ----

    /** One route: its method, its path under the prefix, and what answers it. */
    private record Route(HttpString method, String template, HttpHandler handler) {}

    /**
     * The four routes on Undertow's {@link RoutingHandler}, which matches the path relative to the
     * prefix; an unknown path gets 404 with the list of routes, a known path with another method 405
     * with {@code Allow} (RFC 9110 §15.5.6).
     */
    private HttpHandler routes() {
        List<Route> routes = List.of(
                new Route(Methods.POST, "/sessions", this::createSession),
                new Route(Methods.DELETE, "/sessions/{id}", exchange -> withSession(exchange, session -> {
                    session.end("closed by the client (DELETE)");
                    exchange.setStatusCode(204);
                    exchange.endExchange();
                })),
                new Route(Methods.GET, "/sessions/{id}/events", exchange -> withSession(exchange, session -> poll(exchange, session))),
                new Route(Methods.POST, "/sessions/{id}/commands",
                        exchange -> withSession(exchange, session -> command(exchange, session))));
        RoutingHandler routing = Handlers.routing();
        PathTemplateMatcher<HttpString> allowed = new PathTemplateMatcher<>();
        List<String> listing = new ArrayList<>();
        for (Route route : routes) {
            routing.add(route.method(), route.template(), route.handler());
            allowed.add(route.template(), route.method());
            listing.add(route.method() + " " + config.pathPrefix() + route.template());
        }
        String routeList = "routes: " + String.join(", ", listing);
        routing.setFallbackHandler(exchange -> JsonHttp.sendError(exchange, 404, "not_found", routeList));
        routing.setInvalidMethodHandler(exchange -> {
            PathTemplateMatcher.PathMatchResult<HttpString> match = allowed.match(exchange.getRelativePath());
            String allow = match == null ? "" : match.getValue().toString();
            exchange.getResponseHeaders().put(Headers.ALLOW, allow);
            JsonHttp.sendError(exchange, 405, "method_not_allowed", "use " + allow + " here");
        });
        return routing;
    }

    // ---- the four operations ----

    private void createSession(HttpServerExchange exchange) {
        Optional<TokenCheck.Valid> authenticated = authenticate(exchange);
        if (authenticated.isEmpty()) {
            return; // 401 sent
        }
        TokenCheck.Valid auth = authenticated.get();
        Optional<SessionQuota.Slot> slot = context.sessionQuota().tryReserve(auth.user().id());
        if (slot.isEmpty()) {
            context.ops().metrics().rateLimited(ChatMetrics.Limit.MAX_SESSIONS_PER_USER, ChatMetrics.POLLING);
            // Retry-After: by then a polling session left behind by a closed tab has expired and freed its slot.
            JsonHttp.sendTooMany(exchange, config.sessionExpiry(), "too_many_sessions", "user " + auth.user().name()
                    + " already has " + context.sessionQuota().maxPerUser() + " chat sessions open, the most one user"
                    + " may have; DELETE one first (a polling session nobody polls ends after "
                    + config.sessionExpiry().toSeconds() + " s)");
            return;
        }
        XnioIoThread timerThread = exchange.getIoThread();
        String id = newSessionId();
        CursorLog log = new CursorLog(config.maxPendingEvents(), config.maxPendingChars(), CursorLog.Overflow.REFUSE);
        PollSession session = new PollSession(id, auth.user(), log, timerThread, ended -> {
            context.ops().outbound().unregister(ended);
            slot.get().release();
            forgetLater(ended, timerThread);
        }, new CommandThrottle(context.config().limits()));
        sessions.put(id, session);
        session.countTowards(context.ops());
        session.connect(context.sessions(), context.chat().codec());
        scheduleExpiryCheck(session, timerThread, config.sessionExpiry());
        endWhenTheTokenExpires(session, timerThread, auth);

        String base = config.pathPrefix() + "/sessions/" + id;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", id);
        body.put("cursor", 0);
        body.put("userId", auth.user().id());
        body.put("userName", auth.user().name());
        body.put("waitSeconds", config.defaultWait().toMillis() / 1000.0);
        body.put("expirySeconds", config.sessionExpiry().toMillis() / 1000.0);
        body.put("events", base + "/events");
        body.put("commands", base + "/commands");
        exchange.getResponseHeaders().put(Headers.LOCATION, base);
        JsonHttp.send(exchange, 201, body);
    }

    private void poll(HttpServerExchange exchange, PollSession session) {
        PollParameters.Result parsed = PollParameters.parse(firstQueryValue(exchange, "cursor"),
                firstQueryValue(exchange, "wait"), config);
        if (parsed instanceof PollParameters.Invalid invalid) {
            JsonHttp.sendError(exchange, 400, invalid.error(), invalid.reason());
            return;
        }
        long cursor = ((PollParameters.Valid) parsed).cursor();
        Duration wait = ((PollParameters.Valid) parsed).hold();
        CursorLog events = session.events();
        if (cursor < events.oldestCursor() && session.endedReason() == null) {
            // The client asks for events it has already acknowledged and we have discarded: whatever
            // it shows now is out of step with the rooms, so this session cannot go on.
            session.end("a poll came with cursor " + cursor + ", older than the retained window");
        }
        session.pollHeld();
        LongPoll.serve(exchange, events, cursor, wait, config.maxBatch(), resyncHint, session::pollSettled);
    }

    private void command(HttpServerExchange exchange, PollSession session) {
        if (session.endedReason() != null) {
            PollAnswers.send(exchange, new CursorRead.Ended(session.endedReason(), session.events().latestCursor()),
                    resyncHint);
            return;
        }
        // Read without blocking, bounded in size and time; the callback runs on the IO thread.
        body.readText(exchange, (ex, text) -> {
            if (session.endedReason() != null) {
                PollAnswers.send(ex, new CursorRead.Ended(session.endedReason(), session.events().latestCursor()),
                        resyncHint);
                return;
            }
            context.ops().metrics().pollingCommand(text.length());
            CommandThrottle.Verdict verdict = session.throttle().next();
            if (verdict != CommandThrottle.Verdict.ALLOW) {
                refuseCommand(ex, session, text, verdict);
                return;
            }
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            EncodedEvent reply = session.handleCommand(text);
            if (reply == null) {
                // The reply is in the event stream only ('session': it must come in order with the events;
                // a cluster's ok: it comes once Redis has the message, after the sender's own copy).
                ex.setStatusCode(202);
                ex.getResponseSender().send("{\"pending\":true}");
                return;
            }
            ex.getResponseSender().send(reply.json());
        });
    }

    /**
     * 429 with the {@code rate_limited} error, which also goes into the event stream like any reply;
     * a client that keeps ignoring it has its session ended (the next poll gets 410).
     */
    private void refuseCommand(HttpServerExchange exchange, PollSession session, String text,
                               CommandThrottle.Verdict verdict) {
        ProtocolCodec codec = context.chat().codec();
        EncodedEvent refusal = codec.encode(RateLimitReply.refusal(codec, text, context.config().limits()));
        context.ops().metrics().rateLimited(ChatMetrics.Limit.MESSAGE_RATE, ChatMetrics.POLLING);
        session.deliver(refusal);
        if (verdict == CommandThrottle.Verdict.ABUSE) {
            session.end("too many commands: the rate limit was ignored");
        }
        RateLimit rate = context.config().limits().messageRate();
        long retry = RateLimiter.retryAfterSeconds(rate.period().dividedBy(rate.permits()));
        exchange.setStatusCode(429);
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retry));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(refusal.json());
    }

    // ---- helpers ----

    /**
     * Finds the caller's session (the route's {@code {id}}): 401 without a valid token, 404 if unknown,
     * 403 if someone else's; otherwise runs {@code action} with it.
     */
    private void withSession(HttpServerExchange exchange, Consumer<PollSession> action) {
        Optional<TokenCheck.Valid> authenticated = authenticate(exchange);
        if (authenticated.isEmpty()) {
            return; // 401 sent
        }
        TokenCheck.Valid auth = authenticated.get();
        // From the matched template, never from the query string (a client could add ?id= there).
        String id = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
        PollSession session = sessions.get(id);
        if (session == null) {
            JsonHttp.sendError(exchange, 404, "unknown_session",
                    "there is no poll session '" + id + "' (it expired or never existed). " + resyncHint);
            return;
        }
        if (!session.user().id().equals(auth.user().id())) {
            JsonHttp.sendError(exchange, 403, "forbidden", "this poll session belongs to another user");
            return;
        }
        session.touch();
        action.accept(session);
    }

    /** The caller's verified token, or empty after answering 401. */
    private Optional<TokenCheck.Valid> authenticate(HttpServerExchange exchange) {
        TokenCheck check = context.authenticator().check(exchange);
        if (check instanceof TokenCheck.Valid valid) {
            return Optional.of(valid);
        }
        BearerAuthenticator.sendUnauthorized(exchange, ((TokenCheck.Invalid) check).description());
        return Optional.empty();
    }

    private static String firstQueryValue(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private String newSessionId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Checks the session's idle clock on its IO thread (no thread of our own): ends it once it has gone
     * {@link PollingConfig#sessionExpiry()} without a poll, otherwise looks again when it could next expire.
     */
    private void scheduleExpiryCheck(PollSession session, XnioIoThread thread, Duration delay) {
        try {
            thread.executeAfter(() -> {
                if (session.endedReason() != null) {
                    return;
                }
                Duration left = session.remainingBeforeExpiry(config.sessionExpiry());
                if (left.isZero()) {
                    session.end("the poll session expired: no poll for " + seconds(config.sessionExpiry()));
                } else {
                    scheduleExpiryCheck(session, thread, left);
                }
            }, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RuntimeException stopping) {
            // The server is stopping: its sessions go with it.
        }
    }

    /**
     * The WebSocket transport closes a connection with 4001 "token expired" when its token runs out; a
     * poll session ends at the same moment for the same reason (held polls answer 410 with it).
     */
    private static void endWhenTheTokenExpires(PollSession session, XnioIoThread thread, TokenCheck.Valid auth) {
        long millis = Math.max(1, auth.expiresAt().toEpochMilli() - System.currentTimeMillis());
        try {
            thread.executeAfter(() -> session.end("token expired"), millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException stopping) {
            // The server is stopping: its sessions go with it.
        }
    }

    /** An ended session answers 410 with its reason for one more expiry period, then 404. */
    private void forgetLater(PollSession session, XnioIoThread thread) {
        try {
            thread.executeAfter(() -> sessions.remove(session.id(), session),
                    config.sessionExpiry().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException stopping) {
            sessions.remove(session.id(), session);
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : (ms / 1000.0) + " s";
    }
}
