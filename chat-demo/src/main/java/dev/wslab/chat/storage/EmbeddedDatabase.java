package dev.wslab.chat.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The {@code --data-dir} value that keeps everything in memory, gone when the server stops. */
    public static final String MEMORY = ":memory:";
    /** The schema this code reads and writes; bump it with every incompatible change of the tables. */
    public static final int SCHEMA_VERSION = 1;
    /** The database file's base name inside the data directory (H2 adds {@code .mv.db}). */
    static final String FILE_NAME = "wslab";

    private final Connection connection;
    private final String description;
    /** Held while open; {@code null} in memory. */
    private final DirectoryLock lock;

    private EmbeddedDatabase(Connection connection, String description, DirectoryLock lock) {
        this.connection = connection;
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
        EmbeddedDatabase database = new EmbeddedDatabase(connection, description, lock);
        try {
            database.createOrCheckSchema(dataDir);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        log.info("storage: {} (schema version {})", description, SCHEMA_VERSION);
        return database;
    }

    /** Null when the database answers a query now, otherwise why not (the readiness check, {@code /readyz}). */
    public String problem() {
        try {
            return withConnection(c -> c.isClosed() ? "the database is closed" : c.isValid(2) ? null : "the database does not answer");
        } catch (StorageException e) {
            return e.getMessage();
        }
    }

    /** Where the data lives, for logs and messages. */
    public String description() {
        return description;
    }

    /** Runs {@code work} on the shared connection under the database lock, turning SQL failures into {@link StorageException}. */
    synchronized <T> T withConnection(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
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
                    if (tableExists(c, "ACCOUNTS") || tableExists(c, "MESSAGES")) {
                        throw new StorageException("the database in " + dataDir + " has chat tables but no schema version;"
                                + " it was not written by this wslab. Move it away or use another --data-dir");
                    }
                    createSchema(s);
                    return null;
                }
                try (ResultSet rs = s.executeQuery("SELECT version FROM wslab_schema")) {
                    int found = rs.next() ? rs.getInt(1) : -1;
                    if (found != SCHEMA_VERSION) {
                        throw new StorageException("the data directory " + dataDir + " holds schema version " + found
                                + " but this wslab reads version " + SCHEMA_VERSION
                                + "; use the wslab that wrote it, or move the directory away and start fresh");
                    }
                }
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
        s.execute("CREATE TABLE messages ("
                + "seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                + "room VARCHAR(1024) NOT NULL, "
                + "message_id VARCHAR(64) NOT NULL, "
                + "sender_id VARCHAR(64) NOT NULL, "
                + "sender_name VARCHAR(256) NOT NULL, "
                + "body CHARACTER VARYING(1000000) NOT NULL, "
                + "ts BIGINT NOT NULL)");
        s.execute("CREATE INDEX messages_by_room ON messages(room, seq)");
        s.execute("CREATE TABLE wslab_schema (version INT NOT NULL)");
        s.execute("INSERT INTO wslab_schema VALUES (" + SCHEMA_VERSION + ")");
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", name, null)) {
            return rs.next();
        }
    }

    /** Closes the database (an in-memory one is gone afterwards). Safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            if (!connection.isClosed()) {
                connection.close();
            }
        } catch (SQLException e) {
            log.warn("closing the database failed: {}", e.getMessage());
        }
        if (lock != null) {
            lock.release();
        }
    }
}
