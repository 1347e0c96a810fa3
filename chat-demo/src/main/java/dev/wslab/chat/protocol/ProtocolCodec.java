package dev.wslab.chat.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wslab.chat.limits.NameRules;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Reads client commands and writes server events as JSON. Thread-safe and cheap to share.
 *
 * <p>Commands are read by hand from the JSON tree rather than by Jackson's polymorphic binding so that
 * every mistake gets a reply a person understands ("'room' must be a non-empty string of at most 64
 * characters") and so the client's {@code id} is echoed even when the rest of the command is wrong.
 */
public final class ProtocolCodec {

    /** Longest room name, in characters. */
    public static final int MAX_ROOM_LENGTH = 64;

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The shared Jackson mapper (configured to ignore unknown fields), for callers that need one. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Reads one client text into a command, or into the error reply explaining what is wrong. */
    public DecodedCommand decodeCommand(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return invalid(null, ErrorCode.BAD_JSON, "the text is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return invalid(null, ErrorCode.BAD_JSON, "a command is a JSON object such as {\"type\":\"join\",\"room\":\"lobby\"}");
        }
        JsonNode idNode = root.get("id");
        String id = idNode == null || idNode.isNull() ? null : idNode.isValueNode() ? idNode.asText() : null;
        if (idNode != null && !idNode.isNull() && !idNode.isTextual() && !idNode.isNumber()) {
            return invalid(null, ErrorCode.INVALID_COMMAND, "'id' must be a string or a number");
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return invalid(id, ErrorCode.UNKNOWN_TYPE, "a command needs a 'type': join, exit, message, users, session or resume");
        }
        String type = typeNode.asText();
        if (type.equals("users")) {
            return new DecodedCommand.Valid(new ClientCommand.ListUsers(id));
        }
        if (type.equals("session")) {
            return new DecodedCommand.Valid(new ClientCommand.OpenSession(id));
        }
        if (type.equals("resume")) {
            String token = textField(root, "token");
            JsonNode seq = root.get("seq");
            if (token == null || token.isEmpty() || token.length() > 256) {
                return invalid(id, ErrorCode.INVALID_COMMAND, "'token' must be the resume token from the 'session' reply");
            }
            if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 0) {
                return invalid(id, ErrorCode.INVALID_COMMAND, "'seq' must be the number of the last event received (0 or more)");
            }
            return new DecodedCommand.Valid(new ClientCommand.Resume(id, token, seq.asLong()));
        }
        // UAX #15: one spelling per name, so "café" typed two ways is one room.
        String room = NameRules.normalize(roomField(root));
        if (!type.equals("join") && !type.equals("exit") && !type.equals("message")) {
            return invalid(id, ErrorCode.UNKNOWN_TYPE, "unknown type '" + type
                    + "': expected join, exit, message, users, session or resume");
        }
        if (room == null) {
            return invalid(id, ErrorCode.INVALID_COMMAND, "'room' must be a non-empty string of at most "
                    + MAX_ROOM_LENGTH + " characters (or a whole number)");
        }
        Optional<String> problem = NameRules.problem(room, "'room'", MAX_ROOM_LENGTH);
        if (problem.isPresent()) {
            return invalid(id, ErrorCode.INVALID_COMMAND, problem.get());
        }
        switch (type) {
            case "join":
                return new DecodedCommand.Valid(new ClientCommand.Join(id, room));
            case "exit":
                return new DecodedCommand.Valid(new ClientCommand.Exit(id, room));
            default:
                String message = textField(root, "message");
                if (message == null || message.isEmpty()) {
                    return invalid(id, ErrorCode.INVALID_COMMAND, "'message' must be a non-empty string");
                }
                return new DecodedCommand.Valid(new ClientCommand.SendMessage(id, room, message));
        }
    }

    /**
     * Room names: 1..64 characters in NFC, none of them a control, format (bidi, zero-width) or
     * separator character (see {@link NameRules}).
     */
    public static boolean isValidRoom(String room) {
        return room != null && room.equals(NameRules.normalize(room))
                && NameRules.problem(room, "a room name", MAX_ROOM_LENGTH).isEmpty();
    }

    /** Writes an event once; the result can be handed to any number of sinks. */
    public EncodedEvent encode(ServerEvent event) {
        return new EncodedEvent(event, toJson(event));
    }

    /** Writes a command as a client would send it (used by clients and tests). */
    public String encodeCommand(ClientCommand command) {
        return toJson(command);
    }

    /** Reads a server event (used by clients and tests); unknown fields are ignored. */
    public ServerEvent decodeEvent(String json) {
        try {
            return mapper.readValue(json, ServerEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a server event: " + e.getOriginalMessage(), e);
        }
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Our own records always serialize; failing here is a programming error, not input.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The room as text. The seed's clients sent room numbers as JSON numbers ({@code "room":42}) and its
     * server turned them into strings; we do the same, so {@code 42} and {@code "42"} are one room. Only
     * whole numbers: {@code 1.50} and {@code 1.5} would be one number but two spellings.
     */
    private static String roomField(JsonNode root) {
        JsonNode node = root.get("room");
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return textField(root, "room");
    }

    private static String textField(JsonNode root, String name) {
        JsonNode node = root.get(name);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static DecodedCommand invalid(String id, ErrorCode code, String reason) {
        return new DecodedCommand.Invalid(ServerEvent.Error.of(id, code, reason));
    }
}
