package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.rooms.User;
import dev.wslab.chat.session.SessionLog;
import dev.wslab.chat.session.SharedSessions;
import dev.wslab.chat.support.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A resumable session's log in Redis, as the node that claims it after its owner died reads it: every
 * event keeps the number its client knows, so a resume there replays exactly the events after the
 * client's last one. (CrossNodeResumeTest once showed its client a message twice: the log's list in Redis
 * was out of number order, and the claim numbered it by position.)
 */
class RedisSessionsTest {

    private static final User BOB = new User("u-bob", "bob");
    private static final Duration WINDOW = Duration.ofSeconds(120);

    /**
     * The race, forced: an append is made on Lettuce's event loop (as the {@code ok} of a message whose
     * copy the reader already delivered is: it is completed by Redis's answer to the post) while the
     * append before it, made on another thread, is still queued behind that loop's work. Lettuce writes
     * the first at once and the second after; the log must still hold them in their numbers' order.
     */
    @Test
    void anAppendMadeOnLettucesEventLoopDoesNotOvertakeTheOneBeforeIt() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisLink.client(redis.uri());
            RedisLink nodeB = new RedisLink(client, "node-b", Duration.ofSeconds(5), new AtomicLong());
            RedisLink nodeA = new RedisLink(client, "node-a", Duration.ofSeconds(5), new AtomicLong());
            try (RedisSessions b = new RedisSessions(nodeB, "node-b", WINDOW);
                 RedisSessions a = new RedisSessions(nodeA, "node-a", WINDOW)) {
                SessionLog log = b.open("s-1", "token-1", BOB);
                CountDownLatch durable = new CountDownLatch(3);
                long first = log.append("{\"type\":\"message\",\"id\":\"1-0\"}", "r", "1-0", seq -> durable.countDown());
                assertThat(first).isEqualTo(1);

                // Hold node B's connection's event loop inside a callback of one of its commands: a BLPOP that a
                // second connection releases (so the callback is registered long before the answer comes).
                CountDownLatch onLoop = new CountDownLatch(1);
                CountDownLatch secondMade = new CountDownLatch(1);
                AtomicReference<Thread> loopThread = new AtomicReference<>();
                AtomicReference<Long> third = new AtomicReference<>();
                RedisFuture<?> gate = nodeB.get().async().blpop(10, "gate");
                gate.thenRun(() -> {
                    loopThread.set(Thread.currentThread());
                    onLoop.countDown();
                    try {
                        secondMade.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // On the event loop: the ok of a message, say (no room, no position).
                    third.set(log.append("{\"type\":\"ok\",\"id\":\"c1\",\"messageId\":\"2-0\"}", null, null,
                            seq -> durable.countDown()));
                });
                try (var release = client.connect()) {
                    release.sync().lpush("gate", "go");
                }
                assertThat(onLoop.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(loopThread.get().getName()).as("the callback runs on Lettuce's event loop").startsWith("lettuce-");
                // On another thread (the room reader's, say), while the loop is busy: the message itself.
                long second = log.append("{\"type\":\"message\",\"id\":\"2-0\"}", "r", "2-0", seq -> durable.countDown());
                secondMade.countDown();
                assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(second).isEqualTo(2);
                assertThat(third.get()).isEqualTo(3);

                // Node B dies; its client had events 1 and 2 and resumes on node A.
                SharedSessions.Claim.Claimed claimed = (SharedSessions.Claim.Claimed) a.claim("token-1", BOB);
                assertThat(claimed.wasMine()).isFalse();
                assertThat(claimed.rooms()).isEqualTo(Map.of("r", "2-0"));
                assertThat(replayed(claimed.log(), 2)).containsExactly("3 {\"type\":\"ok\",\"id\":\"c1\",\"messageId\":\"2-0\"}");
                assertThat(replayed(claimed.log(), 0)).containsExactly("1 {\"type\":\"message\",\"id\":\"1-0\"}",
                        "2 {\"type\":\"message\",\"id\":\"2-0\"}", "3 {\"type\":\"ok\",\"id\":\"c1\",\"messageId\":\"2-0\"}");
                RedisCommands<String, String> redisNow = nodeA.get().sync();
                assertThat(redisNow.lrange(Keys.resumeLog(RedisSessions.hash("token-1")), 0, -1))
                        .as("and the log in Redis is in order too").extracting(e -> e.substring(0, e.indexOf('\n')))
                        .containsExactly("1", "2", "3");
            } finally {
                nodeA.close();
                nodeB.close();
                client.shutdown();
            }
        }
    }

    /**
     * A log whose list is out of order (written by a node before this fix, say) is still replayed by the
     * numbers its events carry; one with a number missing is resumable only after the gap.
     */
    @Test
    void aClaimNumbersTheEventsByTheNumbersTheyCarryNotByTheirPlaceInTheList() {
        assertThat(RedisSessions.numbered(List.of())).isNull();

        SessionLog swapped = RedisSessions.numbered(List.of("4\nd", "5\ne", "7\ng", "6\nf", "8\nh"));
        assertThat(swapped.latest()).isEqualTo(8);
        assertThat(replayed(swapped, 6)).containsExactly("7 g", "8 h");
        assertThat(replayed(swapped, 3)).containsExactly("4 d", "5 e", "6 f", "7 g", "8 h");
        assertThat(swapped.after(2)).isInstanceOf(SessionLog.Replay.Lost.class);

        SessionLog gap = RedisSessions.numbered(List.of("1\na", "2\nb", "4\nd", "5\ne"));
        assertThat(gap.latest()).isEqualTo(5);
        assertThat(replayed(gap, 4)).containsExactly("5 e");
        assertThat(replayed(gap, 3)).containsExactly("4 d", "5 e");
        assertThat(gap.after(2)).as("event 3 is missing: it cannot be replayed").isInstanceOf(SessionLog.Replay.Lost.class);
    }

    private static List<String> replayed(SessionLog log, long after) {
        SessionLog.Replay replay = log.after(after);
        assertThat(replay).isInstanceOf(SessionLog.Replay.Events.class);
        List<String> out = new ArrayList<>();
        for (SessionLog.Numbered event : ((SessionLog.Replay.Events) replay).events()) {
            out.add(event.seq() + " " + event.json());
        }
        return out;
    }
}
