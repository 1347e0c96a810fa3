import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.JdbcRoomHistory;
import dev.wslab.chat.storage.RoomHistory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * How many bytes the room history allocates per message (all threads: the appender, the history writer,
 * H2's own), at a steady rate into one room, with a file database as the chat runs it. Run from the
 * repository root after a build, with the shipped collector and heap:
 *
 * <pre>java -XX:+UseSerialGC -Xmx96m -cp chat-demo/target/wslab-chat.jar docs/benchmarks/history-batches/HistoryAllocation.java [messages] [per-second]</pre>
 */
public class HistoryAllocation {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("wslab-history-allocation-");
        try (EmbeddedDatabase database = EmbeddedDatabase.open(dir.toString())) {
            RoomHistory history = new JdbcRoomHistory(database, 50);
            long[] next = {history.lastMessageNumber()};
            run(history, next, messages, perSecond); // warm-up: JIT, H2's caches
            long before = allocatedByAllThreads();
            long started = System.nanoTime();
            run(history, next, messages, perSecond);
            long bytes = allocatedByAllThreads() - before;
            System.out.printf("%d messages at %d/s in %.1f s: %,.0f bytes allocated per message (all threads)%n",
                    messages, perSecond, (System.nanoTime() - started) / 1e9, bytes / (double) messages);
        }
    }

    private static void run(RoomHistory history, long[] next, int messages, int perSecond) throws InterruptedException {
        String body = "x".repeat(128);
        Sender sender = new Sender("u-0123456789", "alice");
        long gap = 1_000_000_000L / perSecond;
        long due = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            history.append(new ServerEvent.Message(Long.toString(++next[0]), "lobby", sender, body, System.currentTimeMillis()));
            due += gap;
            LockSupport.parkNanos(due - System.nanoTime());
        }
        history.recent("lobby", 1); // writes what is queued
        Thread.sleep(1_500);        // and lets H2 write its file, as it does once a second
    }

    private static long allocatedByAllThreads() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return sum;
    }
}
