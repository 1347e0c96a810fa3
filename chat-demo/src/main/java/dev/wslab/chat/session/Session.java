package dev.wslab.chat.session;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.rooms.ChatSession;
import dev.wslab.chat.rooms.EventSink;
import dev.wslab.chat.rooms.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One user's session as the chat sees it (presence, rooms, a {@link ChatSession}) plus what lets it
 * outlive a connection: a numbered event log, a resume token, and the connection it is attached to
 * now, if any. Created by {@link SessionRegistry#open}.
 *
 * <h2>Numbering starts when the client asks</h2>
 * A connection's session is plain until its client sends {@code {"type":"session"}}: from then on
 * each event is numbered ({@code "seq":N} as the first field) and kept in the {@link SessionLog}, and
 * the session may be resumed. Clients that never ask (scripts, benchmarks) pay nothing for it.
 *
 * <h2>Locks</h2>
 * {@link #deliver} is called under a room's lock; it takes only {@code delivery}, which guards the log
 * and the attachment and is never held while calling into the chat. Commands take {@code commands}
 * first (outside every chat lock), so a resent message cannot race its first copy.
 */
public final class Session implements EventSink {

    /** Client message ids remembered per session for {@code duplicate} answers (the oldest are forgotten). */
    static final int REMEMBERED_MESSAGE_IDS = 4096;

    /** Where a session's events go while a connection carries it. */
    public interface Attachment {
        /** Queues one event's JSON towards the client; never blocks. */
        void send(String json);

        /** Another connection resumed this session: end this one (its end must not end the session). */
        void replaced(String why);
    }

    private final User user;
    private volatile ChatSession chat;
    /** Set once, when the client asks for a resumable session (plain sessions carry none of this). */
    private volatile String id;
    private volatile String resumeToken;
    /** Guarded by {@link #delivery}; null until the session is resumable. */
    private SessionLog log;

    private final Object delivery = new Object();
    /** Guarded by {@link #delivery}. */
    private Attachment attachment;
    /** Guarded by {@link #delivery}. */
    private boolean resumable;
    /** Guarded by {@link #delivery}. */
    private boolean ended;
    /** Guarded by {@link #delivery}: the end scheduled for when the resume window passes. */
    private ScheduledFuture<?> grace;
    /** Guarded by {@link #delivery}: why the connection went, for the log line when the window passes. */
    private String dropReason;
    /** Guarded by {@link #delivery}: the last event number sent to the attached connection. */
    private long lastSent;
    /** Guarded by {@link #delivery}: events up to this number are kept where a resume finds them. */
    private long durableUpTo;

    private final Object commands = new Object();
    /** Guarded by {@link #commands}: client id of an accepted message → the server's message id. */
    private final Map<String, String> acceptedMessages = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_MESSAGE_IDS;
        }
    };

    Session(User user, Attachment attachment) {
        this.user = user;
        this.attachment = attachment;
    }

    void bind(ChatSession chatSession) {
        this.chat = chatSession;
    }

    /** The session's id (not a secret: it names the session in replies and logs); null until resumable. */
    public String id() {
        return id;
    }

    public User user() {
        return user;
    }

    /** The chat side: rooms and presence. */
    public ChatSession chat() {
        return chat;
    }

    /** The resume token, or null while the session is plain. */
    String resumeToken() {
        return resumeToken;
    }

    /** Whether the client asked for numbered events (and so may resume). */
    public boolean isResumable() {
        synchronized (delivery) {
            return resumable;
        }
    }

    /** Whether a connection carries the session now. */
    public boolean isAttached() {
        synchronized (delivery) {
            return attachment != null;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Numbers and keeps the event once the session is resumable, and passes it to the attached
     * connection, if any (a dropped session keeps collecting events for its resume).
     */
    @Override
    public void deliver(EncodedEvent event) {
        synchronized (delivery) {
            if (ended) {
                return;
            }
            if (!resumable) {
                if (attachment != null) {
                    attachment.send(event.json());
                }
                return;
            }
            String json = event.json();
            log.append(json, roomOf(event.event()), event.position(), seq -> kept(seq, json));
        }
    }

    /**
     * Event {@code seq} is kept where a resume finds it: it may go to the client now (with any kept
     * before it that are still unsent). A log in memory keeps each event at once; a cluster's shared log
     * a round trip later, in order.
     */
    private void kept(long seq, String json) {
        synchronized (delivery) {
            if (seq > durableUpTo) {
                durableUpTo = seq;
            }
            if (ended || attachment == null || seq <= lastSent) {
                return;
            }
            if (seq == lastSent + 1 && durableUpTo == seq) {
                attachment.send(numbered(seq, json));
                lastSent = seq;
                return;
            }
            if (log.after(lastSent) instanceof SessionLog.Replay.Events events) {
                for (SessionLog.Numbered e : events.events()) {
                    if (e.seq() > durableUpTo) {
                        break;
                    }
                    attachment.send(numbered(e.seq(), e.json()));
                    lastSent = e.seq();
                }
            }
            lastSent = Math.max(lastSent, durableUpTo);
        }
    }

    private static String roomOf(ServerEvent event) {
        if (event instanceof ServerEvent.Message m) {
            return m.room();
        }
        if (event instanceof ServerEvent.UserJoined j) {
            return j.room();
        }
        if (event instanceof ServerEvent.UserLeft l) {
            return l.room();
        }
        if (event instanceof ServerEvent.Members m) {
            return m.room();
        }
        if (event instanceof ServerEvent.History h) {
            return h.room();
        }
        return null;
    }

    /**
     * Carries out a chat command. A {@code message} with a client {@code id} that this resumable session
     * already accepted is not posted again: the answer is {@code ok} with {@code duplicate:true} and the
     * original {@code messageId}, so a client may resend whatever was unacknowledged when it lost its
     * connection.
     */
    ServerEvent handle(ClientCommand command) {
        synchronized (commands) {
            String clientId = command.id();
            boolean deduplicated = command instanceof ClientCommand.SendMessage && clientId != null && isResumable();
            if (deduplicated) {
                String earlier = acceptedMessages.get(clientId);
                if (earlier != null) {
                    return new ServerEvent.Ok(clientId, earlier, Boolean.TRUE);
                }
            }
            ServerEvent reply = chat.handle(command);
            if (deduplicated && reply instanceof ServerEvent.Ok ok && ok.messageId() != null) {
                acceptedMessages.put(clientId, ok.messageId());
            }
            if (command instanceof ClientCommand.Exit exit && reply instanceof ServerEvent.Ok && isResumable()) {
                SessionLog current;
                synchronized (delivery) {
                    current = log;
                }
                current.left(exit.room());
            }
            return reply;
        }
    }

    /**
     * Makes the session resumable and sends the {@code session} reply through the attachment, in order
     * with the events (the first numbered event comes after it).
     */
    void openForResume(java.util.function.Function<Session, String> replyJson) {
        synchronized (delivery) {
            resumable = true;
            lastSent = log.latest();
            durableUpTo = lastSent;
            if (attachment != null) {
                attachment.send(replyJson.apply(this));
            }
        }
    }

    /**
     * Gives the session its id, token and log, once; later calls change nothing.
     *
     * @return true if this call made it resumable
     */
    boolean prepareForResume(String newId, String newToken, SessionLog newLog) {
        synchronized (delivery) {
            if (log != null) {
                return false;
            }
            id = newId;
            resumeToken = newToken;
            log = newLog;
            if (chat != null) {
                chat.resumeScope(newId); // a cluster remembers its messages' client ids under this id
            }
            return true;
        }
    }

    /**
     * A session that another node owned until now (it died, or lost the client): resumable, detached,
     * with the log taken over from the shared store; {@link SessionRegistry} binds its chat session and
     * puts it back into its rooms before the client is attached.
     */
    static Session adopted(User user, String id, String token, SessionLog log) {
        Session session = new Session(user, null);
        session.id = id;
        session.resumeToken = token;
        synchronized (session.delivery) {
            session.log = log;
            session.resumable = true;
            session.lastSent = log.latest();
            session.durableUpTo = session.lastSent;
        }
        return session;
    }

    /** The latest event number (0 while plain). */
    long latestSeq() {
        synchronized (delivery) {
            return log == null ? 0 : log.latest();
        }
    }

    // ---- used by the registry ----

    /** What {@link #takeOver} did. */
    sealed interface TakeOver {
        record Done(int replayed, Attachment previous) implements TakeOver {}

        record Ended() implements TakeOver {}

        record Lost(long oldestKept) implements TakeOver {}

        record Ahead(long latest) implements TakeOver {}
    }

    /**
     * Attaches {@code next}: sends it {@code resumedJson}, then every event after {@code seq}, all under
     * the delivery lock so that no live event can come between or be sent twice.
     */
    TakeOver takeOver(Attachment next, long seq, java.util.function.IntFunction<String> resumedJson) {
        synchronized (delivery) {
            if (ended) {
                return new TakeOver.Ended();
            }
            SessionLog.Replay replay = log.after(seq);
            if (replay instanceof SessionLog.Replay.Lost lost) {
                return new TakeOver.Lost(lost.oldestKept());
            }
            if (replay instanceof SessionLog.Replay.Ahead ahead) {
                return new TakeOver.Ahead(ahead.latest());
            }
            cancelGrace();
            Attachment previous = attachment;
            attachment = next;
            // Only events already kept for a resume go out now; the rest follow as they are kept.
            List<SessionLog.Numbered> kept = new ArrayList<>();
            for (SessionLog.Numbered event : ((SessionLog.Replay.Events) replay).events()) {
                if (event.seq() <= durableUpTo) {
                    kept.add(event);
                }
            }
            next.send(resumedJson.apply(kept.size()));
            for (SessionLog.Numbered event : kept) {
                next.send(numbered(event.seq(), event.json()));
            }
            lastSent = Math.max(seq, durableUpTo);
            return new TakeOver.Done(kept.size(), previous);
        }
    }

    /**
     * Lets go of {@code current} if it is still the attachment.
     *
     * @return false when another connection already took over (nothing changes)
     */
    boolean detach(Attachment current, String reason) {
        synchronized (delivery) {
            if (attachment != current || ended) {
                return false;
            }
            attachment = null;
            dropReason = reason;
            return true;
        }
    }

    /** Whether {@code current} is the attachment (a replaced connection's end must not end the session). */
    boolean isAttachedTo(Attachment current) {
        synchronized (delivery) {
            return attachment == current && !ended;
        }
    }

    void scheduleGrace(ScheduledFuture<?> future) {
        synchronized (delivery) {
            cancelGrace();
            grace = future;
        }
    }

    /** Marks the session ended, once; later events go nowhere. */
    boolean markEnded() {
        synchronized (delivery) {
            if (ended) {
                return false;
            }
            ended = true;
            attachment = null;
            cancelGrace();
            return true;
        }
    }

    /** True when the session is still detached and not ended: the window may close it. */
    boolean isDetachedAndOpen() {
        synchronized (delivery) {
            return attachment == null && !ended;
        }
    }

    String dropReason() {
        synchronized (delivery) {
            return dropReason;
        }
    }

    private void cancelGrace() {
        if (grace != null) {
            grace.cancel(false);
            grace = null;
        }
    }

    /** The event with its number as the first field: {@code {"seq":7,"type":…}}. */
    static String numbered(long seq, String json) {
        return "{\"seq\":" + seq + "," + json.substring(1);
    }

    @Override
    public String toString() {
        return "Session[" + user.name() + " " + id + "]";
    }
}
