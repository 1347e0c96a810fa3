package dev.wslab.chat.rooms;

import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.storage.RoomHistory;
import dev.wslab.chat.storage.StorageException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one process. Each room has a lock; joining, leaving and posting take it, assign the
 * message its id and time, store it in the history and call every member's sink while holding it.
 * Because sinks only enqueue, the lock is held for microseconds, and because every member's queue
 * receives the room's events in lock order, every member sees the same sequence, each event once.
 * Rooms do not share a lock, so busy rooms do not wait for each other. (A single-threaded executor per
 * room would give the same guarantee with an extra hop per message; a lock is the smallest thing that
 * works.)
 */
public final class LocalRoomBus implements RoomBus {

    private static final Logger log = LoggerFactory.getLogger(LocalRoomBus.class);

    private final ProtocolCodec codec;
    private final Clock clock;
    private final RoomHistory history;
    private final int historySize;
    private final ChatLimits limits;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Rooms that exist now; never above {@link ChatLimits#maxRooms()}. */
    private final AtomicInteger roomCount = new AtomicInteger();
    private final AtomicLong messageIds;

    /**
     * Rooms that keep each accepted message in {@code history} and send a joiner the room's last
     * {@code historySize} messages (none when 0).
     */
    public LocalRoomBus(ProtocolCodec codec, Clock clock, ChatLimits limits, RoomHistory history, int historySize) {
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

    @Override
    public boolean enter(String roomName, ChatSession session) {
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
                session.deliver(codec.encode(new ServerEvent.Members(roomName, room.userNames())));
                if (historySize > 0) {
                    // Read under the room lock: no message can be accepted between this read and the
                    // newcomer's membership, so history and live traffic neither overlap nor leave a gap.
                    List<ServerEvent.Message> earlier = history.recent(roomName, historySize);
                    if (!earlier.isEmpty()) {
                        session.deliver(codec.encode(new ServerEvent.History(roomName, earlier)));
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

    @Override
    public void leave(String roomName, ChatSession session) {
        Room room = rooms.get(roomName);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (!room.members.contains(session)) {
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

    @Override
    public void post(String roomName, ChatSession session, String text, Consumer<ServerEvent.Message> done) {
        done.accept(accept(roomName, session, text));
    }

    private ServerEvent.Message accept(String roomName, ChatSession session, String text) {
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
            try {
                history.append(message);
            } catch (StorageException e) {
                log.warn("message to {} not stored, so not delivered: {}", roomName, e.getMessage());
                return null;
            }
            broadcast(room, message);
            return message;
        }
    }

    @Override
    public List<String> members(String roomName) {
        Room room = rooms.get(roomName);
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            return room.userNames();
        }
    }

    @Override
    public Set<String> roomNames() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public void online(ChatSession session) {
        // One process: the chat's own list of sessions is everyone.
    }

    @Override
    public void offline(ChatSession session) {
        // See online.
    }

    @Override
    public List<String> onlineUsers(List<String> here) {
        return here;
    }

    @Override
    public void close() {
        // Nothing of its own: the history's database is closed by whoever opened it.
    }

    /** Caller holds the room's lock. */
    private void broadcastExcept(Room room, ChatSession excluded, ServerEvent event) {
        EncodedEvent encoded = codec.encode(event);
        for (ChatSession member : room.members) {
            if (member != excluded) {
                member.deliver(encoded);
            }
        }
    }

    /** Caller holds the room's lock. */
    private void broadcast(Room room, ServerEvent event) {
        EncodedEvent encoded = codec.encode(event);
        for (ChatSession member : room.members) {
            member.deliver(encoded);
        }
    }
}
