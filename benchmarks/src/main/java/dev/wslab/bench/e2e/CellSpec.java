package dev.wslab.bench.e2e;

/**
 * One cell of the matrix: a transport, a payload size, a number of clients spread over rooms, and
 * how hard they send.
 *
 * @param transport      how messages travel
 * @param payloadBytes   size of each chat message's text (the {@code message} field)
 * @param clients        connected users; every one of them is in one room and sends
 * @param rooms          rooms the users are spread over (round robin)
 * @param mode           fixed send rate, or saturation (closed loop)
 * @param sendsPerSecond for {@link Mode#FIXED_RATE}: messages per second over all clients
 * @param inFlight       for {@link Mode#SATURATION}: messages each client keeps in flight
 * @param warmupSeconds  length of the warm-up phase (same load, not reported)
 * @param measureSeconds length of the measured phase's sending
 * @param sendersPerRoom for {@link Mode#SATURATION}: how many members of each room send (0: all of them). In a
 *                       room of 1,000 where every member keeps a message in flight, a million deliveries are
 *                       queued at once: that measures how a server sheds overload, not what it delivers
 */
public record CellSpec(Transport transport, int payloadBytes, int clients, int rooms, Mode mode,
                       int sendsPerSecond, int inFlight, double warmupSeconds, double measureSeconds,
                       int sendersPerRoom) {

    /** A cell in which every client sends. */
    public CellSpec(Transport transport, int payloadBytes, int clients, int rooms, Mode mode,
                    int sendsPerSecond, int inFlight, double warmupSeconds, double measureSeconds) {
        this(transport, payloadBytes, clients, rooms, mode, sendsPerSecond, inFlight, warmupSeconds, measureSeconds, 0);
    }

    /** How the load generator sends. */
    public enum Mode {
        /**
         * Sends at intended times fixed in advance (a seeded Poisson process at the cell's rate);
         * latency counts from the intended time, so a sender that falls behind (coordinated
         * omission) shows up as latency instead of hiding it.
         */
        FIXED_RATE,
        /** Each client sends its next message when one of its own comes back: the most the stack delivers. */
        SATURATION
    }

    public CellSpec {
        if (clients < 1 || rooms < 1 || rooms > clients) {
            throw new IllegalArgumentException("need 1 <= rooms <= clients");
        }
        if (payloadBytes < 16) {
            throw new IllegalArgumentException("payloads are at least 16 bytes (the marker must fit)");
        }
        if (mode == Mode.FIXED_RATE && sendsPerSecond < 1 || mode == Mode.SATURATION && inFlight < 1) {
            throw new IllegalArgumentException("a fixed rate needs sendsPerSecond >= 1, saturation inFlight >= 1");
        }
    }

    /** A short, unique-enough label for logs and tables. */
    public String label() {
        return transport.id() + " " + payloadBytes + "B " + clients + "c/" + rooms + "r "
                + (mode == Mode.FIXED_RATE ? sendsPerSecond + "/s" : "saturation×" + inFlight)
                + (limitsSenders() ? " " + sendersPerRoom + " senders/room" : "");
    }

    /** True when only some members of each room send. */
    public boolean limitsSenders() {
        return mode == Mode.SATURATION && sendersPerRoom > 0 && sendersPerRoom < clients / rooms;
    }

    /** Whether client {@code index} (dealt round robin over the rooms) is one of its room's senders. */
    boolean sends(int index) {
        return mode == Mode.FIXED_RATE || sendersPerRoom == 0 || index / rooms < sendersPerRoom;
    }

    /** Members of room {@code r} when clients are dealt round robin. */
    int membersOfRoom(int room) {
        return clients / rooms + (room < clients % rooms ? 1 : 0);
    }
}
