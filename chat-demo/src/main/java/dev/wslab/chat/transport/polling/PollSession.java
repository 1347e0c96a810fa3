package dev.wslab.chat.transport.polling;

import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.limits.CommandThrottle;
import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.ops.OutboundGuard;
import dev.wslab.chat.ops.ServerOps;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.session.Session;
import dev.wslab.chat.session.SessionConnection;
import dev.wslab.chat.session.SessionRegistry;
import dev.wslab.chat.rooms.ChatSession;
import dev.wslab.chat.rooms.EventSink;
import dev.wslab.chat.rooms.User;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat client on the polling transport: a {@link ChatSession} whose {@link EventSink} is a
 * {@link CursorLog} the client drains with {@code GET …/events?cursor=}. It ends exactly once: when the
 * client deletes it, when it goes unpolled for the expiry time, or when its client falls too far behind;
 * ending it disconnects the chat session, so its user leaves every room ({@code userLeft} once per room)
 * just as when a WebSocket closes.
 */
final class PollSession implements EventSink, OutboundGuard.Consumer {

    private static final Logger log = LoggerFactory.getLogger(PollSession.class);

    private final String id;
    private final User user;
    private final CursorLog events;
    /** Runs work that must not happen on the appending thread (ending the session from inside deliver). */
    private final Executor executor;
    private final Consumer<PollSession> onEnded;
    private final AtomicInteger heldPolls = new AtomicInteger();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile SessionConnection connection;
    private final CommandThrottle throttle;
    /** The server-wide outbound bound this backlog counts towards (set once registered). */
    private volatile OutboundGuard guard;
    private volatile ChatMetrics metrics;

    PollSession(String id, User user, CursorLog events, Executor executor, Consumer<PollSession> onEnded,
                CommandThrottle throttle) {
        this.throttle = throttle;
        this.id = id;
        this.user = user;
        this.events = events;
        this.executor = executor;
        this.onEnded = onEnded;
    }

    /**
     * Brings the session online. Like a WebSocket, it carries a {@link Session}: a {@code session}
     * command makes it resumable (numbered events, a resume token in the event stream), and a
     * WebSocket that presents that token takes the session over (the upgrade from polling); this poll
     * session then ends without its user leaving anything.
     */
    void connect(SessionRegistry registry, ProtocolCodec codec) {
        connection = new SessionConnection(registry, codec, user, new Session.Attachment() {
            @Override
            public void send(String json) {
                append(json);
            }

            @Override
            public void replaced(String why) {
                moved(why);
            }
        });
    }

    String id() {
        return id;
    }

    User user() {
        return user;
    }

    CursorLog events() {
        return events;
    }

    /** Why the session ended, or {@code null} while it runs. */
    String endedReason() {
        return events.closedReason();
    }

    /** The rate limit on this session's commands. */
    CommandThrottle throttle() {
        return throttle;
    }

    /** The user's chat session (null before {@link #connect}). */
    ChatSession chat() {
        SessionConnection current = connection;
        return current == null ? null : current.session().chat();
    }

    /**
     * Carries out one command; its reply goes into the event stream (after any broadcast it caused) and
     * is returned, or null when the reply is already there in order ({@code session}) or comes later through the stream
     * (a cluster's ok).
     */
    EncodedEvent handleCommand(String text) {
        touch();
        EncodedEvent reply = connection.handleText(text);
        if (reply != null) {
            deliver(reply);
        }
        return reply;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Called under the chat's room or presence lock: appends only. A full log ends the session, but
     * later, on the executor, because ending calls back into the chat (see {@link EventSink}).
     */
    @Override
    public void deliver(EncodedEvent event) {
        append(event.json());
    }

    private void append(String json) {
        if (guard != null) {
            guard.nudge(events.retainedChars());
        }
        boolean appended = events.append(json);
        if (appended && metrics != null) {
            metrics.pollingEvent(json.length());
        }
        if (!appended && events.closedReason() == null && overflowed.compareAndSet(false, true)) {
            if (metrics != null) {
                metrics.slowConsumerCut(ChatMetrics.POLLING, "client");
            }
            String reason = "slow consumer: more than " + events.retainedItems()
                    + " events waited for this client's next poll";
            try {
                executor.execute(() -> end(reason));
            } catch (RejectedExecutionException stopping) {
                end(reason);
            }
        }
    }

    /**
     * Ends the session once: the log is closed (a held poll answers 410 {@code session_ended}), then the
     * chat session disconnects.
     */
    void end(String reason) {
        if (!events.close(reason)) {
            return;
        }
        SessionConnection current = connection;
        if (current != null) {
            current.closed(reason);
        }
        log.info("poll session of {} ended: {}", LogSafe.quote(user.name()), LogSafe.quote(reason));
        onEnded.accept(this);
    }

    /**
     * A WebSocket resumed this session (the upgrade): the stream ends (a held poll answers 410 with the
     * reason) and the slot is released, but the chat session goes on over the WebSocket.
     */
    private void moved(String why) {
        String reason = "the session moved to another connection (" + why + ")";
        try {
            executor.execute(() -> {
                if (events.close(reason)) {
                    log.info("poll session of {} ended: {}", LogSafe.quote(user.name()), LogSafe.quote(reason));
                    onEnded.accept(this);
                }
            });
        } catch (RejectedExecutionException stopping) {
            events.close(reason);
        }
    }

    /** Counts this session's backlog towards the server-wide outbound bound. */
    void countTowards(ServerOps ops) {
        metrics = ops.metrics();
        guard = ops.outbound();
        guard.register(this);
    }

    /** The events retained for this client's next poll, for the server-wide outbound bound. */
    @Override
    public long queuedBytes() {
        return events.retainedChars();
    }

    /** The server-wide outbound bound is reached and this backlog is among the largest: the session ends (410). */
    @Override
    public void cutAsSlow(String reason) {
        if (metrics != null) {
            metrics.slowConsumerCut(ChatMetrics.POLLING, "total");
        }
        try {
            executor.execute(() -> end(reason));
        } catch (RejectedExecutionException stopping) {
            end(reason);
        }
    }

    /** A request for this session arrived or finished: the idle clock starts again. */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Polls of this session the server has not answered yet. */
    int heldPolls() {
        return heldPolls.get();
    }

    void pollHeld() {
        heldPolls.incrementAndGet();
    }

    void pollSettled() {
        heldPolls.decrementAndGet();
        touch();
    }

    /**
     * How long until the session would expire if nothing else happens, or zero if it should end now.
     * A session with a held poll is never idle: its client is waiting on us.
     */
    Duration remainingBeforeExpiry(Duration expiry) {
        if (heldPolls.get() > 0) {
            return expiry;
        }
        long idle = System.nanoTime() - lastActivityNanos;
        long left = expiry.toNanos() - idle;
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    @Override
    public String toString() {
        return "PollSession[" + user.name() + "]";
    }
}
