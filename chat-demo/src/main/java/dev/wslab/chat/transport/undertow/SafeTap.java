package dev.wslab.chat.transport.undertow;

import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's wire tap (the inspector), guarded: an observer that throws is dropped, with one log line,
 * and the connection goes on without it. IO thread only.
 */
final class SafeTap {
    private static final Logger log = LoggerFactory.getLogger(SafeTap.class);

    private final String connection;
    private WireTap.ConnectionTap tap;

    private SafeTap(String connection, WireTap.ConnectionTap tap) {
        this.connection = connection;
        this.tap = tap;
    }

    /** Opens the tap for one connection; if opening fails, the connection runs untapped. */
    static SafeTap open(WireTap wireTap, WireTap.TappedConnection tapped) {
        WireTap.ConnectionTap opened = null;
        try {
            opened = wireTap.open(tapped);
        } catch (RuntimeException e) {
            log.warn("{}: the wire tap failed to open; continuing without it", tapped.connectionId(), e);
        }
        return new SafeTap(tapped.connectionId(), opened);
    }

    boolean isActive() {
        return tap != null;
    }

    void bytesIn(ByteBuffer bytes) {
        if (tap != null) {
            try {
                tap.bytesIn(bytes.asReadOnlyBuffer());
            } catch (RuntimeException e) {
                drop(e);
            }
        }
    }

    void bytesOut(ByteBuffer bytes) {
        if (tap != null) {
            try {
                tap.bytesOut(bytes);
            } catch (RuntimeException e) {
                drop(e);
            }
        }
    }

    void closed(String reason) {
        if (tap != null) {
            try {
                tap.closed(reason);
            } catch (RuntimeException e) {
                log.warn("{}: the wire tap failed", connection, e);
            }
            tap = null;
        }
    }

    private void drop(RuntimeException e) {
        log.warn("{}: the wire tap failed; this connection continues without it", connection, e);
        tap = null;
    }
}
