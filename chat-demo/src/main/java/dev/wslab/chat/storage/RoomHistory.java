package dev.wslab.chat.storage;

import dev.wslab.chat.protocol.ServerEvent;
import java.util.List;

/**
 * The recent messages of each room, kept so a member who joins sees what was said before. The chat
 * appends each accepted message under the room's lock and reads a room's recent messages under the
 * same lock when someone joins, so the history a joiner gets and the live messages after it neither
 * overlap nor leave a gap. Implementations must be thread-safe.
 */
public interface RoomHistory {

    /** Keeps nothing: joiners get no history. */
    RoomHistory NONE = new RoomHistory() {
        @Override
        public void append(ServerEvent.Message message) {}

        @Override
        public List<ServerEvent.Message> recent(String room, int limit) {
            return List.of();
        }

        @Override
        public long lastMessageNumber() {
            return 0;
        }
    };

    /**
     * Stores one accepted message; may drop the room's oldest ones beyond what it promises to keep.
     *
     * @throws StorageException if the message could not be stored (the chat then delivers it to nobody)
     */
    void append(ServerEvent.Message message);

    /** Up to {@code limit} of the room's latest messages, oldest first. */
    List<ServerEvent.Message> recent(String room, int limit);

    /**
     * The highest numeric message id ever stored (0 if none), so message ids keep growing across a
     * restart instead of repeating ids that a client may still hold in its history.
     */
    long lastMessageNumber();
}
