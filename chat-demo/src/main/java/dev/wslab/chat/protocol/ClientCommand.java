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
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientCommand {

    /** The client's correlation id, or {@code null} when the client did not send one. */
    String id();

    /** The room the command is about. */
    String room();

    /** Join a room. Joining a room one is already in is a no-op that still answers {@code ok}. */
    record Join(String id, String room) implements ClientCommand {}

    /** Leave a room; answers {@code error not_joined} if the sender is not in it. */
    record Exit(String id, String room) implements ClientCommand {}

    /** Post a message to a room the sender has joined. */
    record SendMessage(String id, String room, String message) implements ClientCommand {}
}
