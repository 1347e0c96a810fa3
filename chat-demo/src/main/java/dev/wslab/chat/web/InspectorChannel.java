package dev.wslab.chat.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.transport.polling.CursorLog;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records for one page's inspector: every connection the page opened with the same
 * {@code ?inspect=<key>} writes here, so the panel keeps one stream across reconnects. Only the user
 * who opened those connections may read it.
 */
final class InspectorChannel {

    /** Enough for a few minutes of chatting; a page that falls further behind skips ahead. */
    static final int MAX_RECORDS = 2_000;
    static final long MAX_CHARS = 1024 * 1024;

    private final String key;
    private final String ownerId;
    private final CursorLog records = new CursorLog(MAX_RECORDS, MAX_CHARS, CursorLog.Overflow.DROP_OLDEST);
    private final AtomicInteger liveConnections = new AtomicInteger();
    private volatile long lastUsedNanos = System.nanoTime();

    InspectorChannel(String key, String ownerId) {
        this.key = key;
        this.ownerId = ownerId;
    }

    String key() {
        return key;
    }

    String ownerId() {
        return ownerId;
    }

    CursorLog records() {
        return records;
    }

    void publish(InspectorRecord record) {
        try {
            records.append(JsonHttp.mapper().writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        touch();
    }

    void connectionOpened() {
        liveConnections.incrementAndGet();
        touch();
    }

    void connectionClosed() {
        liveConnections.decrementAndGet();
        touch();
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    /** True when no connection writes here and nobody read for {@code idleNanos}. */
    boolean isIdleFor(long idleNanos) {
        return liveConnections.get() == 0 && !records.hasWaiter() && System.nanoTime() - lastUsedNanos > idleNanos;
    }
}
