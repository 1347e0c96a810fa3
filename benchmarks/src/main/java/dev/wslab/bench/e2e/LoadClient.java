package dev.wslab.bench.e2e;

import java.io.IOException;
import java.util.Arrays;

/**
 * One simulated chat user in the load generator. A transport-specific subclass connects, joins a
 * room and sends; whatever event text it receives goes to {@link #onEventText(String, long)}, which
 * books deliveries in the current phase's {@link PhaseLedger}.
 */
abstract class LoadClient implements AutoCloseable {

    /** Told when a client reads back one of its own messages (the closed-loop saturation driver). */
    interface OwnDeliveryListener {
        void onOwnDelivery(LoadClient client);
    }

    final int index;
    final String room;
    private volatile PhaseLedger ledger;
    private volatile OwnDeliveryListener ownDeliveries;
    private int[] lastSeqBySender = new int[0];
    /** Presence events received since the client opened (members, userJoined, userLeft, or a user list). */
    private final java.util.concurrent.atomic.AtomicInteger presenceEvents = new java.util.concurrent.atomic.AtomicInteger();
    /** The next sequence number this client's messages get in the current phase. */
    int nextSeq;

    LoadClient(int index, String room) {
        this.index = index;
        this.room = room;
    }

    /** Connects, authenticates and joins {@link #room}; returns when the server confirmed the join. */
    abstract void open() throws IOException;

    /** Sends a chat message to {@link #room}. May block while the transport pushes back. */
    abstract void sendMessage(String text) throws IOException;

    @Override
    public abstract void close();

    /**
     * Stops starting new exchanges and returns once no byte of this client is in flight, so that
     * counters read now are consistent at both ends of every connection. A WebSocket client is quiet
     * by itself once the phase has drained; a polling client keeps polling and must pause.
     */
    void quiesce() throws InterruptedException {
    }

    /** Undoes {@link #quiesce()}. */
    void resume() {
    }

    /**
     * Starts a new phase. Must be called while no events are in flight; the receiving thread picks
     * up the new books at its next event.
     */
    void startPhase(PhaseLedger phase, int senders, OwnDeliveryListener listener) {
        int[] fresh = new int[senders];
        Arrays.fill(fresh, -1);
        synchronized (this) {
            lastSeqBySender = fresh;
            nextSeq = 0;
        }
        ownDeliveries = listener;
        ledger = phase;
    }

    /** Books every benchmark message found in an event text received at {@code receivedNanos}. */
    final void onEventText(String text, long receivedNanos) {
        countPresence(text);
        PhaseLedger phase = ledger;
        if (phase == null) {
            return;
        }
        int[] lastSeq;
        synchronized (this) {
            lastSeq = lastSeqBySender;
        }
        OwnDeliveryListener listener = ownDeliveries;
        ChatWire.forEachMarker(text, marker -> {
            phase.recordDelivery(marker, receivedNanos, lastSeq);
            if (listener != null && marker.sender() == index && marker.phase() == phase.tag()) {
                listener.onOwnDelivery(this);
            }
        });
    }

    /** How many presence events this client received since it opened. */
    int presenceEvents() {
        return presenceEvents.get();
    }

    /** Counts presence events in an event text (a polling answer may carry several). */
    private void countPresence(String text) {
        for (String type : PRESENCE_TYPES) {
            for (int at = text.indexOf(type); at >= 0; at = text.indexOf(type, at + type.length())) {
                presenceEvents.incrementAndGet();
            }
        }
    }

    private static final String[] PRESENCE_TYPES = {
        "\"type\":\"members\"", "\"type\":\"userJoined\"", "\"type\":\"userLeft\"", "\"type\":\"userList\"",
    };
}
