package dev.wslab.framing.connection;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test helper: every event {@link WebSocketConnection#receive} hands out for some bytes, as a list. */
final class Received {
    private Received() {
    }

    static List<Event> all(WebSocketConnection connection, ByteBuffer bytes, long nowNanos) {
        List<Event> events = new ArrayList<>();
        connection.receive(bytes, nowNanos, events::add);
        return events;
    }
}
