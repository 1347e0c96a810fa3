package dev.wslab.chat.cluster;

import dev.wslab.chat.rooms.User;
import dev.wslab.chat.session.SessionLog;
import dev.wslab.chat.session.SessionRegistry;
import dev.wslab.chat.session.SharedSessions;
import dev.wslab.chat.session.WindowLog;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable sessions in the cluster's Redis, so a client resumes on any node (see {@link SharedSessions}).
 *
 * <ul>
 *   <li>A session is a hash found by its token's SHA-256 (Redis never holds the token): its id, user, owner
 *       node, and per room the stream position its log has reached.</li>
 *   <li>Its log is a capped list of numbered events. An event is appended (by a script that first checks
 *       that this node still owns the session) <em>before</em> it goes to the client, so every event a
 *       client has seen is in Redis; events its node read from a room but had not logged yet are still
 *       in the room's stream after the logged position, and the new owner reads them from there. So
 *       a resume on another node replays the log after the client's number, then the rooms after their
 *       positions: nothing lost, nothing twice.</li>
 *   <li>Claiming a session sets its owner in one step, so its old node (if alive) can no longer append.</li>
 *   <li>A log's appends reach Redis in the order of their numbers, and a claim numbers the events by the
 *       numbers they carry, not by their place in the list. (Appends used to be sent from whichever thread
 *       delivered the event; one sent from Lettuce's own event loop, such as the {@code ok} of a message the
 *       reader had already handed out, went out ahead of appends other threads had queued there. The list
 *       was then out of order, a claim numbered it by position, and a client resuming on another node got
 *       an event it already had again, under a new number.)</li>
 * </ul>
 * The records expire a while after their last renewal (appends, and the owner's periodic touch), so a
 * session of a node that died without a resume does not stay in Redis.
 */
final class RedisSessions implements SharedSessions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSessions.class);

    private final RedisLink link;
    private final String nodeId;
    private final long ttlMillis;
    /**
     * Sends every log append, one after the other, from one thread that is never Lettuce's event loop:
     * Lettuce writes a command at once when called on the connection's event loop, but queues it behind
     * that loop's pending work when called from any other thread, so appends made from both kinds of
     * thread could reach Redis in another order than their numbers. A session makes its appends in
     * number order (under its lock), so one queue keeps them in that order on the wire too, and their
     * confirmations ({@link SessionLog.Durable}) come back in that order.
     */
    private final ExecutorService appender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "wslab-session-log");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param link   the bus's command link (one connection: appends reach Redis in the order they are made)
     * @param window the resume window: records outlive their last renewal by twice that, plus a minute
     */
    RedisSessions(RedisLink link, String nodeId, Duration window) {
        this.link = link;
        this.nodeId = nodeId;
        this.ttlMillis = window.toMillis() * 2 + 60_000;
    }

    long ttlMillis() {
        return ttlMillis;
    }

    @Override
    public SessionLog open(String sessionId, String token, User user) {
        String hash = hash(token);
        RedisAsyncCommands<String, String> async = link.get().async();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sid", sessionId);
        fields.put("uid", user.id());
        fields.put("user", user.name());
        fields.put("node", nodeId);
        async.hset(Keys.resume(hash), fields);
        async.pexpire(Keys.resume(hash), ttlMillis);
        return new Log(hash, new WindowLog(SessionRegistry.LOG_EVENTS, SessionRegistry.LOG_CHARS));
    }

    @Override
    public Claim claim(String token, User user) {
        String hash = hash(token);
        RedisCommands<String, String> sync = link.get().sync();
        List<Object> answer = sync.eval(Scripts.SESSION_CLAIM, ScriptOutputType.MULTI, new String[] {Keys.resume(hash)},
                user.id(), nodeId);
        String verdict = (String) answer.get(0);
        if (!verdict.equals("ok")) {
            return new Claim.Refused(verdict);
        }
        String previous = (String) answer.get(1);
        String sessionId = null;
        Map<String, String> rooms = new LinkedHashMap<>();
        for (int i = 2; i + 1 < answer.size(); i += 2) {
            String field = (String) answer.get(i);
            String value = (String) answer.get(i + 1);
            if (field.equals("sid")) {
                sessionId = value;
            } else if (field.startsWith("room:")) {
                rooms.put(field.substring("room:".length()), value);
            }
        }
        boolean mine = nodeId.equals(previous);
        WindowLog events = null;
        if (!mine) {
            // The previous owner can no longer append (the claim changed the owner): this is the whole log.
            events = numbered(sync.lrange(Keys.resumeLog(hash), 0, -1));
        }
        if (events == null) {
            events = new WindowLog(SessionRegistry.LOG_EVENTS, SessionRegistry.LOG_CHARS);
        }
        return new Claim.Claimed(sessionId, mine, rooms, new Log(hash, events));
    }

    /**
     * A claimed log's entries ({@code "seq\njson"}) as a log whose events keep the numbers they carry, which
     * are the numbers their client knows: an entry out of place in the list is put back in its place, never
     * renumbered. Only the run of consecutive numbers that ends with the newest is kept (an event missing
     * before it cannot be replayed: a client that needs it is told its events were lost).
     *
     * @return the log, or null for no entries
     */
    static WindowLog numbered(List<String> entries) {
        TreeMap<Long, String> bySeq = new TreeMap<>();
        for (String entry : entries) {
            int nl = entry.indexOf('\n');
            bySeq.putIfAbsent(Long.parseLong(entry.substring(0, nl)), entry.substring(nl + 1));
        }
        if (bySeq.isEmpty()) {
            return null;
        }
        long last = bySeq.lastKey();
        long first = last;
        while (bySeq.containsKey(first - 1)) {
            first--;
        }
        if (first != bySeq.firstKey()) {
            log.warn("a claimed session log misses event {}: it is resumable from event {} on", first - 1, first);
        }
        WindowLog events = new WindowLog(SessionRegistry.LOG_EVENTS, SessionRegistry.LOG_CHARS, first - 1);
        for (long seq = first; seq <= last; seq++) {
            events.append(bySeq.get(seq));
        }
        return events;
    }

    @Override
    public void ended(String token, boolean expired) {
        String hash = hash(token);
        link.get().async().eval(Scripts.SESSION_END, ScriptOutputType.INTEGER,
                new String[] {Keys.resume(hash), Keys.resumeLog(hash)},
                nodeId, expired ? "expired" : "closed", Long.toString(ttlMillis), Keys.SESSION);
    }

    @Override
    public void touch(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        RedisAsyncCommands<String, String> async = link.get().async();
        for (String token : tokens) {
            String hash = hash(token);
            async.pexpire(Keys.resume(hash), ttlMillis);
            async.pexpire(Keys.resumeLog(hash), ttlMillis);
        }
    }

    /** Sends the appends still queued (a client resuming elsewhere needs them), then stops the append thread. */
    @Override
    public void close() {
        appender.shutdown();
        try {
            if (!appender.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
                appender.shutdownNow();
            }
        } catch (InterruptedException e) {
            appender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A session's log: the events in memory (for resumes on this node), each written to Redis before it is sent. */
    private final class Log implements SessionLog {

        private final String hash;
        private final WindowLog events;

        Log(String hash, WindowLog events) {
            this.hash = hash;
            this.events = events;
        }

        @Override
        public long append(String json) {
            return append(json, null, null, seq -> { });
        }

        @Override
        public long append(String json, String room, String position, Durable durable) {
            long seq = events.append(json);
            try {
                appender.execute(() -> send(seq, json, room, position, durable));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                durable.kept(seq);
            }
            return seq;
        }

        /** On the append thread: sends one append (see {@link #appender}). */
        private void send(long seq, String json, String room, String position, Durable durable) {
            try {
                link.get().async().<Long>eval(Scripts.SESSION_APPEND, ScriptOutputType.INTEGER,
                                new String[] {Keys.resume(hash), Keys.resumeLog(hash)}, nodeId, seq + "\n" + json,
                                room == null ? "" : room, position == null ? "" : position,
                                Integer.toString(SessionRegistry.LOG_EVENTS), Long.toString(ttlMillis))
                        .whenComplete((written, error) -> {
                            if (error != null) {
                                // Redis is away: the client still gets its events; only a resume elsewhere would miss them.
                                log.debug("session log append failed: {}", error.getMessage());
                            }
                            durable.kept(seq);
                        });
            } catch (RuntimeException e) {
                durable.kept(seq);
            }
        }

        @Override
        public void left(String room) {
            try {
                link.get().async().hdel(Keys.resume(hash), "room:" + room);
            } catch (RuntimeException e) {
                log.debug("could not record leaving {}: {}", room, e.getMessage());
            }
        }

        @Override
        public long latest() {
            return events.latest();
        }

        @Override
        public Replay after(long seq) {
            return events.after(seq);
        }
    }
}
