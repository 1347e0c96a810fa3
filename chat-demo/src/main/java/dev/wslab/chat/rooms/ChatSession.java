package dev.wslab.chat.rooms;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.DecodedCommand;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ErrorCode;
import dev.wslab.chat.protocol.ServerEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client of the chat (one WebSocket connection, or one polling session).
 * Created by {@link ChatService#connect}; ended by {@link #disconnect} exactly once.
 *
 * <p>Thread-safe: a transport may call {@link #handle} and {@link #disconnect} from any thread;
 * calls on one session are serialized.
 */
public final class ChatSession {

    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

    private final ChatService service;
    private final User user;
    private final EventSink sink;
    /** Unique among all sessions of all nodes; how a cluster tells two sessions of one user apart. */
    private final String id = UUID.randomUUID().toString();
    /** Guarded by {@code this}; join order. */
    private final Set<String> joined = new LinkedHashSet<>();
    /** Guarded by {@code this}. */
    private boolean connected = true;
    /** The resumable session this chat session belongs to, if any: the scope of its clients' message ids. */
    private volatile String resumeScope;

    ChatSession(ChatService service, User user, EventSink sink) {
        this.service = service;
        this.user = user;
        this.sink = sink;
    }

    /** The authenticated user behind this session. */
    public User user() {
        return user;
    }

    /** This session's id, unique across nodes. */
    public String id() {
        return id;
    }

    /**
     * Queues one event for this session's client (see {@link EventSink}: never blocks). A failing
     * sink is logged, never thrown: one broken client must not cost the other members their copy.
     */
    public void deliver(EncodedEvent event) {
        try {
            sink.deliver(event);
        } catch (RuntimeException e) {
            log.warn("sink of {} failed; the other members still get the event", user.name(), e);
        }
    }

    /**
     * The id of the resumable session this chat session carries, or null: a cluster remembers the client
     * ids of the messages posted under it, so a resend is recognised on any node.
     */
    public String resumeScope() {
        return resumeScope;
    }

    /** Sets {@link #resumeScope()} once the client asked for a resumable session. */
    public void resumeScope(String sessionId) {
        this.resumeScope = sessionId;
    }

    /**
     * Puts this session back into a room it was in on another node (a resume there after that node died),
     * from {@code position}, telling nobody (see {@link RoomBus#reenter}).
     *
     * @throws RoomUnavailableException if the room could not be entered
     */
    public synchronized void reenter(String room, String position) {
        if (connected && !joined.contains(room)) {
            service.rooms().reenter(room, this, position);
            joined.add(room);
        }
    }

    /** The rooms this session is in, in join order. */
    public synchronized List<String> rooms() {
        return List.copyOf(joined);
    }

    /** {@code true} until the first {@link #disconnect}. */
    public synchronized boolean isConnected() {
        return connected;
    }

    /**
     * Decodes one client text, carries it out and returns the encoded reply ({@code ok} or
     * {@code error}). The transport sends the reply to this client itself, after any broadcast the
     * command caused, so a sender sees its own message before the {@code ok} for it.
     *
     * @return the reply, or {@code null} when the reply will come later through the session's sink
     *         (a message posted to a cluster is acknowledged once Redis has it)
     */
    public EncodedEvent handleText(String text) {
        DecodedCommand decoded = service.codec().decodeCommand(text);
        ServerEvent reply = decoded instanceof DecodedCommand.Valid valid
                ? handle(valid.command())
                : ((DecodedCommand.Invalid) decoded).error();
        return reply == null ? null : service.codec().encode(reply);
    }

    /**
     * Carries out one command and returns its reply ({@code ok}, {@code error}, or {@code users} for
     * a {@code users} request). Join is idempotent; exit and message need the room to be joined (a
     * message to another room is an error, never silently dropped).
     *
     * @return the reply, or {@code null} when a message's reply will be delivered through the sink
     *         later (see {@link #handleText})
     */
    public synchronized ServerEvent handle(ClientCommand command) {
        if (!connected) {
            return ServerEvent.Error.of(command.id(), ErrorCode.DISCONNECTED, "this session has ended");
        }
        if (command instanceof ClientCommand.ListUsers) {
            try {
                return new ServerEvent.Users(command.id(), service.onlineUsers());
            } catch (RoomUnavailableException e) {
                return ServerEvent.Error.of(command.id(), ErrorCode.UNAVAILABLE, e.getMessage());
            }
        }
        if (!(command instanceof ClientCommand.RoomCommand)) {
            // session and resume are answered by the session layer in front of every chat session
            // (SessionConnection, on WebSocket and on polling alike); one that reaches this far came past it.
            return ServerEvent.Error.of(command.id(), ErrorCode.INVALID_COMMAND,
                    "session and resume commands are for the session layer, not for a chat session");
        }
        String room = ((ClientCommand.RoomCommand) command).room();
        if (command instanceof ClientCommand.Join) {
            if (!joined.contains(room)) {
                int cap = service.limits().maxRoomsPerSession();
                if (joined.size() >= cap) {
                    return ServerEvent.Error.of(command.id(), ErrorCode.TOO_MANY_ROOMS,
                            "you are in " + cap + " rooms, the most one session may join; exit one first");
                }
                try {
                    if (!service.rooms().enter(room, this)) {
                        return ServerEvent.Error.of(command.id(), ErrorCode.ROOM_LIMIT_REACHED, "the server already has "
                                + service.limits().maxRooms() + " rooms, its maximum; join an existing room");
                    }
                } catch (RoomUnavailableException e) {
                    return ServerEvent.Error.of(command.id(), ErrorCode.UNAVAILABLE, e.getMessage());
                }
                joined.add(room);
            }
            return new ServerEvent.Ok(command.id(), null);
        }
        if (!joined.contains(room)) {
            return ServerEvent.Error.of(command.id(), ErrorCode.NOT_JOINED, "you have not joined room '" + room + "'");
        }
        if (command instanceof ClientCommand.Exit) {
            joined.remove(room);
            service.rooms().leave(room, this);
            return new ServerEvent.Ok(command.id(), null);
        }
        ClientCommand.SendMessage send = (ClientCommand.SendMessage) command;
        CompletableFuture<ServerEvent> reply = new CompletableFuture<>();
        service.rooms().post(room, this, send.message(), command.id(), (posted, duplicate) -> reply.complete(posted != null
                ? new ServerEvent.Ok(command.id(), posted.id(), duplicate ? Boolean.TRUE : null)
                : ServerEvent.Error.of(command.id(), ErrorCode.UNAVAILABLE,
                        "the message was not stored, so nobody got it; send it again")));
        if (reply.isDone()) {
            return reply.join();
        }
        // Accepted later (a cluster acknowledges once Redis has the message): the reply follows the
        // sender's own copy of the message through the sink.
        reply.thenAccept(event -> deliver(service.codec().encode(event)));
        return null;
    }

    /**
     * Ends the session: goes offline and logs {@code reason}, then leaves every room ({@code userLeft} to the
     * members who remain, where this was the user's last session in the room). Only the first call does
     * anything, so a transport may call it from every path that can end a connection (clean close,
     * reset, timeout, violation) without counting.
     *
     * @return {@code true} if this call ended the session, {@code false} if it had already ended
     */
    public boolean disconnect(String reason) {
        return end(reason, false);
    }

    /**
     * Ends the session here without announcing a departure: this node is stopping and the session may be
     * resumed on another node of the cluster ({@link RoomBus#handOver}). Like {@link #disconnect}, only the
     * first call of either does anything.
     *
     * @return {@code true} if this call ended the session
     */
    public boolean handOver(String reason) {
        return end(reason, true);
    }

    private boolean end(String reason, boolean handOver) {
        synchronized (this) {
            if (!connected) {
                return false;
            }
            connected = false;
            // Offline before any room hears of the departure: a member who gets userLeft and then asks
            // for the users gets a list without this session.
            service.goOffline(this, reason);
            for (String room : joined) {
                if (handOver) {
                    service.rooms().handOver(room, this);
                } else {
                    service.rooms().leave(room, this);
                }
            }
            joined.clear();
        }
        return true;
    }

    @Override
    public String toString() {
        return "ChatSession[" + user.name() + "]";
    }
}
