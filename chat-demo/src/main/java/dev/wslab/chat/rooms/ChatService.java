package dev.wslab.chat.rooms;

import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.storage.RoomHistory;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat application: rooms, who is in them, and who is online. It knows nothing of sockets,
 * frames or HTTP; a transport plugs in with three calls.
 *
 * <h2>How a transport uses it</h2>
 * <pre>{@code
 * ChatSession session = chat.connect(user, sink);   // after authentication; tells nobody
 * EncodedEvent reply = session.handleText(text);     // for each text the client sends; send the reply back
 * session.disconnect("connection reset");            // on any end of the connection, as often as you like
 * }</pre>
 * The {@link EventSink} is the transport's bounded, non-blocking queue towards the client (read its
 * contract). The WebSocket transport ({@code transport.undertow}) and the HTTP polling transport
 * share this one application, so a WebSocket user and a polling user in one room see each other.
 *
 * <h2>Ordering and exactly-once, simply</h2>
 * Each room has a lock. Joining, leaving and posting take it, assign the message its id and time,
 * and call every member's sink while holding it. Because sinks only enqueue, the lock is held for
 * microseconds, and because every member's queue receives the room's events in lock order, every
 * member sees the same sequence, each event once. Rooms do not share a lock, so busy rooms do not
 * wait for each other. (A single-threaded executor per room would give the same guarantee with an
 * extra hop per message; a lock is the smallest thing that works.)
 *
 * <h2>Presence costs O(1) per event, scoped to rooms</h2>
 * Connecting and disconnecting announce nothing to anyone. Presence lives in rooms and is per user:
 * when a user's first session enters a room its other members get {@code userJoined}, when the
 * user's last session leaves they get {@code userLeft}, and a joining session gets the room's
 * {@code members} once, under the same lock, so deltas after it are never lost or applied twice.
 * Who is online globally is a request ({@code {"type":"users"}}), answered to the asker alone. So
 * a storm of N connects costs each client only the joins of its own rooms, not N user lists (the
 * seed broadcast the whole list to every session on every connect: O(N²) events, O(N³) bytes).
 *
 * <p>Lock order, to rule out deadlock: a session's lock, then one room lock at a time, then the
 * presence lock; sinks take none of them.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final ProtocolCodec codec;
    private final Clock clock;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicLong messageIds;
    private final RoomHistory history;
    private final int historySize;
    private final Object presenceLock = new Object();
    /** Guarded by {@link #presenceLock}. */
    private final Set<ChatSession> sessions = new LinkedHashSet<>();

    private final ChatLimits limits;
    /** Rooms that exist now; never above {@link ChatLimits#maxRooms()}. */
    private final AtomicInteger roomCount = new AtomicInteger();

    /** A chat with the system clock and the default limits. */
    public ChatService() {
        this(new ProtocolCodec(), Clock.systemUTC());
    }

    /** A chat whose message timestamps come from {@code clock}, with the default limits, without history. */
    public ChatService(ProtocolCodec codec, Clock clock) {
        this(codec, clock, ChatLimits.DEFAULTS);
    }

    /** A chat with these caps on rooms per session and rooms in total, without history. */
    public ChatService(ProtocolCodec codec, Clock clock, ChatLimits limits) {
        this(codec, clock, limits, RoomHistory.NONE, 0);
    }

    /**
     * A chat with these caps that keeps each accepted message in {@code history} and sends a joiner
     * the room's last {@code historySize} messages (none when 0).
     */
    public ChatService(ProtocolCodec codec, Clock clock, ChatLimits limits, RoomHistory history, int historySize) {
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must be at least 0");
        }
        this.codec = codec;
        this.clock = clock;
        this.limits = limits;
        this.history = history;
        this.historySize = historySize;
        // Ids continue after the stored ones, so a restarted server never reuses an id in its history.
        this.messageIds = new AtomicLong(history.lastMessageNumber());
    }

    /** The caps this chat applies. */
    public ChatLimits limits() {
        return limits;
    }

    /** The codec this chat uses to encode its events (share it to decode the same way). */
    public ProtocolCodec codec() {
        return codec;
    }

    /**
     * Brings an authenticated user online. The returned session is connected until its first
     * {@link ChatSession#disconnect}. Nobody is told: presence is announced in rooms, on join.
     */
    public ChatSession connect(User user, EventSink sink) {
        ChatSession session = new ChatSession(this, user, sink);
        int online;
        synchronized (presenceLock) {
            sessions.add(session);
            online = sessions.size();
        }
        log.info("{} connected ({} sessions online)", LogSafe.quote(user.name()), online);
        return session;
    }

    /**
     * The names of the users online now, sorted, each once (a user may have several sessions). The
     * answer to a {@code users} request; O(sessions), so it is asked for, never broadcast.
     */
    public List<String> onlineUsers() {
        synchronized (presenceLock) {
            return userNames();
        }
    }

    /** How many sessions are connected. */
    public int sessionCount() {
        synchronized (presenceLock) {
            return sessions.size();
        }
    }

    /** The rooms that have at least one member. */
    public Set<String> roomNames() {
        return Set.copyOf(rooms.keySet());
    }

    /**
     * The users in a room, each once however many sessions they have there, in the order they
     * arrived (empty if the room does not exist).
     */
    public List<String> members(String roomName) {
        Room room = rooms.get(roomName);
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            return room.userNames();
        }
    }

    // ---- called by ChatSession with the session's lock held ----

    /**
     * Adds the session to the room (creating it). The session gets the room's {@code members}; if
     * its user was not here yet, the room's other sessions get {@code userJoined}.
     *
     * @return false (and nothing changes) when the room does not exist and the server already has
     *         {@link ChatLimits#maxRooms()} rooms
     */
    boolean enter(String roomName, ChatSession session) {
        while (true) {
            Room room = rooms.computeIfAbsent(roomName, this::createRoomWithinCap);
            if (room == null) {
                return false;
            }
            synchronized (room) {
                if (room.retired) {
                    continue; // emptied and removed between our lookup and our lock: look again
                }
                boolean arrived = room.addSession(session);
                deliverSafely(session, codec.encode(new ServerEvent.Members(roomName, room.userNames())));
                if (historySize > 0) {
                    // Read under the room lock: no message can be accepted between this read and the
                    // newcomer's membership, so history and live traffic neither overlap nor leave a gap.
                    List<ServerEvent.Message> earlier = history.recent(roomName, historySize);
                    if (!earlier.isEmpty()) {
                        deliverSafely(session, codec.encode(new ServerEvent.History(roomName, earlier)));
                    }
                }
                if (arrived) {
                    broadcastExcept(room, session, new ServerEvent.UserJoined(roomName, session.user().name()));
                }
                return true;
            }
        }
    }

    /** Runs inside computeIfAbsent, so the count and the map change together; null leaves no mapping. */
    private Room createRoomWithinCap(String roomName) {
        if (roomCount.incrementAndGet() > limits.maxRooms()) {
            roomCount.decrementAndGet();
            return null;
        }
        return new Room(roomName);
    }

    /**
     * Removes the session from the room; if it was its user's last session here, the sessions that
     * remain get {@code userLeft}.
     */
    void leave(String roomName, ChatSession session) {
        Room room = rooms.get(roomName);
        if (room == null) {
            return;
        }
        synchronized (room) {
            boolean wasHere = room.members.contains(session);
            if (!wasHere) {
                return;
            }
            if (room.removeSession(session)) {
                broadcast(room, new ServerEvent.UserLeft(roomName, session.user().name()));
            }
            if (room.members.isEmpty()) {
                room.retired = true;
                if (rooms.remove(roomName, room)) {
                    roomCount.decrementAndGet();
                }
            }
        }
    }

    /** Accepts a message: gives it the next id and time and delivers it to every member. */
    ServerEvent.Message post(String roomName, ChatSession session, String text) {
        Room room = rooms.get(roomName);
        if (room == null) {
            return null;
        }
        synchronized (room) {
            if (!room.members.contains(session)) {
                return null;
            }
            // Id and time are taken under the room lock, so within a room they grow in delivery order.
            ServerEvent.Message message = new ServerEvent.Message(
                    Long.toString(messageIds.incrementAndGet()),
                    roomName,
                    new Sender(session.user().id(), session.user().name()),
                    text,
                    clock.millis());
            history.append(message); // throws when storage fails: then nobody got the message, the sender gets an error
            broadcast(room, message);
            return message;
        }
    }

    /** Takes the session offline; called once per session, after it left its rooms. Tells nobody. */
    void goOffline(ChatSession session, String reason) {
        int online;
        synchronized (presenceLock) {
            if (!sessions.remove(session)) {
                return;
            }
            online = sessions.size();
        }
        log.info("{} disconnected: {} ({} sessions online)", LogSafe.quote(session.user().name()), LogSafe.quote(reason),
                online);
    }

    // ---- broadcasting ----

    /** Caller holds the room's lock. */
    private void broadcast(Room room, ServerEvent event) {
        EncodedEvent encoded = codec.encode(event);
        for (ChatSession member : room.members) {
            deliverSafely(member, encoded);
        }
    }

    /** Caller holds the room's lock. */
    private void broadcastExcept(Room room, ChatSession excluded, ServerEvent event) {
        EncodedEvent encoded = codec.encode(event);
        for (ChatSession member : room.members) {
            if (member != excluded) {
                deliverSafely(member, encoded);
            }
        }
    }

    /** Caller holds the presence lock. */
    private List<String> userNames() {
        Set<String> names = new TreeSet<>();
        for (ChatSession session : sessions) {
            names.add(session.user().name());
        }
        return List.copyOf(names);
    }

    private static void deliverSafely(ChatSession session, EncodedEvent event) {
        try {
            session.sink().deliver(event);
        } catch (RuntimeException e) {
            // One broken sink must not cost the other members their copy of the event.
            log.warn("sink of {} failed; the other members still get the event", session.user().name(), e);
        }
    }
}
