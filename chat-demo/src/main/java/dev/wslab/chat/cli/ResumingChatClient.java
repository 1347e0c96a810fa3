package dev.wslab.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wslab.client.ClientOptions;
import dev.wslab.client.HandshakeRefusedException;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.framing.connection.Event;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A chat client that survives a lost connection: it asks for a resumable session
 * ({@code {"type":"session"}}), remembers the resume token and the number of the last event it saw,
 * and when the connection drops it reconnects with jittered back-off and sends
 * {@code {"type":"resume","token":…,"seq":N}} first. The server replays exactly the missed events;
 * the client then resends every command not yet answered (each with its original {@code id}, so a
 * message the server had already accepted comes back {@code duplicate} instead of being posted twice).
 * If the server refuses the resume (window passed, events lost …) the connection goes on as a new
 * session: the client joins its rooms again and says so through {@code status}.
 *
 * <p>Events reach {@code onEvent} as JSON objects, each once and in order (a replayed event the client
 * already had, by its {@code seq}, is skipped). Thread-safe: commands may be sent from any thread.
 */
public final class ResumingChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A connection's first command when there is no session to resume: answered by {@code session} with a token. */
    private static final String SESSION_COMMAND = JSON.createObjectNode().put("type", "session").put("id", "s0").toString();
    static final Duration BACKOFF_BASE = Duration.ofMillis(100);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    /** The servers to try, in order: the nodes of a cluster, or one server. */
    private final List<URI> urls;
    /** Only the client's thread touches it: the index in {@link #urls} tried next. */
    private volatile int current;
    private final ClientOptions options;
    private final Consumer<JsonNode> onEvent;
    private final Consumer<String> status;
    private final Thread loop;
    private final AtomicInteger nextId = new AtomicInteger();

    private final Object lock = new Object();
    /** Guarded by lock: commands sent and not yet answered, by id, in sending order. */
    private final Map<String, ObjectNode> unanswered = new LinkedHashMap<>();
    /** Guarded by lock: the rooms this client is in, to join again after a refused resume. */
    private final Set<String> rooms = new LinkedHashSet<>();
    /** Where commands go now: a WebSocket, or a poll session's command endpoint. */
    @FunctionalInterface
    private interface Channel {
        boolean sendText(String json);
    }

    /** How the client reaches the server (the seed's {@code transports} option). */
    public enum Transport {
        /** WebSocket only. */
        WEBSOCKET,
        /** HTTP long polling only. */
        POLLING,
        /** Long polling first, then the same session moved to a WebSocket once it is resumable; polling stays if that fails. */
        AUTO
    }

    /** Guarded by lock. */
    private Channel connection;
    /** Guarded by lock: the WebSocket, when one carries the session (to close it). */
    private WebSocketSession webSocket;
    private final Transport transport;
    private final String bearer;
    private final java.net.http.HttpClient http;
    /** The poll session that carries the session now ({@code …/poll/sessions/<id>}), or null: close() deletes it. */
    private volatile URI pollSession;
    /** Set once the session is on a WebSocket; from then on reconnects are WebSocket resumes. */
    private volatile boolean onWebSocket;
    private volatile String carriedBy = "none";
    /** Guarded by lock: commands wait until the session is (re)established. */
    private boolean ready;
    private String resumeToken;
    private long lastSeq;
    private volatile boolean closing;
    private volatile int resumes;
    private volatile int refusedResumes;

    /**
     * Starts connecting at once, on a thread of its own.
     *
     * @param url     the chat WebSocket
     * @param token   the bearer token (sent as {@code Authorization})
     * @param options more client options (TLS, a read timeout so that a silent server is noticed)
     * @param onEvent every event, once, in order
     * @param status  what the client is doing, in words ("connected", "connection lost, resuming" …)
     */
    public ResumingChatClient(URI url, String token, ClientOptions.Builder options, Consumer<JsonNode> onEvent,
                              Consumer<String> status) {
        this(List.of(url), token, options, onEvent, status);
    }

    /** A client of the WebSocket(s) at {@code urls} (see below), on WebSocket only. */
    public ResumingChatClient(List<URI> urls, String token, ClientOptions.Builder options, Consumer<JsonNode> onEvent,
                              Consumer<String> status) {
        this(urls, Transport.WEBSOCKET, token, options, onEvent, status);
    }

    /**
     * A client of a cluster: it connects to the first of {@code urls} that answers, and when a connection
     * to one fails it tries the next (round the list), resuming its session there; the nodes of a cluster
     * share sessions, so a resume works on any of them.
     */
    public ResumingChatClient(List<URI> urls, Transport transport, String token, ClientOptions.Builder options,
                              Consumer<JsonNode> onEvent, Consumer<String> status) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one URL is needed");
        }
        this.urls = List.copyOf(urls);
        this.transport = transport;
        this.bearer = token;
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.options = options.subprotocols("wslab.chat.v1").header("Authorization", "Bearer " + token).build();
        this.onEvent = onEvent;
        this.status = status;
        this.loop = new Thread(this::run, "wslab-resuming-client");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /** Joins a room (again after a refused resume). */
    public String join(String room) {
        synchronized (lock) {
            rooms.add(room);
        }
        return send(command("join").put("room", room));
    }

    /** Leaves a room. */
    public String exit(String room) {
        synchronized (lock) {
            rooms.remove(room);
        }
        return send(command("exit").put("room", room));
    }

    /** Posts a message; resent after a resume until answered, and posted at most once. */
    public String message(String room, String text) {
        return send(command("message").put("room", room).put("message", text));
    }

    /** Asks who is online. */
    public String users() {
        return send(command("users"));
    }

    /** Successful resumes so far. */
    public int resumes() {
        return resumes;
    }

    /** Resumes the server refused (a new session followed each). */
    public int refusedResumes() {
        return refusedResumes;
    }

    /** Commands sent and not yet answered. */
    public int unanswered() {
        synchronized (lock) {
            return unanswered.size();
        }
    }

    private ObjectNode command(String type) {
        return JSON.createObjectNode().put("type", type).put("id", "r" + nextId.incrementAndGet());
    }

    private String send(ObjectNode command) {
        String id = command.get("id").asText();
        synchronized (lock) {
            unanswered.put(id, command);
            if (ready && connection != null) {
                connection.sendText(command.toString());
            }
        }
        return id;
    }

    /** "websocket" or "polling": what carries the session now ("none" before the first connection). */
    public String transport() {
        return carriedBy;
    }

    private void run() {
        int attempt = 0;
        while (!closing) {
            WebSocketSession session;
            URI url = urls.get(current);
            if (transport != Transport.WEBSOCKET && !onWebSocket) {
                PollEnd end = poll(url);
                if (end == PollEnd.FATAL || closing) {
                    return;
                }
                if (end == PollEnd.UPGRADED) {
                    attempt = 0;
                    WebSocketSession upgraded;
                    synchronized (lock) {
                        upgraded = webSocket;
                    }
                    read(upgraded);
                    synchronized (lock) {
                        connection = null;
                        webSocket = null;
                        ready = false;
                    }
                    if (!closing) {
                        sleep(backoff(attempt++));
                    }
                } else {
                    nextUrl(attempt++);
                }
                continue;
            }
            try {
                session = WebSocketClient.connect(url, options);
            } catch (HandshakeRefusedException refused) {
                status.accept(url + " refused the connection: " + refused.status() + " " + refused.body());
                if (refused.status() == 401 || refused.status() == 403) {
                    return; // a new token is needed; retrying would not help
                }
                nextUrl(attempt++);
                continue;
            } catch (IOException | RuntimeException e) {
                status.accept("cannot connect to " + url + " (" + e.getMessage() + ")"
                        + (urls.size() > 1 ? "; trying " + urls.get((current + 1) % urls.size()) : "; retrying"));
                nextUrl(attempt++);
                continue;
            }
            attempt = 0;
            onWebSocket = true;
            carriedBy = "websocket";
            synchronized (lock) {
                connection = session::sendText;
                webSocket = session;
                ready = false;
                if (resumeToken == null) {
                    session.sendText(SESSION_COMMAND);
                } else {
                    status.accept("connection lost; resuming after event " + lastSeq);
                    session.sendText(resumeCommand(resumeToken, lastSeq));
                }
            }
            read(session);
            synchronized (lock) {
                connection = null;
                webSocket = null;
                ready = false;
            }
            if (!closing) {
                sleep(backoff(attempt++));
            }
        }
    }

    /** Reads one connection's events until it ends. */
    private void read(WebSocketSession session) {
        try {
            while (true) {
                Optional<Event> next = session.nextEvent(Duration.ofSeconds(1));
                if (closing) {
                    return;
                }
                if (next.isEmpty()) {
                    if (!session.isOpen()) {
                        return;
                    }
                    continue;
                }
                if (next.get() instanceof Event.Text text) {
                    handle(session::sendText, JSON.readTree(text.text()));
                } else if (next.get() instanceof Event.Closed closed) {
                    status.accept("connection closed: " + closed.code() + (closed.reason().isEmpty() ? "" : " " + closed.reason()));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            status.accept("unreadable event: " + e.getMessage());
            session.abort();
        }
    }

    private void handle(Channel session, JsonNode event) {
        String type = event.path("type").asText();
        String id = event.path("id").asText(null);
        if ("s0".equals(id)) {
            establish(session, type, event);
            return;
        }
        JsonNode seq = event.get("seq");
        synchronized (lock) {
            if (seq != null) {
                if (seq.asLong() <= lastSeq) {
                    return; // had it already
                }
                lastSeq = seq.asLong();
            }
            if (id != null && (type.equals("ok") || type.equals("error") || type.equals("users"))) {
                unanswered.remove(id);
            }
        }
        onEvent.accept(event);
    }

    /** The answer to the connection's first command: {@code session}, {@code resumed}, or a refusal. */
    private void establish(Channel session, String type, JsonNode event) {
        List<ObjectNode> resend;
        synchronized (lock) {
            if (type.equals("session")) {
                resumeToken = event.path("resumeToken").asText();
                lastSeq = event.path("seq").asLong();
                status.accept("connected; session " + event.path("sessionId").asText() + " is resumable for "
                        + event.path("resumeWindowSeconds").asDouble() + " s");
                // A new session (the first, or after a refused resume): join every room again; unanswered
                // joins are replaced by these, other unanswered commands are sent again after them.
                // (An unanswered join keeps its id, so whoever waits for its answer gets it.)
                Map<String, ObjectNode> pendingJoins = new LinkedHashMap<>();
                for (ObjectNode c : unanswered.values()) {
                    if (c.path("type").asText().equals("join")) {
                        pendingJoins.put(c.path("room").asText(), c);
                    }
                }
                unanswered.values().removeIf(c -> c.path("type").asText().equals("join"));
                Map<String, ObjectNode> rest = new LinkedHashMap<>(unanswered);
                unanswered.clear();
                for (String room : rooms) {
                    ObjectNode join = pendingJoins.containsKey(room) ? pendingJoins.get(room) : command("join").put("room", room);
                    unanswered.put(join.get("id").asText(), join);
                }
                unanswered.putAll(rest);
                resend = new ArrayList<>(unanswered.values());
            } else if (type.equals("resumed")) {
                resumes++;
                status.accept("resumed session " + event.path("sessionId").asText() + "; "
                        + event.path("replayed").asInt() + " missed events follow");
                resend = new ArrayList<>(unanswered.values());
            } else {
                // Refused: this connection is a new session. Ask for its token, then join again.
                refusedResumes++;
                status.accept("resume refused (" + event.path("code").asText() + "): " + event.path("reason").asText());
                resumeToken = null;
                lastSeq = 0;
                session.sendText(SESSION_COMMAND);
                return;
            }
            ready = true;
            for (ObjectNode command : resend) {
                session.sendText(command.toString());
            }
        }
    }

    /** A connection's first command for a session this client had: the events after {@code seq} come back. */
    private static String resumeCommand(String token, long seq) {
        return JSON.createObjectNode().put("type", "resume").put("id", "s0").put("token", token).put("seq", seq).toString();
    }

    // ---- long polling, and the upgrade to a WebSocket ----

    private enum PollEnd { UPGRADED, LOST, FATAL }

    /**
     * Runs one poll session at the server of {@code url} until it is lost (the server unreachable, or the
     * session gone) or moved to a WebSocket. Within one poll session a lost answer is repaired by asking again
     * with the same cursor. A new poll session (after the old one's node stopped answering) resumes the chat
     * session with its token, as a new WebSocket does: on a cluster the node it reaches replays what the client
     * missed; if the resume is refused, the poll session becomes a new chat session and the rooms are joined again.
     */
    private PollEnd poll(URI url) {
        URI base = httpBase(url);
        String sessionId;
        long cursor;
        try {
            java.net.http.HttpResponse<String> created = http.send(request(base.resolve("/poll/sessions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() == 401 || created.statusCode() == 403) {
                status.accept(base + " refused the poll session: " + created.statusCode() + " " + created.body());
                return PollEnd.FATAL;
            }
            if (created.statusCode() != 201) {
                status.accept("cannot start long polling at " + base + " (" + created.statusCode() + ")");
                return PollEnd.LOST;
            }
            JsonNode body = JSON.readTree(created.body());
            sessionId = body.path("sessionId").asText();
            cursor = body.path("cursor").asLong();
        } catch (IOException e) {
            status.accept("cannot connect to " + base + " (" + e.getMessage() + ")");
            return PollEnd.LOST;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PollEnd.FATAL;
        }
        pollSession = base.resolve("/poll/sessions/" + sessionId);
        try {
            return pollUntilLostOrMoved(url, base, sessionId, cursor);
        } finally {
            pollSession = null;
        }
    }

    /** The body of {@link #poll}: one poll session, from its creation until it is lost or moved to a WebSocket. */
    private PollEnd pollUntilLostOrMoved(URI url, URI base, String sessionId, long cursor) {
        URI commands = base.resolve("/poll/sessions/" + sessionId + "/commands");
        // Commands are posted one after the other (each after the previous one's answer): two requests in
        // flight at once may reach the server in either order, and a message must not overtake its join.
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<?>> chain =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.concurrent.CompletableFuture.completedFuture(null));
        Channel channel = json -> {
            java.net.http.HttpRequest post = request(commands).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
            chain.updateAndGet(previous -> previous.handle((r, e) -> null)
                    .thenCompose(ignored -> http.sendAsync(post, java.net.http.HttpResponse.BodyHandlers.discarding())));
            return true;
        };
        carriedBy = "polling";
        String token;
        long seq;
        synchronized (lock) {
            connection = channel;
            ready = false;
            token = resumeToken;
            seq = lastSeq;
        }
        status.accept("connected over HTTP long polling to " + base);
        if (token == null) {
            channel.sendText(SESSION_COMMAND);
        } else {
            // The answer (resumed, or a refusal followed by a new session) arrives in this poll session's events.
            status.accept("the poll session was lost; resuming after event " + seq);
            channel.sendText(resumeCommand(token, seq));
        }
        int failures = 0;
        while (!closing) {
            java.net.http.HttpResponse<String> answer;
            try {
                answer = http.send(request(base.resolve("/poll/sessions/" + sessionId + "/events?cursor=" + cursor + "&wait=20"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (++failures >= 3) {
                    status.accept("polling failed (" + e.getMessage() + ")");
                    return PollEnd.LOST;
                }
                sleep(backoff(failures)); // ask again with the same cursor: nothing lost or repeated
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PollEnd.FATAL;
            }
            failures = 0;
            if (answer.statusCode() != 200) {
                if (closing) {
                    return PollEnd.FATAL; // close() deleted it: nothing to report
                }
                status.accept("the poll session ended (" + answer.statusCode() + " " + answer.body() + ")");
                return answer.statusCode() == 401 ? PollEnd.FATAL : PollEnd.LOST;
            }
            boolean resumable = false;
            try {
                JsonNode body = JSON.readTree(answer.body());
                for (JsonNode event : body.path("events")) {
                    String type = event.path("type").asText();
                    resumable |= (type.equals("session") || type.equals("resumed")) && "s0".equals(event.path("id").asText(null));
                    handle(channel, event);
                }
                cursor = body.path("cursor").asLong();
            } catch (IOException e) {
                status.accept("unreadable poll answer: " + e.getMessage());
                return PollEnd.LOST;
            }
            if (resumable && transport == Transport.AUTO && probe(url)) {
                return PollEnd.UPGRADED;
            }
        }
        return PollEnd.FATAL;
    }

    /**
     * The seed's upgrade: opens a WebSocket and resumes this very session on it from the last event
     * polled (the server then ends the poll session). Polling pauses meanwhile; if the WebSocket cannot be
     * opened or the resume is refused, it carries on with the same cursor, so nothing is lost either way.
     *
     * @return true when the WebSocket carries the session now
     */
    private boolean probe(URI url) {
        WebSocketSession ws;
        try {
            ws = WebSocketClient.connect(url, options);
        } catch (IOException | RuntimeException e) {
            status.accept("staying on long polling (WebSocket unavailable: " + e.getMessage() + ")");
            return false;
        }
        String token;
        long seq;
        synchronized (lock) {
            token = resumeToken;
            seq = lastSeq;
        }
        ws.sendText(resumeCommand(token, seq));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Optional<Event> next = ws.nextEvent(Duration.ofSeconds(1));
                if (next.isPresent() && next.get() instanceof Event.Text text) {
                    JsonNode event = JSON.readTree(text.text());
                    if (!"s0".equals(event.path("id").asText(null))) {
                        continue;
                    }
                    if (event.path("type").asText().equals("resumed")) {
                        synchronized (lock) {
                            connection = ws::sendText;
                            webSocket = ws;
                            ready = false;
                        }
                        onWebSocket = true;
                        carriedBy = "websocket";
                        status.accept("upgraded from long polling to WebSocket");
                        establish(ws::sendText, "resumed", event);
                        return true;
                    }
                    status.accept("staying on long polling (the WebSocket resume was refused: " + event.path("code").asText() + ")");
                    ws.close(1000, "resume refused");
                    return false;
                } else if (next.isPresent() && next.get() instanceof Event.Closed) {
                    break;
                }
            }
        } catch (IOException e) {
            // treated as unavailable below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ws.abort();
        status.accept("staying on long polling (the WebSocket did not resume the session)");
        return false;
    }

    private java.net.http.HttpRequest.Builder request(URI uri) {
        return java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(30));
    }

    /** {@code ws://host:port/ws} → {@code http://host:port}. */
    static URI httpBase(URI webSocket) {
        String scheme = webSocket.getScheme().equalsIgnoreCase("wss") ? "https" : "http";
        return URI.create(scheme + "://" + webSocket.getRawAuthority());
    }

    /** Moves on to the next address; pauses (backing off) only once the whole list has failed in a row. */
    private void nextUrl(int attempt) {
        current = (current + 1) % urls.size();
        if ((attempt + 1) % urls.size() == 0) {
            sleep(backoff((attempt + 1) / urls.size() - 1));
        }
    }

    /** The address the client uses now (or tries next). */
    public URI currentUrl() {
        return urls.get(current);
    }

    private static Duration backoff(int attempt) {
        long step = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(attempt, 16));
        return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the session cleanly and stops reconnecting: on a WebSocket with a Close, on long polling by deleting the
     * poll session; either way the server ends the session at once (otherwise a poll session would keep the user
     * online until it expired).
     */
    @Override
    public void close() {
        closing = true;
        WebSocketSession current;
        synchronized (lock) {
            current = webSocket;
        }
        if (current != null) {
            current.close(1000, "bye");
        }
        URI polling = pollSession;
        if (polling != null) {
            try {
                http.send(request(polling).timeout(Duration.ofSeconds(5)).DELETE().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // The server is gone or unreachable: its poll session expires by itself.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop.interrupt();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
