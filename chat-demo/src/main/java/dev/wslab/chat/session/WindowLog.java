package dev.wslab.chat.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A {@link SessionLog} in memory: the latest events up to a count and a number of characters; older
 * ones are dropped (a client asking for them gets {@link SessionLog.Replay.Lost}). Not thread-safe:
 * its session's lock guards it.
 */
public final class WindowLog implements SessionLog {

    private final int maxEvents;
    private final long maxChars;
    private final ArrayDeque<String> events = new ArrayDeque<>();
    /** The number of the first event in {@link #events}. */
    private long firstSeq;
    private long latest;
    private long chars;

    public WindowLog(int maxEvents, long maxChars) {
        this(maxEvents, maxChars, 0);
    }

    /** An empty log whose next event is number {@code startAfter + 1} (a session's log taken over from another node). */
    public WindowLog(int maxEvents, long maxChars, long startAfter) {
        if (startAfter < 0) {
            throw new IllegalArgumentException("event numbers start at 1");
        }
        this.firstSeq = startAfter + 1;
        this.latest = startAfter;
        if (maxEvents < 1 || maxChars < 1) {
            throw new IllegalArgumentException("a session log must hold at least one event");
        }
        this.maxEvents = maxEvents;
        this.maxChars = maxChars;
    }

    @Override
    public long append(String json) {
        events.addLast(json);
        chars += json.length();
        latest++;
        while (events.size() > maxEvents || (chars > maxChars && events.size() > 1)) {
            chars -= events.removeFirst().length();
            firstSeq++;
        }
        return latest;
    }

    @Override
    public long latest() {
        return latest;
    }

    @Override
    public Replay after(long seq) {
        if (seq > latest || seq < 0) {
            return new Replay.Ahead(seq, latest);
        }
        if (seq < firstSeq - 1) {
            return new Replay.Lost(seq, firstSeq);
        }
        List<Numbered> out = new ArrayList<>((int) (latest - seq));
        Iterator<String> it = events.iterator();
        for (long n = firstSeq; n <= latest; n++) {
            String json = it.next();
            if (n > seq) {
                out.add(new Numbered(n, json));
            }
        }
        return new Replay.Events(out);
    }

    /** How many events are kept now. */
    public int size() {
        return events.size();
    }
}
