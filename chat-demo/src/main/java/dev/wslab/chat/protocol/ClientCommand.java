package dev.wslab.chat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a client asks the chat to do. Each command may carry an {@code id}; the server's reply
 * ({@link ServerEvent.Ok} or {@link ServerEvent.Error}) repeats it so the client can correlate.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientCommand.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ClientCommand.Exit.class, name = "exit"),
    @JsonSubTypes.Type(value = ClientCommand.SendMessage.class, name = "message"),
    @JsonSubTypes.Type(value = ClientCommand.ListUsers.class, name = "users"),
    @JsonSubTypes.Type(value = ClientCommand.OpenSession.class, name = "session"),
    @JsonSubTypes.Type(value = ClientCommand.Resume.class, name = "resume"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientCommand {

    /** The client's correlation id, or {@code null} when the client did not send one. */
    String id();

    /** A command about one room. */
    sealed interface RoomCommand extends ClientCommand {

        /** The room the command is about. */
        String room();
    }

    /**
     * Join a room. The joining session first receives the room's {@code members}, then {@code ok};
     * joining a room one is already in is a no-op that still answers {@code ok}.
     */
    record Join(String id, String room) implements RoomCommand {}

    /** Leave a room; answers {@code error not_joined} if the sender is not in it. */
    record Exit(String id, String room) implements RoomCommand {}

    /** Post a message to a room the sender has joined. */
    record SendMessage(String id, String room, String message) implements RoomCommand {}

    /**
     * Ask who is online; answered by one {@code users} reply. A request, not a broadcast: presence
     * outside one's rooms costs the server nothing until someone asks.
     */
    record ListUsers(String id) implements ClientCommand {}

    /**
     * Make this connection's session resumable: from now on every event the session receives is
     * numbered ({@code "seq"}) and kept in its log, and the reply ({@code session}) carries the resume
     * token. Asked once, as the connection's first command.
     */
    record OpenSession(String id) implements ClientCommand {}

    /**
     * Continue an earlier session on this new connection: {@code token} is its resume token,
     * {@code seq} the number of the last event the client has. Only as a connection's first room-less
     * command; answered by {@code resumed} and the missed events, or an {@code error} that says why not.
     */
    record Resume(String id, String token, long seq) implements ClientCommand {}
}
