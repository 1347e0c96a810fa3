package dev.wslab.chat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The room history is written behind (issue 19): appends only queue, the writer thread inserts and trims;
 * a reader still sees every message appended before it, rooms stay bounded, and closing the database
 * writes what is still queued.
 */
class JdbcRoomHistoryTest {

    private static ServerEvent.Message message(String room, int n) {
        return new ServerEvent.Message(Integer.toString(n), room, new Sender("u1", "ada"), "m" + n, 1_000L + n);
    }

    @Test
    void aReaderSeesEveryMessageAppendedBeforeItInOrderAndRoomsStayBounded() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY)) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 10);
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= 237; n++) {
                history.append(message(n % 2 == 0 ? "even" : "odd", n));
                if (n % 2 == 0) {
                    expected.add("m" + n);
                }
                if (n % 50 == 0) {
                    // Right after the appends, with no wait: the latest of the room, oldest first.
                    assertThat(history.recent("even", 10)).extracting(ServerEvent.Message::message)
                            .containsExactlyElementsOf(expected.subList(expected.size() - 10, expected.size()));
                }
            }
            assertThat(history.recent("even", 3)).extracting(ServerEvent.Message::message)
                    .containsExactly("m232", "m234", "m236");
            assertThat(history.lastMessageNumber()).isEqualTo(237);
            long stored = database.withConnection(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT SUM(message_count) FROM message_batches")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            // Each room keeps at least `keep` messages and at most about three times that (trimmed once per `keep` appends).
            assertThat(stored).isBetween(2L * 10, 2L * 3 * 10);
        }
    }

    @Test
    void aBatchInsertsOnlyTheNewestKeepOfEachRoomInBatchOrder() {
        List<ServerEvent.Message> batch = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            batch.add(message(n % 3 == 0 ? "quiet" : "busy", n));
        }

        // busy has 8 messages (1 2 4 5 7 8 10 11): its newest 3 stay; quiet has 4 (3 6 9 12): its newest 3 stay.
        assertThat(JdbcRoomHistory.newestOfEachRoom(batch, 3)).extracting(ServerEvent.Message::message)
                .containsExactly("m6", "m8", "m9", "m10", "m11", "m12");
        assertThat(JdbcRoomHistory.newestOfEachRoom(batch, 8)).extracting(ServerEvent.Message::message)
                .containsExactlyElementsOf(batch.stream().map(ServerEvent.Message::message).toList());
    }

    @Test
    void aBurstIntoOneRoomKeepsItsNewestMessages() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY)) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 5);
            IntStream.rangeClosed(1, 3_000).forEach(n -> history.append(message("busy", n)));

            assertThat(history.recent("busy", 5)).extracting(ServerEvent.Message::message)
                    .containsExactly("m2996", "m2997", "m2998", "m2999", "m3000");
            assertThat(history.lastMessageNumber()).isEqualTo(3_000);
        }
    }

    @Test
    void appendsWaitForNoDatabaseWork() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY)) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 50);
            // Another thread holds the database for 3 s; appends meanwhile only queue.
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> database.withConnection(c -> {
                held.countDown();
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holder.start();
            held.await();
            long started = System.nanoTime();
            IntStream.rangeClosed(1, 100).forEach(n -> history.append(message("r", n)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(holder.isAlive()).as("the database was still held").isTrue();
            assertThat(tookMillis).as("appends while the database is busy").isLessThan(2_000);
            holder.join();
            assertThat(history.recent("r", 50)).hasSize(50);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains(JdbcRoomHistory.WRITER_THREAD);
        }
    }

    @Test
    void closingTheDatabaseWritesWhatIsQueued() throws Exception {
        Path dir = Files.createTempDirectory("wslab-history-");
        try (EmbeddedDatabase database = EmbeddedDatabase.open(dir.toString())) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 50);
            IntStream.rangeClosed(1, 40).forEach(n -> history.append(message("r", n)));
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.open(dir.toString())) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 50);
            assertThat(history.recent("r", 50)).hasSize(40);
            assertThat(history.lastMessageNumber()).isEqualTo(40);
        }
    }

    @Test
    void aRoomsMessagesWrittenTogetherShareARow() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY)) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 50);
            IntStream.rangeClosed(1, 30).forEach(n -> history.append(message(n % 6 == 0 ? "quiet" : "busy", n)));

            assertThat(history.recent("busy", 50)).hasSize(25);
            assertThat(history.recent("quiet", 50)).extracting(ServerEvent.Message::message)
                    .containsExactly("m6", "m12", "m18", "m24", "m30");
            long rows = database.withConnection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM message_batches")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            // Queued within one linger, written by the reader's flush or the writer: one row per room per write.
            assertThat(rows).as("rows for 30 messages in two rooms").isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aBatchWhoseJsonIsTooLongForOneRowIsSplit() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY)) {
            JdbcRoomHistory history = new JdbcRoomHistory(database, 50);
            String big = "\"".repeat(100_000); // escaped, each quote takes two characters of JSON
            IntStream.rangeClosed(1, 12).forEach(n -> history.append(
                    new ServerEvent.Message(Integer.toString(n), "big", new Sender("u1", "ada"), big + n, n)));

            assertThat(history.recent("big", 50)).extracting(ServerEvent.Message::message)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(n -> big + n).toList());
            long longest = database.withConnection(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MAX(CHAR_LENGTH(messages)) FROM message_batches")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(longest).isLessThanOrEqualTo(JdbcRoomHistory.MAX_ROW_CHARS);
        }
    }
}
