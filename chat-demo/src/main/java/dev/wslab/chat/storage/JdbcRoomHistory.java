package dev.wslab.chat.storage;

import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Room history in the embedded database. Each room keeps its latest {@code keep} messages: older
 * rows are deleted in batches (once per {@code keep} appends to the room), so the table is bounded by
 * about twice {@code keep} rows per room without a delete on every message.
 */
public final class JdbcRoomHistory implements RoomHistory {

    private final EmbeddedDatabase database;
    private final int keep;
    /** Appends per room since its last trim; a room's entry goes away with the trim. */
    private final ConcurrentHashMap<String, AtomicInteger> sinceTrim = new ConcurrentHashMap<>();

    /** @param keep how many of each room's latest messages to keep (at least 1) */
    public JdbcRoomHistory(EmbeddedDatabase database, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        this.database = database;
        this.keep = keep;
    }

    @Override
    public void append(ServerEvent.Message message) {
        database.withConnection(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO messages (room, message_id, sender_id, sender_name, body, ts) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, message.room());
                insert.setString(2, message.id());
                insert.setString(3, message.sender().userId());
                insert.setString(4, message.sender().userName());
                insert.setString(5, message.message());
                insert.setLong(6, message.ts());
                insert.executeUpdate();
            }
            if (sinceTrim.computeIfAbsent(message.room(), r -> new AtomicInteger()).incrementAndGet() >= keep) {
                trim(c, message.room());
            }
            return null;
        });
    }

    private void trim(java.sql.Connection c, String room) throws java.sql.SQLException {
        sinceTrim.remove(room);
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM messages WHERE room = ? AND seq < "
                        + "(SELECT seq FROM messages WHERE room = ? ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST 1 ROW ONLY)")) {
            delete.setString(1, room);
            delete.setString(2, room);
            delete.setInt(3, keep - 1);
            delete.executeUpdate();
        }
    }

    @Override
    public List<ServerEvent.Message> recent(String room, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.withConnection(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT message_id, sender_id, sender_name, body, ts FROM messages WHERE room = ? "
                            + "ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                query.setString(1, room);
                query.setInt(2, Math.min(limit, keep));
                List<ServerEvent.Message> newestFirst = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        newestFirst.add(new ServerEvent.Message(rs.getString(1), room,
                                new Sender(rs.getString(2), rs.getString(3)), rs.getString(4), rs.getLong(5)));
                    }
                }
                Collections.reverse(newestFirst);
                return newestFirst;
            }
        });
    }

    @Override
    public long lastMessageNumber() {
        return database.withConnection(c -> {
            // Message ids of the one-node chat are decimal numbers; the newest row holds the highest.
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT message_id FROM messages ORDER BY seq DESC FETCH FIRST 1 ROW ONLY")) {
                return rs.next() ? parseOrZero(rs.getString(1)) : 0L;
            }
        });
    }

    private static long parseOrZero(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
