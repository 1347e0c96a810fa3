package dev.wslab.chat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Everything the server sends to a chat client; the JSON {@code type} names the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerEvent.Ok.class, name = "ok"),
    @JsonSubTypes.Type(value = ServerEvent.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerEvent.Message.class, name = "message"),
    @JsonSubTypes.Type(value = ServerEvent.UserJoined.class, name = "userJoined"),
    @JsonSubTypes.Type(value = ServerEvent.UserLeft.class, name = "userLeft"),
    @JsonSubTypes.Type(value = ServerEvent.UserList.class, name = "userList"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerEvent {

    /**
     * The command with this {@code id} succeeded. For a {@code message} command, {@code messageId}
     * is the id the server gave the posted message (the {@code id} of the {@link Message} event).
     */
    record Ok(String id, String messageId) implements ServerEvent {}

    /** The command with this {@code id} (or an unreadable one, then {@code id} is null) failed. */
    record Error(String id, String code, String reason) implements ServerEvent {
        public static Error of(String id, ErrorCode code, String reason) {
            return new Error(id, code.wireName(), reason);
        }
    }

    /**
     * A message posted to a room. {@code id} is assigned by the server and increases in the order the
     * server accepted the messages of that room; {@code ts} is the accept time in epoch milliseconds.
     */
    record Message(String id, String room, Sender sender, String message, long ts) implements ServerEvent {}

    /** Someone joined a room (sent to every member, the newcomer included). */
    record UserJoined(String room, String userName) implements ServerEvent {}

    /** Someone left a room, by {@code exit} or by disconnecting (sent to the members who remain). */
    record UserLeft(String room, String userName) implements ServerEvent {}

    /** Who is online now, sorted; sent to every session after each connect and disconnect. */
    record UserList(List<String> users) implements ServerEvent {
        public UserList {
            users = List.copyOf(users);
        }
    }
}
