package dev.wslab.chat.cluster;

/**
 * Redis Stream entry ids ({@code <milliseconds>-<sequence>}, both unsigned 64-bit) compared and
 * stepped as numbers: string order is wrong ("9-0" &gt; "10-0").
 */
final class StreamIds {

    static final String ZERO = "0-0";

    private StreamIds() {}

    /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
    static int compare(String a, String b) {
        int byMillis = Long.compareUnsigned(millis(a), millis(b));
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence(a), sequence(b));
    }

    /** The id just before {@code id}, so that reading "after" it includes {@code id} itself. */
    static String previous(String id) {
        long ms = millis(id);
        long seq = sequence(id);
        if (seq != 0) {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq - 1);
        }
        return ms == 0 ? ZERO : Long.toUnsignedString(ms - 1) + "-" + Long.toUnsignedString(-1L);
    }

    /** The time part of an id: Redis's clock when the entry was added, in epoch milliseconds. */
    static long millis(String id) {
        return Long.parseUnsignedLong(id.substring(0, id.indexOf('-')));
    }

    private static long sequence(String id) {
        return Long.parseUnsignedLong(id.substring(id.indexOf('-') + 1));
    }
}
