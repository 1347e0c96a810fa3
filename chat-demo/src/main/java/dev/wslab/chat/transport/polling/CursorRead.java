package dev.wslab.chat.transport.polling;

import java.util.List;

/**
 * What a reader gets when it asks a {@link CursorLog} for the items after its cursor.
 *
 * <p>A cursor is the sequence number of the last item the reader has received (0 before the first).
 * Items are numbered 1, 2, 3 … in the order they were appended, so "the items after cursor {@code c}"
 * is an exact, gap-free request: the reader cannot miss an item or get one twice as long as it always
 * sends back the cursor it was last given.
 */
public sealed interface CursorRead {

    /**
     * The items numbered {@code from + 1 … cursor}, in order (empty when nothing is newer than the
     * reader's cursor; {@code cursor} is then the one it sent).
     *
     * @param items  the JSON texts, in append order
     * @param cursor the cursor to send next time: the number of the last item in {@code items}
     */
    record Items(List<String> items, long cursor) implements CursorRead {
        public Items {
            items = List.copyOf(items);
        }

        /** True when there was nothing new. */
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    /**
     * The reader's cursor is older than the retained window: items after it were already discarded, so
     * reading on would silently skip them. The reader must resynchronize (start over).
     *
     * @param cursor       the cursor the reader sent
     * @param oldestCursor the oldest cursor the log can still serve
     * @param latestCursor the number of the newest item
     */
    record Expired(long cursor, long oldestCursor, long latestCursor) implements CursorRead {}

    /**
     * The reader's cursor is newer than any item: it was never handed out by this log (a cursor from
     * another session, or made up).
     */
    record Ahead(long cursor, long latestCursor) implements CursorRead {}

    /**
     * The log was closed (its session ended) and the reader has every item: nothing more will come.
     *
     * @param reason why the log was closed, in words for a person
     * @param cursor the final cursor
     */
    record Ended(String reason, long cursor) implements CursorRead {}
}
