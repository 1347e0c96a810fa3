package dev.wslab.chat.limits;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many chat sessions (WebSocket connections and polling sessions) each user holds, capped. A
 * transport reserves a slot before it accepts (before the 101, before the 201) and releases it when
 * the session ends, so two thousand parallel requests cannot all slip past a count taken earlier.
 * Thread-safe.
 */
public final class SessionQuota {

    private final int maxPerUser;
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    /**
     * @param maxPerUser sessions one user may hold at once
     */
    public SessionQuota(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /** Sessions one user may hold at once. */
    public int maxPerUser() {
        return maxPerUser;
    }

    /**
     * Reserves a slot for one more session of {@code userId}.
     *
     * @param userId the user's id
     * @return the slot (release it exactly when the session ends; releasing twice is harmless), or
     *         empty if the user already holds {@link #maxPerUser()} sessions
     */
    public Optional<Slot> tryReserve(String userId) {
        boolean[] granted = {false};
        held.compute(userId, (id, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerUser) {
                return now;
            }
            granted[0] = true;
            return now + 1;
        });
        return granted[0] ? Optional.of(new Slot(userId)) : Optional.empty();
    }

    /**
     * Sessions {@code userId} holds now.
     *
     * @param userId the user's id
     * @return the count, 0 for an unknown user
     */
    public int heldBy(String userId) {
        return held.getOrDefault(userId, 0);
    }

    /** One reserved session; {@link #release()} gives it back once. */
    public final class Slot {
        private final String userId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String userId) {
            this.userId = userId;
        }

        /** Gives the slot back; only the first call counts. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                held.computeIfPresent(userId, (id, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
