import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.JdbcRoomHistory;
import dev.wslab.chat.storage.RoomHistory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The live heap (after full collections) while the room history takes messages as fast as it can, 100,000 at a
 * time, into one room, with a file database as the chat runs it. With H2's shared string cache on
 * ({@code -Dh2.objectCache=true}, H2's own default) the heap grows with every batch written, because the cache keeps
 * whole history rows; the chat's storage turns it off. Run from the repository root after a build:
 *
 * <pre>java -XX:+UseSerialGC -Xmx96m [-Dh2.objectCache=true] -cp chat-demo/target/wslab-chat.jar docs/benchmarks/history-batches/H2StringCache.java</pre>
 */
public class H2StringCache {

    public static void main(String[] args) throws Exception {
        int perStep = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("wslab-h2-string-cache-");
        try (EmbeddedDatabase database = EmbeddedDatabase.open(dir.toString())) {
            System.out.println("h2.objectCache=" + org.h2.engine.SysProperties.OBJECT_CACHE);
            RoomHistory history = new JdbcRoomHistory(database, 50);
            long next = history.lastMessageNumber();
            String body = "x".repeat(128);
            Sender sender = new Sender("u-0123456789", "alice");
            for (int step = 1; step <= 3; step++) {
                for (int i = 0; i < perStep; i++) {
                    history.append(new ServerEvent.Message(Long.toString(++next), "lobby", sender, body, System.currentTimeMillis()));
                }
                history.recent("lobby", 1); // writes what is queued
                Thread.sleep(1_500);        // and lets H2 write its file, as it does once a second
                System.out.printf("%,9d messages: live heap %5.1f MB%n", step * perStep, liveHeapMegabytes());
            }
        }
    }

    private static double liveHeapMegabytes() {
        System.gc();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1e6;
    }
}
