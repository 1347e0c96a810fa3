package dev.wslab.chat.rooms;

import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.storage.RoomHistory;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * <h2>Ordering and exactly-once</h2>
 * The rooms live in a {@link RoomBus}: {@link LocalRoomBus} (one lock per room, this process only)
 * or the Redis bus of a cluster (one stream per room, every node). The bus gives each room's events
 * one order and delivers them to the members, each once; read its contract.
 *
 * <h2>Presence costs O(1) per event, scoped to rooms</h2>
 * Connecting and disconnecting announce nothing to anyone. Presence lives in rooms and is per user:
 * when a user's first session enters a room its other members get {@code userJoined}, when the
 * user's last session leaves they get {@code userLeft}, and a joining session gets the room's
 * {@code members} once, in the room's order, so deltas after it are never lost or applied twice. On a
 * cluster "first" and "last" count the user's sessions on every node. Who is online is a request
 * ({@code {"type":"users"}}), answered to the asker alone. So a storm of N connects costs each client
 * only the joins of its own rooms, not N user lists (the seed broadcast the whole list to every session
 * on every connect: O(N²) events, O(N³) bytes).
 *
 * <p>Lock order, to rule out deadlock: a session's lock, then the bus's room locks, then the
 * presence lock; sinks take none of them.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final ProtocolCodec codec;
    private final RoomBus rooms;
    private final Object presenceLock = new Object();
    /** Guarded by {@link #presenceLock}. This node's sessions. */
    private final Set<ChatSession> sessions = new LinkedHashSet<>();

    private final ChatLimits limits;

    /** A chat with the system clock and the default limits, its rooms in this process, without history. */
    public ChatService() {
        this(new ProtocolCodec(), Clock.systemUTC());
    }

    /** A chat whose message timestamps come from {@code clock}, its rooms in this process, without history. */
    public ChatService(ProtocolCodec codec, Clock clock) {
        this(codec, clock, ChatLimits.DEFAULTS);
    }

    /** A chat with these caps on rooms per session and rooms in total, its rooms in this process, without history. */
    public ChatService(ProtocolCodec codec, Clock clock, ChatLimits limits) {
        this(codec, limits, new LocalRoomBus(codec, clock, limits, RoomHistory.NONE, 0));
    }

    /** A chat whose rooms live in {@code rooms} (which must encode with the same {@code codec}). */
    public ChatService(ProtocolCodec codec, ChatLimits limits, RoomBus rooms) {
        this.codec = codec;
        this.limits = limits;
        this.rooms = rooms;
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
        rooms.online(session);
        log.info("{} connected ({} sessions online)", LogSafe.quote(user.name()), online);
        return session;
    }

    /**
     * The names of the users online now, sorted, each once (a user may have several sessions); on a
     * cluster, on every node. The answer to a {@code users} request; O(sessions), so it is asked for,
     * never broadcast.
     *
     * @throws RoomUnavailableException if the cluster's Redis cannot be asked
     */
    public List<String> onlineUsers() {
        List<String> here;
        synchronized (presenceLock) {
            Set<String> names = new TreeSet<>();
            for (ChatSession session : sessions) {
                names.add(session.user().name());
            }
            here = List.copyOf(names);
        }
        return rooms.onlineUsers(here);
    }

    /** How many sessions are connected to this node. */
    public int sessionCount() {
        synchronized (presenceLock) {
            return sessions.size();
        }
    }

    /** The rooms that have at least one member (on a cluster: one member on this node). */
    public Set<String> roomNames() {
        return rooms.roomNames();
    }

    /**
     * The users in a room, each once however many sessions they have there, in the bus's order
     * (arrival order on one node; empty if the room does not exist).
     */
    public List<String> members(String roomName) {
        return rooms.members(roomName);
    }

    /** The bus the rooms live in. */
    RoomBus rooms() {
        return rooms;
    }

    /** Stops the room bus (its threads and connections); the chat is unusable afterwards. */
    public void close() {
        rooms.close();
    }

    /** Takes the session offline; called once per session, before it leaves its rooms. Tells nobody. */
    void goOffline(ChatSession session, String reason) {
        int online;
        synchronized (presenceLock) {
            if (!sessions.remove(session)) {
                return;
            }
            online = sessions.size();
        }
        rooms.offline(session);
        log.info("{} disconnected: {} ({} sessions online)", LogSafe.quote(session.user().name()), LogSafe.quote(reason),
                online);
    }
}
