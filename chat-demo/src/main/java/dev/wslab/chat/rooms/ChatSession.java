package dev.wslab.chat.rooms;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.DecodedCommand;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ErrorCode;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.storage.StorageException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One connected client of the chat (one WebSocket connection, or one polling session).
 * Created by {@link ChatService#connect}; ended by {@link #disconnect} exactly once.
 *
 * <p>Thread-safe: a transport may call {@link #handle} and {@link #disconnect} from any thread;
 * calls on one session are serialized.
 */
public final class ChatSession {

    private final ChatService service;
    private final User user;
    private final EventSink sink;
    /** Guarded by {@code this}; join order. */
    private final Set<String> joined = new LinkedHashSet<>();
    /** Guarded by {@code this}. */
    private boolean connected = true;

    ChatSession(ChatService service, User user, EventSink sink) {
        this.service = service;
        this.user = user;
        this.sink = sink;
    }

    /** The authenticated user behind this session. */
    public User user() {
        return user;
    }

    EventSink sink() {
        return sink;
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
     */
    public EncodedEvent handleText(String text) {
        DecodedCommand decoded = service.codec().decodeCommand(text);
        ServerEvent reply = decoded instanceof DecodedCommand.Valid valid
                ? handle(valid.command())
                : ((DecodedCommand.Invalid) decoded).error();
        return service.codec().encode(reply);
    }

    /**
     * Carries out one command and returns its reply ({@code ok}, {@code error}, or {@code users} for
     * a {@code users} request). Join is idempotent; exit and message need the room to be joined (a
     * message to another room is an error, never silently dropped).
     */
    public synchronized ServerEvent handle(ClientCommand command) {
        if (!connected) {
            return ServerEvent.Error.of(command.id(), ErrorCode.DISCONNECTED, "this session has ended");
        }
        if (command instanceof ClientCommand.ListUsers) {
            return new ServerEvent.Users(command.id(), service.onlineUsers());
        }
        if (!(command instanceof ClientCommand.RoomCommand)) {
            // session and resume belong to the session layer of a transport that keeps one (WebSocket);
            // a polling session resumes with its cursor instead.
            return ServerEvent.Error.of(command.id(), ErrorCode.INVALID_COMMAND,
                    "this transport does not take session or resume commands: a polling session resumes with its cursor");
        }
        String room = ((ClientCommand.RoomCommand) command).room();
        if (command instanceof ClientCommand.Join) {
            if (!joined.contains(room)) {
                int cap = service.limits().maxRoomsPerSession();
                if (joined.size() >= cap) {
                    return ServerEvent.Error.of(command.id(), ErrorCode.TOO_MANY_ROOMS,
                            "you are in " + cap + " rooms, the most one session may join; exit one first");
                }
                if (!service.enter(room, this)) {
                    return ServerEvent.Error.of(command.id(), ErrorCode.ROOM_LIMIT_REACHED, "the server already has "
                            + service.limits().maxRooms() + " rooms, its maximum; join an existing room");
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
            service.leave(room, this);
            return new ServerEvent.Ok(command.id(), null);
        }
        ClientCommand.SendMessage send = (ClientCommand.SendMessage) command;
        ServerEvent.Message posted;
        try {
            posted = service.post(room, this, send.message());
        } catch (StorageException e) {
            return ServerEvent.Error.of(command.id(), ErrorCode.UNAVAILABLE, "the message was not stored and not delivered: " + e.getMessage());
        }
        if (posted == null) {
            // Cannot happen while 'joined' and the room's members change together under our lock.
            throw new IllegalStateException(user.name() + " is in " + room + " by its own count but not by the room's");
        }
        return new ServerEvent.Ok(command.id(), posted.id());
    }

    /**
     * Ends the session: leaves every room ({@code userLeft} to the members who remain, where this was
     * the user's last session in the room), goes offline, and logs {@code reason}. Only the first call does
     * anything, so a transport may call it from every path that can end a connection (clean close,
     * reset, timeout, violation) without counting.
     *
     * @return {@code true} if this call ended the session, {@code false} if it had already ended
     */
    public boolean disconnect(String reason) {
        synchronized (this) {
            if (!connected) {
                return false;
            }
            connected = false;
            for (String room : joined) {
                service.leave(room, this);
            }
            joined.clear();
        }
        service.goOffline(this, reason);
        return true;
    }

    @Override
    public String toString() {
        return "ChatSession[" + user.name() + "]";
    }
}
