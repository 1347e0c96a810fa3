package dev.wslab.chat.storage;

import dev.wslab.chat.protocol.ServerEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Room history in the embedded database. Each room keeps its latest {@code keep} messages: older rows
 * are deleted in batches (once per {@code keep} appends to the room), so a room holds at most about
 * three times {@code keep} messages without a delete on every message.
 *
 * <p>Written behind, off the message path (issue 19): {@link #append} only queues the message, and one
 * thread of its own ({@value #WRITER_THREAD}) writes what has queued in one transaction, then trims the
 * rooms that passed {@code keep}. The chat appends under the room's lock; with the insert and the
 * periodic trim there, every message waited for H2 (a third of the allocation on the message path, and
 * a trim every 50 messages of a busy room), and the lock was held across it, so a thread descheduled
 * inside H2 stalled every other thread posting to that room. A joiner still gets exactly the messages
 * before the live ones: {@link #recent} and {@link #lastMessageNumber} first write whatever is queued.
 *
 * <p>One row holds all of a room's messages from one written batch ({@link MessageBatchCodec}): an H2 row
 * costs several kilobytes of short-lived memory however small it is, so the writer lets appends gather
 * for {@value #LINGER_MILLIS} ms (at 100 messages/s, ten messages a row), or until {@value #MAX_BATCH} are
 * queued. What is queued and not yet written is lost if the process dies: at most those
 * {@value #LINGER_MILLIS} ms of messages, besides H2's own delay (it writes its file about once a second).
 * When writing fails, appends fail too ({@link StorageException}: the chat then delivers the message to
 * nobody, as before) until the database answers again. The queue is bounded ({@value #MAX_QUEUED}
 * messages): past it the appending thread writes the queue itself.
 */
public final class JdbcRoomHistory implements RoomHistory {

    static final String WRITER_THREAD = "wslab-history-writer";
    static final int MAX_QUEUED = 4096;
    /** Most messages written in one transaction; this many queued wake the writer before its linger ends. */
    static final int MAX_BATCH = 512;
    /** How long appends gather before the writer writes them (what a crash can lose, besides H2's own second). */
    static final int LINGER_MILLIS = 100;
    /** A room's messages of one batch go into rows of at most about this many characters of JSON. */
    static final int MAX_ROW_CHARS = 1_000_000;
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
        int queued = queue.size();
        if (queued == 1 || queued % MAX_BATCH == 0) {
            // The first message starts the writer's linger; a full batch ends it. Waking it for every
            // message would cost a wake-up each, and a wake-up takes a core from the I/O threads.
            LockSupport.unpark(writer);
        }
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
     * Waits for appends, lets them gather for {@value #LINGER_MILLIS} ms (or until {@value #MAX_BATCH} are queued),
     * then writes them. Messages leave the queue only under {@link #writing}, so a reader's {@link #flush} always
     * sees every one appended before it.
     */
    private void writeUntilClosed() {
        List<ServerEvent.Message> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            if (queue.isEmpty()) {
                LockSupport.park(this); // the first append unparks; the loop checks again
                continue;
            }
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            for (long left = LINGER_MILLIS * 1_000_000L; left > 0 && queue.size() < MAX_BATCH; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
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

    /**
     * One transaction: a row per room of the batch (more when its JSON would pass {@value #MAX_ROW_CHARS}
     * characters), then the trims of the rooms that passed {@code keep}. Caller holds {@link #writing}.
     */
    private void write(List<ServerEvent.Message> batch) {
        try {
            database.withConnection(c -> {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    Map<String, List<ServerEvent.Message>> rooms = byRoom(newestOfEachRoom(batch, keep));
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO message_batches (room, message_count, last_message_id, messages) VALUES (?, ?, ?, ?)")) {
                        for (Map.Entry<String, List<ServerEvent.Message>> room : rooms.entrySet()) {
                            addRows(insert, room.getKey(), room.getValue());
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

    /** Adds one room's messages (oldest first) to {@code insert} as rows, halving any row whose JSON is too long. */
    static void addRows(PreparedStatement insert, String room, List<ServerEvent.Message> messages) throws java.sql.SQLException {
        String json = MessageBatchCodec.encode(messages);
        if (json.length() > MAX_ROW_CHARS && messages.size() > 1) {
            int half = messages.size() / 2;
            addRows(insert, room, messages.subList(0, half));
            addRows(insert, room, messages.subList(half, messages.size()));
            return;
        }
        insert.setString(1, room);
        insert.setInt(2, messages.size());
        insert.setString(3, messages.get(messages.size() - 1).id());
        insert.setString(4, json);
        insert.addBatch();
    }

    /** The batch's messages grouped by room, each room's in batch order. */
    private static Map<String, List<ServerEvent.Message>> byRoom(List<ServerEvent.Message> batch) {
        Map<String, List<ServerEvent.Message>> rooms = new java.util.LinkedHashMap<>();
        for (ServerEvent.Message message : batch) {
            rooms.computeIfAbsent(message.room(), r -> new ArrayList<>()).add(message);
        }
        return rooms;
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

    /** Deletes the room's rows older than the newest ones that together hold at least {@code keep} messages. */
    private void trim(java.sql.Connection c, String room) throws java.sql.SQLException {
        sinceTrim.remove(room);
        long oldestKept = -1;
        try (PreparedStatement rows = c.prepareStatement(
                "SELECT seq, message_count FROM message_batches WHERE room = ? ORDER BY seq DESC")) {
            rows.setString(1, room);
            try (ResultSet rs = rows.executeQuery()) {
                for (int held = 0; held < keep && rs.next(); ) {
                    oldestKept = rs.getLong(1);
                    held += rs.getInt(2);
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM message_batches WHERE room = ? AND seq < ?")) {
            delete.setString(1, room);
            delete.setLong(2, oldestKept);
            delete.executeUpdate();
        }
    }

    @Override
    public List<ServerEvent.Message> recent(String room, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        flush();
        int wanted = Math.min(limit, keep);
        return database.withConnection(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT message_count, messages FROM message_batches WHERE room = ? ORDER BY seq DESC")) {
                query.setString(1, room);
                List<String> newestRowsFirst = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    for (int held = 0; held < wanted && rs.next(); ) {
                        held += rs.getInt(1);
                        newestRowsFirst.add(rs.getString(2));
                    }
                }
                List<ServerEvent.Message> oldestFirst = new ArrayList<>();
                for (int row = newestRowsFirst.size() - 1; row >= 0; row--) {
                    oldestFirst.addAll(MessageBatchCodec.decode(room, newestRowsFirst.get(row)));
                }
                return List.copyOf(oldestFirst.subList(Math.max(0, oldestFirst.size() - wanted), oldestFirst.size()));
            }
        });
    }

    @Override
    public long lastMessageNumber() {
        flush();
        return database.withConnection(c -> {
            // Message ids of the one-node chat are decimal numbers; the newest row holds the highest.
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_message_id FROM message_batches ORDER BY seq DESC FETCH FIRST 1 ROW ONLY")) {
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
