package dev.wslab.chat.ops;

/**
 * What the server keeps for its operators, shared with the transports through the server's context: the
 * bound on all outbound memory together.
 */
public final class ServerOps implements AutoCloseable {

    private final OutboundGuard outbound;

    public ServerOps(OutboundGuard outbound) {
        this.outbound = outbound;
    }

    /** The cap on all clients' undelivered data together ({@code --max-outbound-total}). */
    public OutboundGuard outbound() {
        return outbound;
    }

    @Override
    public void close() {
        outbound.close();
    }
}
