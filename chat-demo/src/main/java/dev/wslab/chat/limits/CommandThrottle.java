package dev.wslab.chat.limits;

/**
 * The rate limit on one chat session's commands. A command beyond {@link ChatLimits#messageRate()}
 * is refused with {@code error rate_limited}; a client that keeps sending anyway (more refusals than
 * {@link ChatLimits#messageAbuse()} allows) is treated as abusive and its transport ends the
 * session (WebSocket: close 1008, RFC 6455 §7.4.1 "policy violation"; polling: 410).
 */
public final class CommandThrottle {

    /** What to do with one command. */
    public enum Verdict {
        /** Carry it out. */
        ALLOW,
        /** Answer {@code error rate_limited} and drop it. */
        REFUSE,
        /** Refuse it and end the session: the client ignores the refusals. */
        ABUSE
    }

    private final TokenBucket commands;
    private final TokenBucket refusals;

    /**
     * @param limits the rates to apply
     */
    public CommandThrottle(ChatLimits limits) {
        long now = System.nanoTime();
        this.commands = new TokenBucket(limits.messageRate(), now);
        this.refusals = new TokenBucket(limits.messageAbuse(), now);
    }

    /**
     * Counts one command.
     *
     * @return whether to carry it out, refuse it, or end the session
     */
    public Verdict next() {
        long now = System.nanoTime();
        if (commands.tryTake(now) == 0) {
            return Verdict.ALLOW;
        }
        return refusals.tryTake(now) == 0 ? Verdict.REFUSE : Verdict.ABUSE;
    }
}
