package dev.wslab.chat.storage;

import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a data directory written by an older wslab up to {@link EmbeddedDatabase#SCHEMA_VERSION}, on
 * start, so an upgrade keeps every account and the room history.
 *
 * <p>Version 1 kept a row per message ({@code messages}); version 2 keeps a row per room per written
 * batch ({@code message_batches}, see {@link MessageBatchCodec}). H2 commits each {@code CREATE} and
 * {@code DROP} on its own, so the steps are ordered to survive a crash between any two of them: the new
 * table is rebuilt from scratch, then filled and the version raised in one transaction, and only then
 * is the old table dropped ({@link #dropLeftoversOfVersion1} finishes that on the next start if needed).
 */
final class SchemaUpgrade {

    private static final Logger log = LoggerFactory.getLogger(SchemaUpgrade.class);
    /** At most this many of a room's consecutive messages go into one row of the upgraded table. */
    private static final int MESSAGES_PER_ROW = 50;

    private SchemaUpgrade() {
    }

    /** Moves version 1's messages into version 2's batches, in their order, and records version 2. */
    static void fromVersion1(Connection c, String description) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS message_batches"); // a half-done earlier attempt
            EmbeddedDatabase.createMessageBatches(s);
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        int messages = 0;
        try (Statement s = c.createStatement();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO message_batches (room, message_count, last_message_id, messages) VALUES (?, ?, ?, ?)")) {
            // Rows keep the old global order (a run of one room's messages per row): the newest row must
            // hold the highest message id, which is where numbering continues after the restart.
            List<ServerEvent.Message> run = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT room, message_id, sender_id, sender_name, body, ts FROM messages ORDER BY seq")) {
                while (rs.next()) {
                    ServerEvent.Message message = new ServerEvent.Message(rs.getString(2), rs.getString(1),
                            new Sender(rs.getString(3), rs.getString(4)), rs.getString(5), rs.getLong(6));
                    if (!run.isEmpty() && (!run.get(0).room().equals(message.room()) || run.size() == MESSAGES_PER_ROW)) {
                        JdbcRoomHistory.addRows(insert, run.get(0).room(), run);
                        run = new ArrayList<>();
                    }
                    run.add(message);
                    messages++;
                }
            }
            if (!run.isEmpty()) {
                JdbcRoomHistory.addRows(insert, run.get(0).room(), run);
            }
            insert.executeBatch();
            s.executeUpdate("UPDATE wslab_schema SET version = 2");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        log.info("storage: upgraded {} from schema version 1 to 2: {} messages of room history moved into batches",
                description, messages);
    }

    /** Drops version 1's table once version 2 is recorded (the upgrade's last step, or a crash just before it). */
    static void dropLeftoversOfVersion1(Connection c) throws SQLException {
        if (EmbeddedDatabase.tableExists(c, "MESSAGES")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE messages");
            }
        }
    }
}
