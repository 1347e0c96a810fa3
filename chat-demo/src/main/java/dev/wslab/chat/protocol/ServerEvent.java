package dev.wslab.chat.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
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
    @JsonSubTypes.Type(value = ServerEvent.Members.class, name = "members"),
    @JsonSubTypes.Type(value = ServerEvent.Users.class, name = "users"),
    @JsonSubTypes.Type(value = ServerEvent.SessionOpened.class, name = "session"),
    @JsonSubTypes.Type(value = ServerEvent.Resumed.class, name = "resumed"),
    @JsonSubTypes.Type(value = ServerEvent.History.class, name = "history"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerEvent {

    /**
     * The command with this {@code id} succeeded. For a {@code message} command, {@code messageId}
     * is the id the server gave the posted message (the {@code id} of the {@link Message} event).
     * {@code duplicate} is true when a resumable session had already accepted a message with this
     * client {@code id}: it was not posted again, and {@code messageId} is the original's.
     */
    record Ok(String id, String messageId, Boolean duplicate) implements ServerEvent {
        @JsonCreator
        public Ok {
        }

        public Ok(String id, String messageId) {
            this(id, messageId, null);
        }
    }

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

    /**
     * A user joined a room: their first session entered it. Sent to the room's other sessions (the
     * joiner gets {@link Members} instead); a second tab of a user already present sends nothing.
     */
    record UserJoined(String room, String userName) implements ServerEvent {}

    /**
     * A user left a room: their last session in it exited or disconnected. Sent to the sessions that
     * remain; closing one of two tabs sends nothing.
     */
    record UserLeft(String room, String userName) implements ServerEvent {}

    /**
     * Who is in a room, each user once, in the order they arrived: sent once to a session that
     * joins, before its {@code ok}. From then on {@link UserJoined} and {@link UserLeft} keep it
     * current, because all three are delivered under the room's lock, in the room's order.
     */
    record Members(String room, List<String> users) implements ServerEvent {
        public Members {
            users = List.copyOf(users);
        }
    }

    /** The reply to a {@code users} request: who is online now, sorted, each user once. */
    record Users(String id, List<String> users) implements ServerEvent {
        public Users {
            users = List.copyOf(users);
        }
    }

    /**
     * The reply to {@code session}: this connection's session is resumable. {@code seq} is the number
     * of the last event sent so far (the next carries {@code seq + 1}); keep {@code resumeToken} secret
     * (never in a URL or a log) and present it within {@code resumeWindowSeconds} of losing the connection.
     */
    record SessionOpened(String id, String sessionId, String resumeToken, long seq, double resumeWindowSeconds)
            implements ServerEvent {}

    /**
     * The reply to a successful {@code resume}: this connection now carries session {@code sessionId},
     * with its rooms; the {@code replayed} events after the client's {@code seq} follow at once, in order,
     * then live events.
     */
    record Resumed(String id, String sessionId, long fromSeq, int replayed) implements ServerEvent {}

    /**
     * The room's latest messages, oldest first, sent once to a member who joins, before any live
     * event of the room: the messages after it are exactly those accepted after the join.
     */
    record History(String room, List<Message> messages) implements ServerEvent {
        public History {
            messages = List.copyOf(messages);
        }
    }
}
