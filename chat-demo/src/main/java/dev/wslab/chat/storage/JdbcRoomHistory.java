package dev.wslab.chat.storage;

import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Room history in the embedded database. Each room keeps its latest {@code keep} messages: older
 * rows are deleted in batches (once per {@code keep} appends to the room), so the table is bounded by
 * about twice {@code keep} rows per room without a delete on every message.
 *
 * <p>Written behind, off the message path (issue 19): {@link #append} only queues the message, and one
 * thread of its own ({@value #WRITER_THREAD}) writes what has queued in one transaction, then trims the
 * rooms that passed {@code keep}. The chat appends under the room's lock; with the insert and the
 * periodic trim there, every message waited for H2 (a third of the allocation on the message path, and
 * a trim every 50 messages of a busy room), and the lock was held across it, so a thread descheduled
 * inside H2 stalled every other thread posting to that room. A joiner still gets exactly the messages
 * before the live ones: {@link #recent} and {@link #lastMessageNumber} first write whatever is queued.
 * What is queued and not yet written is lost if the process dies (about {@value #LINGER_MILLIS} ms of messages;
 * H2 itself writes its file about once a second). When writing fails, appends fail too ({@link StorageException}:
 * the chat then delivers the message to nobody, as before) until the database answers again. The queue is
 * bounded ({@value #MAX_QUEUED} messages): past it the appending thread writes the queue itself.
 */
public final class JdbcRoomHistory implements RoomHistory {

    static final String WRITER_THREAD = "wslab-history-writer";
    static final int MAX_QUEUED = 4096;
    private static final int MAX_BATCH = 512;
    /** How long appends gather before the writer writes them (what a crash can lose, besides H2's own second). */
    static final int LINGER_MILLIS = 20;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcRoomHistory.class);

    private final EmbeddedDatabase database;
    private final int keep;
    /** Appends per room since its last trim; a room's entry goes away with the trim. Used by the writer only. */
    private final ConcurrentHashMap<String, AtomicInteger> sinceTrim = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ServerEvent.Message> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    /** Held while a batch is written, so batches (the writer's, a reader's flush) go in queue order. */
    private final Object writing = new Object();
    /** Why the last write failed; null while writes succeed. */
    private volatile String failure;
    private final Thread writer;

    /** @param keep how many of each room's latest messages to keep (at least 1) */
    public JdbcRoomHistory(EmbeddedDatabase database, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        this.database = database;
        this.keep = keep;
        this.writer = new Thread(this::writeUntilClosed, WRITER_THREAD);
        writer.setDaemon(true);
        writer.start();
        // Whatever is queued is written before the database closes (a graceful stop keeps every message).
        database.beforeClose(this::stopWriter);
    }

    @Override
    public void append(ServerEvent.Message message) {
        String failed = failure;
        if (failed != null && database.problem() != null) {
            throw new StorageException("the room history cannot be written: " + failed);
        }
        if (!queue.offer(message)) {
            flush(); // the writer is behind: this thread writes the queue (back-pressure rather than loss)
            if (!queue.offer(message)) {
                throw new StorageException("the room history's queue stays full: " + MAX_QUEUED + " messages wait to be written");
            }
        }
        LockSupport.unpark(writer); // cheap when the writer is not parked
    }

    /** Writes every queued message now (readers call this first, so they see every message appended before). */
    void flush() {
        synchronized (writing) {
            List<ServerEvent.Message> batch = new ArrayList<>();
            while (queue.drainTo(batch, MAX_BATCH) > 0) {
                write(batch);
                batch.clear();
            }
        }
    }

    /**
     * Waits for appends, lets them gather for {@value #LINGER_MILLIS} ms, then writes them. Messages leave the
     * queue only under {@link #writing}, so a reader's {@link #flush} always sees every one appended before it.
     * The linger makes batches: at 100 messages/s the writer wakes about 50 times a second instead of 100 (a
     * wake-up takes a core from the I/O threads on a small host), and under a closed loop a batch holds
     * hundreds of a room's messages, of which only the newest {@code keep} are inserted.
     */
    private void writeUntilClosed() {
        List<ServerEvent.Message> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            if (queue.isEmpty()) {
                LockSupport.park(this); // append unparks; the loop checks again
                continue;
            }
            try {
                Thread.sleep(LINGER_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (writing) {
                while (queue.drainTo(batch, MAX_BATCH) > 0) {
                    write(batch);
                    batch.clear();
                }
            }
        }
    }

    private void stopWriter() {
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (StorageException e) {
            log.warn("room history: the last {} messages were not written: {}", queue.size(), e.getMessage());
        }
    }

    /** One transaction: the batch's rows, then the trims of the rooms that passed {@code keep}. Caller holds {@link #writing}. */
    private void write(List<ServerEvent.Message> batch) {
        try {
            database.withConnection(c -> {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO messages (room, message_id, sender_id, sender_name, body, ts) VALUES (?, ?, ?, ?, ?, ?)")) {
                        for (ServerEvent.Message message : newestOfEachRoom(batch, keep)) {
                            insert.setString(1, message.room());
                            insert.setString(2, message.id());
                            insert.setString(3, message.sender().userId());
                            insert.setString(4, message.sender().userName());
                            insert.setString(5, message.message());
                            insert.setLong(6, message.ts());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                    for (Map.Entry<String, Integer> room : countPerRoom(batch).entrySet()) {
                        if (sinceTrim.computeIfAbsent(room.getKey(), r -> new AtomicInteger()).addAndGet(room.getValue()) >= keep) {
                            trim(c, room.getKey());
                        }
                    }
                    c.commit();
                } catch (java.sql.SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (java.sql.SQLException ignored) {
                        // the connection is gone; the database reopens it on the next use
                    }
                    throw e;
                } finally {
                    if (!c.isClosed()) {
                        c.setAutoCommit(autoCommit);
                    }
                }
                return null;
            });
            failure = null;
        } catch (StorageException e) {
            failure = e.getMessage();
            log.warn("room history: {} messages were delivered but not written: {}", batch.size(), e.getMessage());
        }
    }

    /**
     * The messages of a batch that are worth a row: at most the newest {@code keep} of each room, in batch order.
     * A room with more than {@code keep} messages in one batch is trimmed in the same transaction, which would
     * delete the older ones again at once. Under a closed-loop load a batch holds hundreds of one room's messages,
     * and inserting them only to delete them was most of the writer's (and so of the server's) allocation.
     */
    static List<ServerEvent.Message> newestOfEachRoom(List<ServerEvent.Message> batch, int keep) {
        Map<String, Integer> left = countPerRoom(batch);
        if (left.values().stream().allMatch(n -> n <= keep)) {
            return batch;
        }
        List<ServerEvent.Message> kept = new ArrayList<>(batch.size());
        for (ServerEvent.Message message : batch) {
            // left: this room's messages from this one to the batch's end; keep the last `keep` of them.
            if (left.merge(message.room(), -1, Integer::sum) < keep) {
                kept.add(message);
            }
        }
        return kept;
    }

    private static Map<String, Integer> countPerRoom(List<ServerEvent.Message> batch) {
        Map<String, Integer> perRoom = new HashMap<>();
        for (ServerEvent.Message message : batch) {
            perRoom.merge(message.room(), 1, Integer::sum);
        }
        return perRoom;
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
        flush();
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
        flush();
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
