package dev.wslab.chat.rooms;

import dev.wslab.chat.protocol.ServerEvent;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where a room's events get their one order and reach the room's members: within this process
 * ({@link LocalRoomBus}, one lock per room) or across every node that shares a Redis
 * ({@code dev.wslab.chat.cluster.RedisRoomBus}, one Redis Stream per room). {@link ChatService} and
 * {@link ChatSession} keep the rules every bus must follow:
 *
 * <ul>
 *   <li>every member sees the room's events in one order, each once: the events accepted after its
 *       join until its exit;</li>
 *   <li>a joining session first gets the room's {@code members} (its own user included), then, when the
 *       room has earlier messages, one {@code history} event (the latest of them, oldest first), then
 *       live events: members and deltas, history and live messages neither overlap nor leave a gap;</li>
 *   <li>presence is per user: {@code userJoined} to the room's other sessions when a user's first session
 *       enters it, {@code userLeft} to those that remain when the user's last session leaves (on a
 *       cluster: the user's sessions on every node count);</li>
 *   <li>a sender's {@code ok} is given only once the message is accepted for good and after the sender's
 *       own copy of it; a message that could not be accepted gets {@code error unavailable} and reaches
 *       nobody (never silence, never an {@code ok} for a lost message).</li>
 * </ul>
 * Implementations deliver through {@link ChatSession#deliver} and never call back into
 * {@link ChatSession}'s locked methods under their locks.
 */
public interface RoomBus extends AutoCloseable {

    /**
     * Adds the session to the room: sends it the room's members and history, then announces the user
     * if this is their first session there.
     *
     * @return false (and nothing changes) when the room would be new and the bus already holds as
     *         many rooms as it may ({@link dev.wslab.chat.limits.ChatLimits#maxRooms()})
     * @throws RoomUnavailableException if the join could not be recorded (nothing changed)
     */
    boolean enter(String room, ChatSession session);

    /**
     * Removes the session from the room; if it was its user's last session there, announces that the
     * user left to the members who remain. Never throws.
     */
    void leave(String room, ChatSession session);

    /**
     * Takes the session out of this node's room <em>without</em> announcing a departure: a node of a cluster
     * that is stopping hands its resumable sessions to the other nodes (a rolling restart), where their
     * clients resume them and enter the room again. Their memberships stay in the cluster until a resume
     * replaces them or the other nodes reap this node's records after the node timeout, as for a node that
     * died; {@code userLeft} then comes only for users who did not come back, once. On one node there is no
     * other node to hand over to: this is {@link #leave}. Never throws.
     */
    default void handOver(String room, ChatSession session) {
        leave(room, session);
    }

    /**
     * Accepts a message from a member. {@code done} is called exactly once, on any thread: with the
     * accepted message (after the sender's sink got it), or with {@code null} when it was not accepted.
     * A bus that accepts at once calls {@code done} before returning.
     */
    void post(String room, ChatSession session, String text, Consumer<ServerEvent.Message> done);

    /**
     * As {@link #post(String, ChatSession, String, Consumer)}, for a message that carries its client's
     * {@code id} in a resumable session ({@link ChatSession#resumeScope()}): a bus whose sessions can move
     * between nodes remembers the id with the message, in the same step, so that the client's resend of
     * it (after a resume, on any node) is answered {@code duplicate} with the original message instead of
     * being posted twice. {@code done} gets the message (the original, for a duplicate) and whether it was
     * a duplicate, or {@code null, false} when it was not accepted. Buses whose sessions stay in this
     * process leave that to the session layer (this default).
     */
    default void post(String room, ChatSession session, String text, String clientId,
                      BiConsumer<ServerEvent.Message, Boolean> done) {
        post(room, session, text, message -> done.accept(message, Boolean.FALSE));
    }

    /**
     * Puts a session that moved here from another node back into a room it was in, without telling
     * anybody: it gets the room's events after {@code position} (where its log on the other node ended),
     * then live events; no {@code members}, no {@code history}. Only a bus that shares rooms between nodes
     * supports it.
     *
     * @throws RoomUnavailableException if the membership could not be recorded
     */
    default void reenter(String room, ChatSession session, String position) {
        throw new UnsupportedOperationException("sessions move between nodes only on a cluster");
    }

    /** The names of the users in the room now, each once, in the bus's order (empty for no room). */
    List<String> members(String room);

    /** The rooms with at least one member that this bus knows of. */
    Set<String> roomNames();

    /** A session of this node came online: a cluster records it, so every node can answer {@code users}. Tells nobody. */
    void online(ChatSession session);

    /** A session of this node went offline (before it leaves its rooms). Tells nobody. Never throws. */
    void offline(ChatSession session);

    /**
     * Who is online, sorted, each once.
     *
     * @param here this node's online users, sorted
     * @throws RoomUnavailableException if the other nodes' users cannot be asked for
     */
    List<String> onlineUsers(List<String> here);

    /** Releases the bus's threads and connections. */
    @Override
    void close();
}
