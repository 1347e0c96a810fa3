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
}
