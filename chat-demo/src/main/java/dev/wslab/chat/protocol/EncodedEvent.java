package dev.wslab.chat.protocol;

/**
 * An event together with its JSON text. A broadcast encodes its event once and hands the same
 * {@code EncodedEvent} to every member's sink, so a room of 200 costs one serialization, not 200.
 * {@code position} is null except on a cluster (see {@link #at}).
 */
public record EncodedEvent(ServerEvent event, String json, String position) {

    /** An event with no place in a shared order (one node's rooms, a reply). */
    public EncodedEvent(ServerEvent event, String json) {
        this(event, json, null);
    }

    /**
     * The same event at {@code at}, its room's position in a cluster (the Redis Stream id of the entry, or
     * for a join's {@code members} and {@code history} the position the member's live events follow):
     * what a session that moves to another node resumes its rooms from.
     */
    public EncodedEvent at(String at) {
        return new EncodedEvent(event, json, at);
    }
}
