package dev.wslab.chat.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the history table holds several of a room's messages, oldest first, as a JSON array:
 * {@code [{"id":"7","senderId":"u1","senderName":"ada","body":"hi","ts":1700000000000}, ...]}.
 *
 * <p>Why not a row per message: in H2 every inserted row, and every row deleted again by the trim, costs
 * about 7–9 KB of short-lived memory (copy-on-write B-tree pages, undo log, statement state), whatever
 * the row holds. At 100 messages/s that alone made the server collect its young generation every three
 * seconds, and those pauses set its p99.9 latency (docs/benchmarks/footprint-latency.md). A row per
 * written batch pays that cost once for all of a room's messages in the batch.
 */
final class MessageBatchCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private MessageBatchCodec() {
    }

    /** The messages (all of one room) as one JSON array, oldest first. */
    static String encode(List<ServerEvent.Message> messages) {
        StringWriter out = new StringWriter(64 + 160 * messages.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (ServerEvent.Message message : messages) {
                json.writeStartObject();
                json.writeStringField("id", message.id());
                json.writeStringField("senderId", message.sender().userId());
                json.writeStringField("senderName", message.sender().userName());
                json.writeStringField("body", message.message());
                json.writeNumberField("ts", message.ts());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * The messages of one row, oldest first.
     *
     * @throws StorageException if the row is not what {@link #encode} writes (the file was changed by hand)
     */
    static List<ServerEvent.Message> decode(String room, String row) {
        List<ServerEvent.Message> messages = new ArrayList<>();
        try (JsonParser json = JSON.createParser(row)) {
            expect(json.nextToken(), JsonToken.START_ARRAY, row);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                String id = null;
                String senderId = null;
                String senderName = null;
                String body = null;
                long ts = 0;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    json.nextToken();
                    switch (field) {
                        case "id" -> id = json.getText();
                        case "senderId" -> senderId = json.getText();
                        case "senderName" -> senderName = json.getText();
                        case "body" -> body = json.getText();
                        case "ts" -> ts = json.getLongValue();
                        default -> json.skipChildren();
                    }
                }
                if (id == null || senderId == null || senderName == null || body == null) {
                    throw new StorageException("a history row of room " + room + " lacks a field: " + abbreviate(row));
                }
                messages.add(new ServerEvent.Message(id, room, new Sender(senderId, senderName), body, ts));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StorageException("a history row of room " + room + " is not a JSON array of messages: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail otherwise
        }
        return messages;
    }

    private static void expect(JsonToken found, JsonToken wanted, String row) {
        if (found != wanted) {
            throw new StorageException("a history row is not a JSON array of messages: " + abbreviate(row));
        }
    }

    private static String abbreviate(String row) {
        return row.length() <= 80 ? row : row.substring(0, 80) + "…";
    }
}
