package dev.wslab.chat.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-node chat's database: H2, embedded in the server's own process, in a file under the data
 * directory ({@code <dir>/wslab.mv.db}) or, for {@link #MEMORY}, in memory only (tests, benchmarks).
 *
 * <p>The schema is created on first start and its version is checked on every start: a data
 * directory written by another version of the schema is refused with a message saying so, rather than
 * read wrongly. H2 locks the file, so a second server on the same directory fails at start with a
 * clear message instead of corrupting the first one's data.
 *
 * <p>One JDBC connection serves the whole server, used under this object's lock: the statements are
 * short primary-key or index lookups, and a single connection keeps every write in one order.
 *
 * <p>When the database goes away under a running server (an operator's {@code SHUTDOWN}, {@code SET
 * EXCLUSIVE 2} for maintenance, a broken connection), every use fails fast with a
 * {@link StorageUnavailableException} and the next use at least {@link #REOPEN_INTERVAL} later opens
 * it again, by itself: a file database only if its file still exists ({@code IFEXISTS}: a missing data
 * directory must not quietly become a new, empty one) and still holds this schema version. An
 * in-memory database is gone once closed, so it is never reopened.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** H2's switch for its shared cache of values, read once when H2 is first used. */
    static final String H2_OBJECT_CACHE = "h2.objectCache";
    /** The {@code --data-dir} value that keeps everything in memory, gone when the server stops. */
    public static final String MEMORY = ":memory:";
    /**
     * The schema this code reads and writes; bump it with every incompatible change of the tables, and
     * teach {@link SchemaUpgrade} to bring the previous version up to it. Version 2 keeps room history in
     * batches of messages per row instead of one message per row.
     */
    public static final int SCHEMA_VERSION = 2;
    /** The database file's base name inside the data directory (H2 adds {@code .mv.db}). */
    static final String FILE_NAME = "wslab";
    /** After a failed reopen, uses fail fast with its reason for this long before the next attempt. */
    public static final java.time.Duration REOPEN_INTERVAL = java.time.Duration.ofMillis(500);

    static {
        // H2 keeps every string value it reads or writes in one shared cache of 1,024 entries behind a soft
        // reference (the system property h2.objectCache, on by default). A history row is a JSON array of up to
        // 512 messages, so that cache held megabytes of rows already trimmed, and a soft reference is cleared only
        // when the heap runs short: the chat's heap after a full collection grew from 9.5 to 14-16 MB after the
        // benchmarks' closed loops. Turned off here, before H2's first use, unless the JVM was told otherwise.
        if (System.getProperty(H2_OBJECT_CACHE) == null) {
            System.setProperty(H2_OBJECT_CACHE, "false");
        }
    }

    /** The URL that opens the database again after it went away; {@code null} in memory (never reopened). */
    private final String reopenUrl;
    private final String dataDir;
    private final String description;
    /** Held while open; {@code null} in memory. */
    private final DirectoryLock lock;
    /** The shared connection; {@code null} while the database is unavailable. Guarded by {@code this}. */
    private Connection connection;
    /** Why the database is unavailable now (the last failure), and when to try reopening it. Guarded by {@code this}. */
    private String unavailable;
    private long nextReopenNanos;
    private boolean closed;
    /** Run first when the database closes (the history writer writes what is queued). */
    private final List<Runnable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EmbeddedDatabase(Connection connection, String reopenUrl, String dataDir, String description, DirectoryLock lock) {
        this.connection = connection;
        this.reopenUrl = reopenUrl;
        this.dataDir = dataDir;
        this.description = description;
        this.lock = lock;
    }

    /**
     * Opens (creating when needed) the database in {@code dataDir}, or in memory for {@link #MEMORY}.
     *
     * @throws StorageException if the directory cannot be used, is locked by another server, or holds
     *                          another schema version
     */
    public static EmbeddedDatabase open(String dataDir) {
        String url;
        String reopenUrl = null;
        String description;
        DirectoryLock lock = null;
        if (MEMORY.equals(dataDir)) {
            // A private name per server: two in-memory servers in one JVM (tests) never share data.
            url = "jdbc:h2:mem:wslab-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=0";
            description = "memory (" + MEMORY + ", nothing kept after the server stops)";
        } else {
            Path dir = Path.of(dataDir).toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new StorageException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
            }
            // H2 locks its file against other processes, but a second server in the same JVM would
            // silently share the database; our own lock file refuses both cases the same way.
            lock = DirectoryLock.acquire(dir, dataDir);
            // We close the database ourselves when the server stops; H2's own shutdown hook must not
            // close it under a server that is still writing its last messages.
            url = "jdbc:h2:file:" + dir.resolve(FILE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE";
            reopenUrl = url + ";IFEXISTS=TRUE";
            description = dir.resolve(FILE_NAME + ".mv.db").toString();
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, "wslab", "");
        } catch (SQLException e) {
            if (lock != null) {
                lock.release();
            }
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StorageException("the data directory " + dataDir + " is in use by another wslab chat server;"
                        + " stop that one or start this one with another --data-dir", e);
            }
            throw new StorageException("cannot open the database in " + dataDir + ": " + e.getMessage(), e);
        }
        if (org.h2.engine.SysProperties.OBJECT_CACHE && "false".equals(System.getProperty(H2_OBJECT_CACHE))) {
            log.warn("H2 was in use in this JVM before wslab's storage, so its object cache stays on: history rows"
                    + " may be kept in memory until the heap runs short (start the JVM with -D{}=false)", H2_OBJECT_CACHE);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(connection, reopenUrl, dataDir, description, lock);
        try {
            database.createOrCheckSchema(dataDir);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        log.info("storage: {} (schema version {})", description, SCHEMA_VERSION);
        return database;
    }

    /**
     * Null when the database answers a query now, otherwise why not (the readiness check, {@code /readyz});
     * like every use, it reopens a database that went away once {@link #REOPEN_INTERVAL} has passed.
     */
    public String problem() {
        try {
            return withConnection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM wslab_schema")) {
                    return rs.next() ? null : "the database has lost its schema version";
                }
            });
        } catch (StorageException e) {
            return e.getMessage();
        }
    }

    /** Where the data lives, for logs and messages. */
    public String description() {
        return description;
    }

    /**
     * Runs {@code work} on the shared connection under the database lock, turning SQL failures into
     * {@link StorageException}, and a database that went away into {@link StorageUnavailableException}.
     */
    synchronized <T> T withConnection(SqlWork<T> work) {
        Connection c = usableConnection();
        try {
            return work.run(c);
        } catch (SQLException e) {
            if (wentAway(c, e)) {
                throw lost(e);
            }
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    /** The open connection, reopening the database when it went away and the last attempt is old enough. */
    private Connection usableConnection() {
        if (closed) {
            throw new StorageUnavailableException("the database " + description + " is closed: the server is stopping", null);
        }
        if (connection != null) {
            if (!isClosed(connection)) {
                return connection;
            }
            // Closed under us between two uses (SHUTDOWN, SET EXCLUSIVE 2): open it again right away.
            connection = null;
            nextReopenNanos = System.nanoTime();
            unavailable = "the database " + description + " was closed under the server";
            log.warn("storage: {}; opening it again", unavailable);
        }
        if (reopenUrl == null) {
            throw new StorageUnavailableException(unavailable + "; an in-memory database is gone once closed:"
                    + " restart the server", null);
        }
        if (System.nanoTime() - nextReopenNanos < 0) {
            throw new StorageUnavailableException(unavailable, null);
        }
        Connection reopened = null;
        try {
            reopened = DriverManager.getConnection(reopenUrl, "wslab", "");
            connection = reopened;
            createOrCheckSchema(dataDir);
        } catch (SQLException | StorageException e) {
            connection = null;
            closeQuietly(reopened);
            nextReopenNanos = System.nanoTime() + REOPEN_INTERVAL.toNanos();
            unavailable = "the database " + description + " cannot be opened again: "
                    + (e instanceof SQLException sql ? firstLine(sql) : e.getMessage());
            log.warn("storage: {}", unavailable);
            throw new StorageUnavailableException(unavailable, e);
        }
        log.info("storage: {} opened again (schema version {})", description, SCHEMA_VERSION);
        unavailable = null;
        return reopened;
    }

    /** Whether {@code e} means the database or our connection to it is gone (not a problem of one statement). */
    private static boolean wentAway(Connection c, SQLException e) {
        switch (e.getErrorCode()) {
            case org.h2.api.ErrorCode.DATABASE_IS_CLOSED:
            case org.h2.api.ErrorCode.OBJECT_CLOSED:
            case org.h2.api.ErrorCode.CONNECTION_BROKEN_1:
            case org.h2.api.ErrorCode.DATABASE_IS_IN_EXCLUSIVE_MODE:
                return true;
            default:
                try {
                    return c.isClosed();
                } catch (SQLException ignored) {
                    return true;
                }
        }
    }

    /** Forgets the lost connection (the next use reopens the database) and says what happened. */
    private StorageUnavailableException lost(SQLException e) {
        closeQuietly(connection);
        connection = null;
        nextReopenNanos = System.nanoTime(); // the first reopen may come at once
        unavailable = "the database " + description + " went away: " + firstLine(e);
        log.warn("storage: {}; it is opened again on the next use", unavailable);
        return new StorageUnavailableException(unavailable, e);
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // it is being forgotten anyway
        }
    }

    /** Something done with a JDBC connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private void createOrCheckSchema(String dataDir) {
        withConnection(c -> {
            try (Statement s = c.createStatement()) {
                if (!tableExists(c, "WSLAB_SCHEMA")) {
                    if (tableExists(c, "ACCOUNTS") || tableExists(c, "MESSAGES") || tableExists(c, "MESSAGE_BATCHES")) {
                        throw new StorageException("the database in " + dataDir + " has chat tables but no schema version;"
                                + " it was not written by this wslab. Move it away or use another --data-dir");
                    }
                    createSchema(s);
                    return null;
                }
                int found;
                try (ResultSet rs = s.executeQuery("SELECT version FROM wslab_schema")) {
                    found = rs.next() ? rs.getInt(1) : -1;
                }
                if (found == 1) {
                    SchemaUpgrade.fromVersion1(c, description);
                } else if (found != SCHEMA_VERSION) {
                    throw new StorageException("the data directory " + dataDir + " holds schema version " + found
                            + " but this wslab reads version " + SCHEMA_VERSION
                            + "; use the wslab that wrote it, or move the directory away and start fresh");
                }
                SchemaUpgrade.dropLeftoversOfVersion1(c);
                return null;
            }
        });
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("CREATE TABLE accounts ("
                + "id VARCHAR(64) PRIMARY KEY, "
                + "name VARCHAR(256) NOT NULL, "
                + "name_key VARCHAR(256) NOT NULL UNIQUE, "   // AccountNames.key: case- and NFC-insensitive
                + "password_hash VARCHAR(1024) NOT NULL, "
                + "created_at BIGINT NOT NULL)");             // epoch milliseconds; tokens carry it
        createMessageBatches(s);
        s.execute("CREATE TABLE wslab_schema (version INT NOT NULL)");
        s.execute("INSERT INTO wslab_schema VALUES (" + SCHEMA_VERSION + ")");
    }

    /** Room history: each row holds one room's messages of one written batch, oldest first ({@link MessageBatchCodec}). */
    static void createMessageBatches(Statement s) throws SQLException {
        s.execute("CREATE TABLE message_batches ("
                + "seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "  // write order, across rooms
                + "room VARCHAR(1024) NOT NULL, "
                + "message_count INT NOT NULL, "
                + "last_message_id VARCHAR(64) NOT NULL, "                      // the id of the row's newest message
                + "messages CHARACTER VARYING NOT NULL)");                     // a JSON array of the messages
        s.execute("CREATE INDEX message_batches_by_room ON message_batches(room, seq)");
    }

    static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", name, null)) {
            return rs.next();
        }
    }

    /** Runs {@code task} when the database closes, before its connection does (e.g. to write what is queued). */
    void beforeClose(Runnable task) {
        beforeClose.add(task);
    }

    /** Closes the database (an in-memory one is gone afterwards). Safe to call twice. */
    @Override
    public void close() {
        // Outside this object's lock: the tasks use the database (the history writer's last batch).
        for (Runnable task : beforeClose) {
            task.run();
        }
        beforeClose.clear();
        closeConnection();
    }

    private synchronized void closeConnection() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connection != null && !connection.isClosed()) {
                connection.close();
            }
        } catch (SQLException e) {
            log.warn("closing the database failed: {}", e.getMessage());
        }
        connection = null;
        if (lock != null) {
            lock.release();
        }
    }
}
