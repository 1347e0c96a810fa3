package dev.wslab.chat.session;

import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.ErrorCode;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.rooms.ChatService;
import dev.wslab.chat.rooms.ChatSession;
import dev.wslab.chat.rooms.User;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link Session} of one server: opens them, resumes them on a new connection, and ends them,
 * so that presence has one rule for every path.
 *
 * <h2>Presence grace</h2>
 * <ul>
 *   <li>A clean end (the client's Close, logout, a server decision such as token expiry or a slow
 *       consumer) ends the session at once: its user leaves its rooms ({@code userLeft} where this was
 *       the user's last session).</li>
 *   <li>An unexpected drop (reset, end of stream, no Pong) of a resumable session only detaches it:
 *       nobody is told, events keep being numbered and kept, and the session ends when the resume
 *       window passes without a resume; then {@code userLeft} goes out, once.</li>
 *   <li>A resume within the window attaches the new connection, replays exactly the events after the
 *       client's last one, and the rooms never notice.</li>
 * </ul>
 * Every path goes through {@link #endNow}, which ends the chat session once
 * ({@link dev.wslab.chat.rooms.ChatSession#disconnect} counts), so {@code userLeft} is sent exactly once.
 *
 * <h2>Refused resumes</h2>
 * {@code resume_expired} (the window passed), {@code resume_unknown} (no such token, or that session
 * ended on purpose), {@code forbidden} (another user's token: HTTP's 403), {@code events_lost} (the log
 * no longer holds the next event: the old session ends, the client rejoins). The connection keeps
 * the fresh session it opened with, so the client carries on with it and joins its rooms again.
 *
 * <p>Resume tokens are 256 random bits, bound to the user; they are never logged (log lines name the
 * session id).
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    /** The default resume window, as socket.io's connection state recovery (2 minutes). */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(120);
    /** Events a session's log keeps for a resume. */
    public static final int LOG_EVENTS = 1000;
    /** Characters of JSON a session's log keeps for a resume. */
    public static final long LOG_CHARS = 512 * 1024;
    /** Tokens of ended sessions remembered, to tell "expired" from "unknown". */
    static final int REMEMBERED_ENDINGS = 10_000;

    private final ChatService chat;
    private final Duration window;
    private final int maxDetachedPerUser;
    private final ProtocolCodec codec;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, Session> byToken = new ConcurrentHashMap<>();
    /** Guarded by itself: detached sessions per user id, oldest first (each capped). */
    private final Map<String, ArrayDeque<Session>> detached = new HashMap<>();
    /** Guarded by itself: token → how its session ended. */
    private final Map<String, Ending> endings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ending> eldest) {
            return size() > REMEMBERED_ENDINGS;
        }
    };
    private final AtomicLong resumes = new AtomicLong();
    private volatile SessionListener listener = SessionListener.NONE;
    /** Null on one node; a cluster's store, so that sessions resume on any node. */
    private volatile SharedSessions shared;
    /** Set when the server starts stopping: the connections it closes now are not their sessions' end. */
    private volatile boolean draining;

    private record Ending(String userId, boolean expired) {}

    /**
     * @param chat               the chat the sessions live in
     * @param window             how long a dropped session waits for its client
     * @param maxDetachedPerUser dropped sessions one user may have waiting; the oldest ends beyond it
     */
    public SessionRegistry(ChatService chat, Duration window, int maxDetachedPerUser) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the resume window must be positive");
        }
        this.chat = chat;
        this.window = window;
        this.maxDetachedPerUser = Math.max(1, maxDetachedPerUser);
        this.codec = chat.codec();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wslab-resume-window");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Keeps resumable sessions in {@code store} too (a cluster): a client may then resume on any node
     * that shares it, for instance after its node died. Call before the server starts.
     */
    public void share(SharedSessions store) {
        this.shared = Objects.requireNonNull(store, "store");
        long every = Math.max(1000, window.toMillis() / 3);
        timer.scheduleWithFixedDelay(() -> {
            try {
                store.touch(List.copyOf(byToken.keySet()));
            } catch (RuntimeException e) {
                log.debug("could not renew the sessions' records: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Reports resumes and expiries to {@code value} (e.g. the server's metrics). */
    public void listener(SessionListener value) {
        listener = Objects.requireNonNull(value, "listener");
    }

    /** How many resumes succeeded since start. */
    public long resumes() {
        return resumes.get();
    }

    /** The resume window. */
    public Duration window() {
        return window;
    }

    /** Resumable sessions that exist now (attached or waiting for a resume). */
    public int resumableSessions() {
        return byToken.size();
    }

    /** Sessions waiting for a resume now. */
    public int detachedSessions() {
        synchronized (detached) {
            int n = 0;
            for (ArrayDeque<Session> queue : detached.values()) {
                n += queue.size();
            }
            return n;
        }
    }

    /** Opens a plain session for {@code user} on a new connection; tells nobody. */
    public Session open(User user, Session.Attachment attachment) {
        // Plain until the client asks: no id, token or log, so clients that never resume pay nothing.
        Session session = new Session(user, attachment);
        session.bind(chat.connect(user, session));
        return session;
    }

    /** {@code {"type":"session"}}: the session becomes resumable; the reply goes out through its attachment. */
    void openForResume(Session session, ClientCommand.OpenSession command) {
        String id = randomText(16);
        String token = randomText(32);
        SharedSessions store = shared;
        SessionLog newLog;
        try {
            newLog = store == null ? new WindowLog(LOG_EVENTS, LOG_CHARS) : store.open(id, token, session.user());
        } catch (RuntimeException e) {
            // The cluster's store is away: the session is resumable on this node only.
            log.warn("session {} is resumable on this node only: {}", id, e.getMessage());
            newLog = new WindowLog(LOG_EVENTS, LOG_CHARS);
        }
        if (session.prepareForResume(id, token, newLog)) {
            byToken.put(session.resumeToken(), session);
        }
        double seconds = window.toMillis() / 1000.0;
        session.openForResume(s -> codec.encode(new ServerEvent.SessionOpened(command.id(), s.id(), s.resumeToken(),
                s.latestSeq(), seconds)).json());
    }

    /** What {@link #resume} decided: the session the connection carries now, and a reply to send, if any. */
    record Outcome(Session session, ServerEvent reply) {}

    /**
     * {@code {"type":"resume","token":…,"seq":N}} on the connection that carries {@code fresh}.
     * On success the resumed session is attached, its {@code resumed} reply and missed events are sent,
     * {@code fresh} is dropped silently (it joined nothing) and the outcome's reply is null.
     */
    Outcome resume(Session fresh, ClientCommand.Resume command, Session.Attachment attachment) {
        User user = fresh.user();
        Session target = byToken.get(command.token());
        if (!fresh.chat().rooms().isEmpty() && fresh != target) {
            return new Outcome(fresh, ServerEvent.Error.of(command.id(), ErrorCode.INVALID_COMMAND,
                    "resume must come before any join on a connection"));
        }
        SharedSessions store = shared;
        if (store != null && fresh != target) {
            SharedSessions.Claim claim;
            try {
                claim = store.claim(command.token(), user);
            } catch (RuntimeException e) {
                return refuse(fresh, command, ErrorCode.UNAVAILABLE, "the cluster's session store is unreachable, so the session"
                        + " cannot be resumed now; this connection is a new session: join your rooms again");
            }
            if (claim instanceof SharedSessions.Claim.Refused refused) {
                if (target != null) {
                    endNow(target, "its record in the cluster is gone (" + refused.code() + ")", false);
                }
                return refuseShared(fresh, command, refused.code());
            }
            SharedSessions.Claim.Claimed claimed = (SharedSessions.Claim.Claimed) claim;
            if (target == null || !claimed.wasMine()) {
                if (target != null) {
                    // Another node had it since (the client moved there and back): our copy is stale.
                    endNow(target, "resumed on another node since", false);
                }
                target = adopt(user, command.token(), claimed);
                if (target == null) {
                    return refuse(fresh, command, ErrorCode.UNAVAILABLE, "the session's rooms could not be entered again"
                            + " (the cluster's Redis is unreachable); this connection is a new session: join your rooms again");
                }
            }
        }
        if (target == null) {
            Ending ending;
            synchronized (endings) {
                ending = endings.get(command.token());
            }
            if (ending != null && !ending.userId().equals(user.id())) {
                return refuse(fresh, command, ErrorCode.FORBIDDEN, "this resume token belongs to another user");
            }
            if (ending != null && ending.expired()) {
                return refuse(fresh, command, ErrorCode.RESUME_EXPIRED, "the session's resume window ("
                        + seconds(window) + ") passed, so its user left its rooms; this connection is a new session: join your rooms again");
            }
            return refuse(fresh, command, ErrorCode.RESUME_UNKNOWN, ending != null
                    ? "that session ended (closed by its client or the server); this connection is a new session: join your rooms again"
                    : "no session has this resume token; this connection is a new session: join your rooms again");
        }
        if (!target.user().id().equals(user.id())) {
            return refuse(fresh, command, ErrorCode.FORBIDDEN, "this resume token belongs to another user");
        }
        if (target == fresh) {
            return new Outcome(fresh, ServerEvent.Error.of(command.id(), ErrorCode.INVALID_COMMAND,
                    "this connection already carries that session"));
        }
        Session resumed = target;
        Session.TakeOver result = target.takeOver(attachment, command.seq(), replayed -> codec.encode(
                new ServerEvent.Resumed(command.id(), resumed.id(), command.seq(), replayed)).json());
        if (result instanceof Session.TakeOver.Ended) {
            return refuse(fresh, command, ErrorCode.RESUME_EXPIRED, "the session ended while resuming; "
                    + "this connection is a new session: join your rooms again");
        }
        if (result instanceof Session.TakeOver.Lost lost) {
            endNow(target, "events lost: its client asked for events after " + command.seq()
                    + " but the log starts at " + lost.oldestKept(), false);
            return refuse(fresh, command, ErrorCode.EVENTS_LOST, "events after " + command.seq()
                    + " are no longer kept (the oldest is " + lost.oldestKept() + "), so the session ended;"
                    + " this connection is a new session: join your rooms again");
        }
        if (result instanceof Session.TakeOver.Ahead ahead) {
            return new Outcome(fresh, ServerEvent.Error.of(command.id(), ErrorCode.INVALID_COMMAND,
                    "'seq' " + command.seq() + " is past the session's last event (" + ahead.latest() + ")"));
        }
        Session.TakeOver.Done done = (Session.TakeOver.Done) result;
        forgetDetached(target);
        if (done.previous() != null) {
            // A half-open connection we had not noticed yet: the client is on the new one.
            done.previous().replaced("session resumed on another connection");
        }
        // The connection's own fresh session joined nothing: ending it announces nothing.
        fresh.detach(attachment, "replaced");
        endNow(fresh, "replaced by the resumed session " + target.id(), false);
        resumes.incrementAndGet();
        log.info("{} resumed session {}: {} missed events replayed", LogSafe.quote(user.name()), target.id(),
                done.replayed());
        listener.resumed(user, done.replayed());
        return new Outcome(target, null);
    }

    /**
     * A session another node owned, made this node's: its chat session enters its rooms again from where
     * its log got (telling nobody), detached until {@link #resume} attaches the client.
     *
     * @return the session, or null if a room could not be entered (the session is ended)
     */
    private Session adopt(User user, String token, SharedSessions.Claim.Claimed claimed) {
        Session session = Session.adopted(user, claimed.sessionId(), token, claimed.log());
        ChatSession chatSession = chat.connect(user, session);
        chatSession.resumeScope(claimed.sessionId());
        session.bind(chatSession);
        byToken.put(token, session);
        try {
            for (Map.Entry<String, String> room : claimed.rooms().entrySet()) {
                chatSession.reenter(room.getKey(), room.getValue());
            }
        } catch (RuntimeException e) {
            endNow(session, "could not enter its rooms again: " + e.getMessage(), false);
            return null;
        }
        log.info("{}: session {} taken over from another node ({} rooms, log at event {})",
                LogSafe.quote(user.name()), claimed.sessionId(), claimed.rooms().size(), claimed.log().latest());
        return session;
    }

    private Outcome refuseShared(Session fresh, ClientCommand.Resume command, String code) {
        switch (code) {
            case "forbidden":
                return refuse(fresh, command, ErrorCode.FORBIDDEN, "this resume token belongs to another user");
            case "expired":
                return refuse(fresh, command, ErrorCode.RESUME_EXPIRED, "the session's resume window ("
                        + seconds(window) + ") passed, so its user left its rooms; this connection is a new session: join your rooms again");
            case "closed":
                return refuse(fresh, command, ErrorCode.RESUME_UNKNOWN, "that session ended (closed by its client or the server);"
                        + " this connection is a new session: join your rooms again");
            default:
                return refuse(fresh, command, ErrorCode.RESUME_UNKNOWN,
                        "no session has this resume token; this connection is a new session: join your rooms again");
        }
    }

    private Outcome refuse(Session fresh, ClientCommand.Resume command, ErrorCode code, String reason) {
        log.info("{}: resume refused ({}): {}", LogSafe.quote(fresh.user().name()), code.wireName(), reason);
        listener.resumeRefused(fresh.user(), code.wireName());
        return new Outcome(fresh, ServerEvent.Error.of(command.id(), code, reason));
    }

    /**
     * The connection ended cleanly (the client's Close, or the server closed it on purpose): the session
     * ends now, unless another connection has taken it over.
     */
    public void closed(Session session, Session.Attachment attachment, String reason) {
        if (session.isAttachedTo(attachment)) {
            // A node of a cluster that is stopping closes its connections (1001) so that their clients go to
            // another node: their sessions' records stay, to be resumed there (a rolling restart).
            endNow(session, reason, false, !(draining && shared != null && session.isResumable()));
        }
    }

    /**
     * The server is stopping: on a cluster, the sessions it ends from now on stay resumable on the other
     * nodes (their records are not marked ended). On one node this changes nothing.
     */
    public void draining() {
        draining = true;
    }

    /**
     * The connection vanished (reset, end of stream, no Pong). A resumable session waits for its client
     * for the resume window; a plain one ends now.
     */
    public void dropped(Session session, Session.Attachment attachment, String reason) {
        if (!session.isResumable()) {
            closed(session, attachment, reason);
            return;
        }
        if (!session.detach(attachment, reason)) {
            return; // taken over already
        }
        Session evicted = null;
        synchronized (detached) {
            ArrayDeque<Session> queue = detached.computeIfAbsent(session.user().id(), id -> new ArrayDeque<>());
            queue.addLast(session);
            if (queue.size() > maxDetachedPerUser) {
                evicted = queue.pollFirst();
            }
        }
        if (evicted != null) {
            endNow(evicted, "too many dropped sessions wait for " + LogSafe.quote(session.user().name()), false);
        }
        try {
            session.scheduleGrace(timer.schedule(() -> expire(session), window.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException stopping) {
            endNow(session, reason, false);
            return;
        }
        log.info("{}: connection of session {} dropped ({}); it waits {} for a resume",
                LogSafe.quote(session.user().name()), session.id(), LogSafe.quote(reason), seconds(window));
    }

    private void expire(Session session) {
        if (session.isDetachedAndOpen()) {
            endNow(session, "no resume within " + seconds(window) + " after: " + session.dropReason(), true);
            listener.expired(session.user());
        }
    }

    /** Ends a session once: its chat session disconnects ({@code userLeft} where due), its token is retired. */
    private void endNow(Session session, String reason, boolean expired) {
        endNow(session, reason, expired, true);
    }

    /** @param final_ false when the session may still be resumed on another node (this one is stopping) */
    private void endNow(Session session, String reason, boolean expired, boolean final_) {
        if (!session.markEnded()) {
            return;
        }
        forgetDetached(session);
        String token = session.resumeToken();
        if (token != null && byToken.remove(token, session)) {
            synchronized (endings) {
                endings.put(token, new Ending(session.user().id(), expired));
            }
            SharedSessions store = shared;
            if (store != null && final_) {
                try {
                    store.ended(token, expired); // changes nothing if another node owns it now
                } catch (RuntimeException e) {
                    log.debug("could not record the end of session {}: {}", session.id(), e.getMessage());
                }
            }
        }
        if (final_) {
            session.chat().disconnect(reason);
        } else {
            session.chat().handOver(reason); // no userLeft: its client resumes it on another node
        }
    }

    private void forgetDetached(Session session) {
        synchronized (detached) {
            ArrayDeque<Session> queue = detached.get(session.user().id());
            if (queue != null) {
                queue.remove(session);
                if (queue.isEmpty()) {
                    detached.remove(session.user().id());
                }
            }
        }
    }

    /** Ends every session still waiting for a resume and stops the timer (the server is stopping). */
    @Override
    public void close() {
        timer.shutdownNow();
        List<Session> waiting = new ArrayList<>();
        synchronized (detached) {
            detached.values().forEach(waiting::addAll);
        }
        for (Session session : waiting) {
            // On a cluster the session's record stays: its client may resume it on another node.
            endNow(session, "server shutting down", false, false);
        }
    }

    private String randomText(int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : (ms / 1000.0) + " s";
    }
}
