package dev.wslab.chat.cluster;

import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.rooms.ChatSession;
import dev.wslab.chat.rooms.RoomBus;
import dev.wslab.chat.rooms.RoomUnavailableException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of a cluster: every node that shares one Redis sees the same rooms. Each room is a Redis
 * Stream; the stream's entry ids are the room's one order, for messages and for joins and leaves alike.
 *
 * <ul>
 *   <li><b>Post</b>: one {@code XADD} to the room's stream. The sender's {@code ok} waits for two
 *       things: Redis confirmed the {@code XADD} (the message is in Redis; it outlives this node) and this
 *       node's reader delivered the entry to the sender (so the sender sees its message before the ok,
 *       as on one node). A failed or unconfirmed {@code XADD} answers {@code error unavailable}.</li>
 *   <li><b>Fan-out</b>: one reader thread per node blocks on {@code XREAD} over the streams of the rooms
 *       that have members on this node, and hands each entry to those members in stream order. Every
 *       node reads the same stream, so every member everywhere sees the same order, each entry once
 *       (a room's read position only moves forward).</li>
 *   <li><b>Join</b>: a Lua script records the session in the room and, for a user's first session there,
 *       appends {@code joined} to the stream, in one step. The joiner's live events start at that entry;
 *       its history is the room's messages before it: no overlap, no gap.</li>
 *   <li><b>Node failure</b>: each node renews a key with a time-to-live; a node that sees another's key
 *       gone runs a script that undoes that node's memberships and appends {@code left} for each user
 *       whose last session it was. The script runs as one step in Redis, so the departures are
 *       announced once, however many survivors notice.</li>
 * </ul>
 */
public final class RedisRoomBus implements RoomBus {

    private static final Logger log = LoggerFactory.getLogger(RedisRoomBus.class);

    /** Entries a room's stream keeps (approximately): room for the history and its joins and leaves. */
    static final long STREAM_CAP = 2_000;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_BLOCK = Duration.ofMillis(1000);
    private static final int READ_BATCH = 512;
    /** An ok whose own entry this node never reads (the sender left at once) is sent anyway after this. */
    private static final long ACK_FALLBACK_NANOS = Duration.ofSeconds(3).toNanos();
    private static final long DELIVERED_MARK_NANOS = Duration.ofSeconds(60).toNanos();

    private final ProtocolCodec codec;
    private final String nodeId;
    private final int historySize;
    private final Duration nodeTimeout;
    private final io.lettuce.core.RedisClient client;
    private final RedisLink commands;
    private final RedisLink reader;
    private final ClusterStats stats;
    private final ConcurrentHashMap<String, FollowedRoom> rooms = new ConcurrentHashMap<>();
    /**
     * "room\nmessage id" (ids are per stream: two rooms can both have an entry 1733400000000-0) -> the
     * sender's pending ok, or the mark that the entry was already delivered.
     */
    private final ConcurrentHashMap<String, Object> acks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Membership> leavesToRetry = new ConcurrentLinkedQueue<>();
    /** User name -> this node's sessions of that user; what Redis's online hash of this node should hold. */
    private final ConcurrentHashMap<String, Integer> online = new ConcurrentHashMap<>();
    private volatile boolean onlineStale;
    private final ScheduledExecutorService heartbeat;
    private final Thread readerThread;
    private volatile boolean running = true;
    /** Set once a stopping node handed a session over ({@link #handOver}): close() then reaps nothing. */
    private volatile boolean handedOver;
    private String wakePosition = StreamIds.ZERO;
    /** How long a resumable session's sent ids are kept after its last message (see {@link #sharedSessions}). */
    private volatile long sessionKeysTtlMillis = Duration.ofMinutes(5).toMillis();
    /** The resumable sessions' store on this bus's connection, if {@link #sharedSessions} made one. */
    private volatile RedisSessions sharedSessions;

    /**
     * Connects to Redis and starts this node's reader and heartbeat.
     *
     * @param redisUri    {@code redis://host:port}
     * @param nodeTimeout a node silent for this long is declared dead and its users leave their rooms
     * @throws ClusterUnavailableException if Redis cannot be reached now
     */
    public RedisRoomBus(ProtocolCodec codec, String redisUri, String nodeId, int historySize, Duration nodeTimeout,
                        ClusterStats stats) {
        this.codec = codec;
        this.nodeId = nodeId;
        this.historySize = historySize;
        this.nodeTimeout = nodeTimeout;
        this.stats = stats;
        this.client = RedisLink.client(redisUri);
        this.commands = new RedisLink(client, "commands", COMMAND_TIMEOUT, stats.roundTrips());
        this.reader = new RedisLink(client, "reader", READ_BLOCK.plus(COMMAND_TIMEOUT), stats.roundTrips());
        try {
            RedisCommands<String, String> sync = commands.get().sync();
            sync.del(Keys.nodeWake(nodeId), Keys.nodeOnline(nodeId));
            beat(sync);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e instanceof ClusterUnavailableException u ? u
                    : new ClusterUnavailableException("Redis at " + redisUri + " did not answer: " + e.getMessage(), e);
        }
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "wslab-cluster-heartbeat"));
        long every = Math.max(100, nodeTimeout.toMillis() / 6);
        heartbeat.scheduleWithFixedDelay(this::heartbeatSafely, every, every, TimeUnit.MILLISECONDS);
        this.readerThread = daemon(this::readLoop, "wslab-cluster-reader");
        readerThread.start();
        log.info("cluster node {} on {} (node timeout {} s)", nodeId, redisUri, nodeTimeout.toSeconds());
    }

    /** This node's id in Redis. */
    public String nodeId() {
        return nodeId;
    }

    // ---- joining and leaving ----

    @Override
    public boolean enter(String roomName, ChatSession session) {
        // The room cap (ChatLimits.maxRooms) is per node; a cluster-wide cap is not enforced yet.
        while (true) {
            FollowedRoom room = rooms.computeIfAbsent(roomName, FollowedRoom::new);
            synchronized (room) {
                if (room.retired) {
                    continue; // emptied and removed between our lookup and our lock: look again
                }
                Membership membership = new Membership(roomName, session.id(), session.user().name());
                boolean recorded = false;
                try {
                    RedisCommands<String, String> sync = commands.get().sync();
                    List<Object> joined = sync.eval(Scripts.JOIN, ScriptOutputType.MULTI, membership.keys(nodeId),
                            session.id(), session.user().name(), roomName, Long.toString(STREAM_CAP));
                    recorded = true;
                    // Live events for this session: everything after 'after'. When the user is new here,
                    // 'after' is their own 'joined' entry, which goes to the others only (the joiner has
                    // 'members'); the members are Redis's snapshot at exactly that entry.
                    String after = (String) joined.get(0);
                    List<String> users = new ArrayList<>(joined.size() - 1);
                    for (Object user : joined.subList(1, joined.size())) {
                        users.add((String) user);
                    }
                    session.deliver(codec.encode(new ServerEvent.Members(roomName, users)).at(after));
                    if (historySize > 0) {
                        List<ServerEvent.Message> earlier = history(sync, roomName, after);
                        if (!earlier.isEmpty()) {
                            session.deliver(codec.encode(new ServerEvent.History(roomName, earlier)).at(after));
                        }
                    }
                    Member member = new Member(session, after);
                    if (room.position == null) {
                        room.position = after; // the first member here: the reader follows the room from now on
                        wakeReader();
                    } else if (StreamIds.compare(room.position, after) > 0) {
                        // The reader is already past the join: hand this session what it missed in between.
                        List<StreamMessage<String, String>> missed = sync.xrange(Keys.room(roomName),
                                Range.from(Range.Boundary.excluding(after), Range.Boundary.including(room.position)));
                        for (StreamMessage<String, String> entry : missed) {
                            member.deliver(entry.getId(), toEvent(roomName, entry));
                        }
                    }
                    room.members.add(member);
                    return true;
                } catch (RuntimeException e) {
                    if (recorded) {
                        leavesToRetry.add(membership); // recorded in Redis but not here: undo it
                    }
                    if (room.members.isEmpty()) {
                        room.retired = true;
                        rooms.remove(roomName, room);
                    }
                    throw new RoomUnavailableException("could not join '" + roomName + "': Redis is unreachable", e);
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The membership is recorded as on {@link #enter} (the user is announced only if the cluster had
     * counted them out of the room meanwhile: their old node was declared dead first); the session then
     * gets the stream's entries after {@code position} and follows the room live. If the stream was
     * trimmed past {@code position} (more than {@link #STREAM_CAP} entries ago), the oldest kept follow.
     */
    @Override
    public void reenter(String roomName, ChatSession session, String position) {
        while (true) {
            FollowedRoom room = rooms.computeIfAbsent(roomName, FollowedRoom::new);
            synchronized (room) {
                if (room.retired) {
                    continue;
                }
                Membership membership = new Membership(roomName, session.id(), session.user().name());
                boolean recorded = false;
                try {
                    RedisCommands<String, String> sync = commands.get().sync();
                    List<Object> joined = sync.eval(Scripts.JOIN, ScriptOutputType.MULTI, membership.keys(nodeId),
                            session.id(), session.user().name(), roomName, Long.toString(STREAM_CAP));
                    recorded = true;
                    String after = (String) joined.get(0);
                    List<StreamMessage<String, String>> missed;
                    if (room.position == null) {
                        missed = sync.xrange(Keys.room(roomName),
                                Range.from(Range.Boundary.excluding(position), Range.Boundary.unbounded()));
                        String last = missed.isEmpty() ? position : missed.get(missed.size() - 1).getId();
                        room.position = StreamIds.compare(last, after) >= 0 ? last : after;
                        wakeReader();
                    } else if (StreamIds.compare(room.position, position) > 0) {
                        missed = sync.xrange(Keys.room(roomName),
                                Range.from(Range.Boundary.excluding(position), Range.Boundary.including(room.position)));
                    } else {
                        missed = List.of();
                    }
                    // Its log has the room up to 'position': the member never gets an entry at or before it.
                    Member member = new Member(session, position);
                    for (StreamMessage<String, String> entry : missed) {
                        member.deliver(entry.getId(), toEvent(roomName, entry));
                    }
                    room.members.add(member);
                    return;
                } catch (RuntimeException e) {
                    if (recorded) {
                        leavesToRetry.add(membership);
                    }
                    if (room.members.isEmpty()) {
                        room.retired = true;
                        rooms.remove(roomName, room);
                    }
                    throw new RoomUnavailableException("could not enter '" + roomName + "' again: Redis is unreachable", e);
                }
            }
        }
    }

    /**
     * Resumable sessions in this cluster's Redis, so that they resume on any node (on this bus's command
     * connection, so that a session's log appends and its messages reach Redis in the order they are made).
     */
    public dev.wslab.chat.session.SharedSessions sharedSessions(Duration resumeWindow) {
        RedisSessions sessions = new RedisSessions(commands, nodeId, resumeWindow);
        sessionKeysTtlMillis = sessions.ttlMillis();
        sharedSessions = sessions;
        return sessions;
    }

    @Override
    public void leave(String roomName, ChatSession session) {
        stopFollowing(roomName, session);
        Membership membership = new Membership(roomName, session.id(), session.user().name());
        if (!runLeave(membership)) {
            // Redis is down: the departure is announced when it is back (the heartbeat retries it).
            leavesToRetry.add(membership);
        }
    }

    @Override
    public void handOver(String roomName, ChatSession session) {
        stopFollowing(roomName, session);
        // The membership stays in Redis under this node; so must the node's records, for the other nodes
        // to reap after the node timeout (close() says no goodbye once a session was handed over).
        handedOver = true;
    }

    private void stopFollowing(String roomName, ChatSession session) {
        FollowedRoom room = rooms.get(roomName);
        if (room != null) {
            synchronized (room) {
                room.members.removeIf(m -> m.session == session);
                if (room.members.isEmpty() && !room.retired) {
                    room.retired = true;
                    rooms.remove(roomName, room);
                }
            }
        }
    }

    private boolean runLeave(Membership m) {
        try {
            commands.get().sync().eval(Scripts.LEAVE, ScriptOutputType.VALUE, m.keys(nodeId),
                    m.sessionId(), m.user(), m.room(), Long.toString(STREAM_CAP));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- posting ----

    @Override
    public void post(String roomName, ChatSession session, String text, Consumer<ServerEvent.Message> done) {
        post(roomName, session, text, null, (message, duplicate) -> done.accept(message));
    }

    /**
     * {@inheritDoc}
     *
     * <p>In a resumable session a message with a client id is posted by a script that records the id
     * with the message in one step ({@code wslab:session:<id>:sent}): a resend, on this node or on the
     * one the session moved to, is answered {@code duplicate} at once.
     */
    @Override
    public void post(String roomName, ChatSession session, String text, String clientId,
                     BiConsumer<ServerEvent.Message, Boolean> done) {
        Sender sender = new Sender(session.user().id(), session.user().name());
        String scope = session.resumeScope();
        java.util.concurrent.CompletionStage<List<String>> added;
        try {
            if (scope != null && clientId != null) {
                added = commands.get().async().<List<Object>>eval(Scripts.POST_ONCE, ScriptOutputType.MULTI,
                        new String[] {Keys.room(roomName), Keys.sessionSent(scope)}, clientId, Long.toString(STREAM_CAP),
                        Long.toString(sessionKeysTtlMillis), sender.userId(), sender.userName(), text, nodeId)
                        .thenApply(answer -> List.of((String) answer.get(0), (String) answer.get(1)));
            } else {
                added = commands.get().async().xadd(Keys.room(roomName), new XAddArgs().maxlen(STREAM_CAP).approximateTrimming(),
                        Map.of("kind", "message", "uid", sender.userId(), "user", sender.userName(), "text", text, "node", nodeId))
                        .thenApply(id -> List.of(id, "0"));
            }
        } catch (RuntimeException e) {
            stats.unavailable().incrementAndGet();
            done.accept(null, Boolean.FALSE);
            return;
        }
        added.whenComplete((answer, error) -> {
            if (error != null) {
                // Not confirmed: the sender is told; if Redis did store it after all, members still get it.
                stats.unavailable().incrementAndGet();
                done.accept(null, Boolean.FALSE);
                return;
            }
            String id = answer.get(0);
            ServerEvent.Message message = new ServerEvent.Message(id, roomName, sender, text, StreamIds.millis(id));
            if (answer.get(1).equals("1")) {
                done.accept(message, Boolean.TRUE); // posted before (its copy went out then): nothing to wait for
                return;
            }
            acks.compute(roomName + "\n" + id, (key, mark) -> {
                if (mark instanceof Delivered) {
                    done.accept(message, Boolean.FALSE);
                    return null;
                }
                return new PendingAck(m -> done.accept(m, Boolean.FALSE), message, System.nanoTime());
            });
        });
    }

    /** The reader delivered one of this node's own messages: its sender may now have the ok. */
    private void delivered(ServerEvent.Message message) {
        acks.compute(message.room() + "\n" + message.id(), (key, pending) -> {
            if (pending instanceof PendingAck ack) {
                ack.done().accept(message);
                return null;
            }
            return new Delivered(System.nanoTime());
        });
    }

    // ---- the reader ----

    private void readLoop() {
        while (running) {
            try {
                List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>();
                offsets.add(XReadArgs.StreamOffset.from(Keys.nodeWake(nodeId), wakePosition));
                for (FollowedRoom room : rooms.values()) {
                    String position;
                    synchronized (room) {
                        position = room.position;
                    }
                    if (position != null) {
                        offsets.add(XReadArgs.StreamOffset.from(Keys.room(room.name), position));
                    }
                }
                @SuppressWarnings("unchecked")
                XReadArgs.StreamOffset<String>[] array = offsets.toArray(new XReadArgs.StreamOffset[0]);
                List<StreamMessage<String, String>> entries = reader.get().sync()
                        .xread(XReadArgs.Builder.block(READ_BLOCK).count(READ_BATCH), array);
                for (StreamMessage<String, String> entry : entries) {
                    handOut(entry);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.debug("reader: {}", e.getMessage());
                sleepQuietly(200); // Redis is away; the positions are kept, nothing is skipped when it is back
            }
        }
    }

    private void handOut(StreamMessage<String, String> entry) {
        String stream = entry.getStream();
        if (!stream.startsWith(Keys.ROOM)) {
            wakePosition = entry.getId(); // a nudge: the loop reads the new room's stream next time round
            return;
        }
        FollowedRoom room = rooms.get(stream.substring(Keys.ROOM.length()));
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.retired || room.position == null || StreamIds.compare(entry.getId(), room.position) <= 0) {
                return; // already handed out (or the room was left meanwhile)
            }
            room.position = entry.getId();
            EncodedEvent event = toEvent(room.name, entry);
            if (event == null) {
                return;
            }
            for (Member member : room.members) {
                member.deliver(entry.getId(), event);
            }
            stats.entriesHandedOut().incrementAndGet();
            if (event.event() instanceof ServerEvent.Message message && nodeId.equals(entry.getBody().get("node"))) {
                delivered(message);
            }
        }
    }

    /** The event a stream entry stands for, or {@code null} for an entry of a kind this node does not know. */
    private EncodedEvent toEvent(String room, StreamMessage<String, String> entry) {
        Map<String, String> body = entry.getBody();
        String kind = body.getOrDefault("kind", "");
        String user = body.getOrDefault("user", "?");
        switch (kind) {
            case "message":
                return codec.encode(new ServerEvent.Message(entry.getId(), room, new Sender(body.get("uid"), user),
                        body.getOrDefault("text", ""), StreamIds.millis(entry.getId()))).at(entry.getId());
            case "joined":
                return codec.encode(new ServerEvent.UserJoined(room, user)).at(entry.getId());
            case "left":
                return codec.encode(new ServerEvent.UserLeft(room, user)).at(entry.getId());
            default:
                return null;
        }
    }

    /** The room's latest messages up to and including {@code upTo}, oldest first. */
    private List<ServerEvent.Message> history(RedisCommands<String, String> sync, String room, String upTo) {
        List<ServerEvent.Message> newestFirst = new ArrayList<>();
        Range.Boundary<String> end = Range.Boundary.including(upTo);
        while (newestFirst.size() < historySize) {
            List<StreamMessage<String, String>> page = sync.xrevrange(Keys.room(room),
                    Range.from(Range.Boundary.unbounded(), end), Limit.from(200));
            for (StreamMessage<String, String> entry : page) {
                EncodedEvent event = toEvent(room, entry);
                if (event != null && event.event() instanceof ServerEvent.Message message && newestFirst.size() < historySize) {
                    newestFirst.add(message);
                }
            }
            if (page.size() < 200) {
                break; // the start of the stream
            }
            end = Range.Boundary.excluding(page.get(page.size() - 1).getId());
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private void wakeReader() {
        try {
            commands.get().async().xadd(Keys.nodeWake(nodeId), new XAddArgs().maxlen(16).approximateTrimming(), "room", "1");
        } catch (RuntimeException e) {
            // The reader finds the room at its next read anyway, within READ_BLOCK.
        }
    }

    // ---- presence across nodes ----

    private void heartbeatSafely() {
        try {
            RedisCommands<String, String> sync = commands.get().sync();
            if (sync.exists(Keys.nodeReaped(nodeId)) == 1) {
                // Others declared us dead (we could not reach Redis for longer than the node timeout) and
                // announced our users' departure. They are still connected here: record them again.
                log.warn("this node was declared dead by the cluster (no heartbeat for {} s); its users join their rooms again",
                        nodeTimeout.toSeconds());
                sync.del(Keys.nodeReaped(nodeId));
                beat(sync);
                rejoinAll(sync);
                writeOnline(sync);
            }
            if (onlineStale) {
                writeOnline(sync);
            }
            beat(sync);
            for (Membership m; (m = leavesToRetry.peek()) != null && runLeave(m); ) {
                leavesToRetry.poll();
            }
            for (String other : sync.smembers(Keys.NODES)) {
                if (!other.equals(nodeId) && sync.exists(Keys.nodeAlive(other)) == 0) {
                    reap(sync, other);
                }
            }
            sweepAcks();
        } catch (RuntimeException e) {
            log.debug("heartbeat: {}", e.getMessage());
            sweepAcks();
        }
    }

    private void beat(RedisCommands<String, String> sync) {
        // The key lives two thirds of the timeout and is renewed every sixth: a dead node is noticed
        // (expiry plus at most one check interval) within the node timeout.
        sync.set(Keys.nodeAlive(nodeId), "1", SetArgs.Builder.px(Math.max(300, nodeTimeout.toMillis() * 2 / 3)));
        sync.sadd(Keys.NODES, nodeId);
    }

    private void reap(RedisCommands<String, String> sync, String node) {
        Long announced = sync.eval(Scripts.REAP, ScriptOutputType.INTEGER,
                new String[] {Keys.nodeAlive(node), Keys.nodeSessions(node), Keys.NODES, Keys.nodeReaped(node),
                        Keys.nodeOnline(node)},
                node, Long.toString(STREAM_CAP), Keys.ROOM);
        if (announced != null && announced >= 0) {
            log.info("node {} stopped renewing its heartbeat: declared dead, {} departure(s) announced", node, announced);
        }
    }

    private void rejoinAll(RedisCommands<String, String> sync) {
        for (FollowedRoom room : rooms.values()) {
            synchronized (room) {
                for (Member member : room.members) {
                    Membership m = new Membership(room.name, member.session.id(), member.session.user().name());
                    sync.eval(Scripts.JOIN, ScriptOutputType.MULTI, m.keys(nodeId), m.sessionId(), m.user(), m.room(),
                            Long.toString(STREAM_CAP));
                }
            }
        }
    }

    private void sweepAcks() {
        long now = System.nanoTime();
        acks.forEach((id, mark) -> {
            if (mark instanceof PendingAck ack && now - ack.since() > ACK_FALLBACK_NANOS) {
                // In Redis for good, but this node never read it back (the sender left the room at once).
                acks.computeIfPresent(id, (key, still) -> {
                    ack.done().accept(ack.message());
                    return null;
                });
            } else if (mark instanceof Delivered d && now - d.since() > DELIVERED_MARK_NANOS) {
                acks.remove(id, mark); // its XADD never confirmed (the sender got 'unavailable')
            }
        });
    }

    // ---- queries ----

    @Override
    public List<String> members(String roomName) {
        try {
            List<String> names = new ArrayList<>(commands.get().sync().hkeys(Keys.roomUsers(roomName)));
            Collections.sort(names);
            return names;
        } catch (RuntimeException e) {
            throw new RoomUnavailableException("Redis is unreachable", e);
        }
    }

    @Override
    public Set<String> roomNames() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public void online(ChatSession session) {
        String user = session.user().name();
        online.merge(user, 1, Integer::sum);
        try {
            commands.get().async().hincrby(Keys.nodeOnline(nodeId), user, 1)
                    .whenComplete((count, error) -> onlineFailed(error));
        } catch (RuntimeException e) {
            onlineFailed(e);
        }
    }

    @Override
    public void offline(ChatSession session) {
        String user = session.user().name();
        online.computeIfPresent(user, (name, count) -> count > 1 ? count - 1 : null);
        try {
            commands.get().async().<Long>eval(Scripts.OFFLINE, ScriptOutputType.INTEGER, new String[] {Keys.nodeOnline(nodeId)}, user)
                    .whenComplete((ignored, error) -> onlineFailed(error));
        } catch (RuntimeException e) {
            onlineFailed(e);
        }
    }

    /** A lost update of this node's online hash: the heartbeat writes the whole hash anew. */
    private void onlineFailed(Throwable error) {
        if (error != null) {
            onlineStale = true;
        }
    }

    @Override
    public List<String> onlineUsers(List<String> here) {
        List<Object> everywhere;
        try {
            everywhere = commands.get().sync().eval(Scripts.ONLINE_USERS, ScriptOutputType.MULTI,
                    new String[] {Keys.NODES}, Keys.NODE);
        } catch (RuntimeException e) {
            throw new RoomUnavailableException("could not ask the other nodes who is online: Redis is unreachable", e);
        }
        TreeSet<String> names = new TreeSet<>(here);
        for (Object name : everywhere) {
            names.add((String) name);
        }
        return List.copyOf(names);
    }

    private void writeOnline(RedisCommands<String, String> sync) {
        onlineStale = false;
        List<String> pairs = new ArrayList<>();
        online.forEach((user, count) -> {
            pairs.add(user);
            pairs.add(Integer.toString(count));
        });
        try {
            sync.eval(Scripts.REPLACE_ONLINE, ScriptOutputType.INTEGER, new String[] {Keys.nodeOnline(nodeId)},
                    pairs.toArray(new String[0]));
        } catch (RuntimeException e) {
            onlineStale = true;
            throw e;
        }
    }

    /**
     * Stops this node: its remaining memberships are undone at once (announced as departures, as a
     * surviving node would after the timeout), then the reader, the heartbeat and the connections stop.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        heartbeat.shutdownNow();
        if (handedOver) {
            // Sessions were handed to the other nodes (a rolling restart): reaping our memberships now would
            // announce their users' departure while their clients are resuming elsewhere. The other nodes
            // reap what is left after the node timeout, as for a node that died.
            log.info("sessions were handed over to the other nodes; they reap this node's records after the node timeout");
        } else {
            try {
                RedisCommands<String, String> sync = commands.get().sync();
                sync.del(Keys.nodeAlive(nodeId));
                reap(sync, nodeId);
                sync.del(Keys.nodeReaped(nodeId), Keys.nodeWake(nodeId));
            } catch (RuntimeException e) {
                log.info("could not say goodbye to Redis ({}); the other nodes will after the node timeout", e.getMessage());
            }
        }
        try {
            readerThread.join(READ_BLOCK.toMillis() + COMMAND_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RedisSessions sessions = sharedSessions;
        if (sessions != null) {
            sessions.close();
        }
        commands.close();
        reader.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    // ---- small types ----

    /** A room with members on this node, and how far this node has read its stream. */
    private static final class FollowedRoom {
        final String name;
        /** Guarded by {@code this}: the last entry handed out; {@code null} until the first member joins. */
        String position;
        final List<Member> members = new ArrayList<>();
        boolean retired;

        FollowedRoom(String name) {
            this.name = name;
        }
    }

    /**
     * A local member and the last entry of the room it was given (or, before the first, the position its
     * live events follow). Every entry goes to a member through {@link #deliver}, which gives it only entries
     * after that one: each entry at most once and in stream order, whichever path (the join's catch-up, a
     * resume's replay, the reader) hands it out. Guarded by its room's lock.
     */
    private static final class Member {
        final ChatSession session;
        private String last;

        Member(ChatSession session, String after) {
            this.session = session;
            this.last = after;
        }

        /** Hands entry {@code id} ({@code event}, or null for a kind this node does not show) to the member, unless it had it. */
        void deliver(String id, EncodedEvent event) {
            if (StreamIds.compare(id, last) <= 0) {
                return;
            }
            last = id;
            if (event != null) {
                session.deliver(event);
            }
        }
    }

    private record Membership(String room, String sessionId, String user) {
        String[] keys(String node) {
            return new String[] {Keys.room(room), Keys.roomSessions(room), Keys.roomUsers(room), Keys.nodeSessions(node)};
        }
    }

    private record PendingAck(Consumer<ServerEvent.Message> done, ServerEvent.Message message, long since) {}

    private record Delivered(long since) {}

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
