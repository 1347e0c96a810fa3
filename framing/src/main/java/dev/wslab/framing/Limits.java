package dev.wslab.framing;

import java.time.Duration;
import java.util.Objects;

/**
 * The explicit limits of one connection. Nothing is "unlimited by accident": every size is a positive
 * {@code int} and every timeout a positive duration, checked when the record is built.
 *
 * <p>RFC 6455 §10.4 asks implementations to "impose implementation-specific limits on frame sizes and
 * the total message size after reassembly" so that a peer cannot exhaust memory; §7.4.1 gives 1009
 * (Message Too Big) as the answer. Our decoder checks both limits from a frame's <em>header</em>, before it
 * allocates anything for the payload.
 *
 * <p>Defaults ({@link #DEFAULTS}) and why:
 * <ul>
 *   <li>{@code maxFramePayload} = 64 KiB: a frame is buffered whole before it is handed on, so this bounds
 *       the memory one frame can make us hold. Allowing a frame bigger than a message would be pointless,
 *       so the default equals the message limit; lower it to force big messages into small frames.</li>
 *   <li>{@code maxMessageSize} = 64 KiB: ample for chat and control traffic, small enough that thousands of
 *       connections each holding a half-assembled message stay within a modest heap.</li>
 *   <li>{@code closeTimeout} = 5 s: how long we wait for the peer's answering Close (and, as a client, for
 *       the server to close TCP, §7.1.1) before dropping the connection.</li>
 *   <li>{@code pongTimeout} = 10 s: how long a keep-alive Ping may stay unanswered.</li>
 *   <li>{@code outboundFragmentSize} = 16 KiB: the largest frame payload we send; bigger messages are
 *       split into several frames (§5.4). 16 KiB stays far below any sensible peer's frame limit and
 *       matches one TLS record.</li>
 * </ul>
 *
 * <p>Change one value with the {@code with...} methods: {@code Limits.DEFAULTS.withMaxMessageSize(1 << 20)}.
 *
 * @param maxFramePayload      largest accepted frame payload in bytes (at least 125, the control frame maximum)
 * @param maxMessageSize       largest accepted message (all fragments together) in bytes
 * @param closeTimeout         how long to wait for the closing handshake to finish
 * @param pongTimeout          how long a Ping sent with a deadline may stay unanswered
 * @param outboundFragmentSize largest payload per outgoing data frame
 */
public record Limits(int maxFramePayload, int maxMessageSize, Duration closeTimeout, Duration pongTimeout,
                     int outboundFragmentSize) {

    /** The largest payload a control frame may carry (RFC 6455 §5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    /** The defaults described in the class comment. */
    public static final Limits DEFAULTS = new Limits(64 * 1024, 64 * 1024, Duration.ofSeconds(5),
            Duration.ofSeconds(10), 16 * 1024);

    /**
     * Checks the limits are safe: a frame limit of at least 125 bytes so every legal control frame fits, and
     * every other size and timeout positive (a zero would refuse everything or time out at once).
     *
     * @param maxFramePayload      bytes, at least 125; a bigger frame fails the connection with 1009
     * @param maxMessageSize       bytes, at least 1; a bigger message fails the connection with 1009
     * @param closeTimeout         positive; after it, a Close still unanswered ends the connection with 1006
     * @param pongTimeout          positive; after it the connection ends with 1006, the peer presumed gone
     * @param outboundFragmentSize bytes, at least 1; outgoing messages are cut into frames of this payload size
     * @throws IllegalArgumentException if a limit is out of range
     * @throws NullPointerException     if a timeout is null
     */
    public Limits {
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(pongTimeout, "pongTimeout");
        if (maxFramePayload < MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("maxFramePayload must be at least 125 so that every legal control frame fits, was "
                    + maxFramePayload);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
        }
        if (outboundFragmentSize < 1) {
            throw new IllegalArgumentException("outboundFragmentSize must be positive, was " + outboundFragmentSize);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive, was " + closeTimeout);
        }
        if (pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("pongTimeout must be positive, was " + pongTimeout);
        }
    }

    /**
     * A copy with another frame payload limit.
     *
     * @param bytes the new {@link #maxFramePayload()}, at least 125
     * @return new limits; this instance is unchanged
     */
    public Limits withMaxFramePayload(int bytes) {
        return new Limits(bytes, maxMessageSize, closeTimeout, pongTimeout, outboundFragmentSize);
    }

    /**
     * A copy with another message size limit.
     *
     * @param bytes the new {@link #maxMessageSize()}, at least 1
     * @return new limits; this instance is unchanged
     */
    public Limits withMaxMessageSize(int bytes) {
        return new Limits(maxFramePayload, bytes, closeTimeout, pongTimeout, outboundFragmentSize);
    }

    /**
     * A copy with both the frame and the message limit set to {@code bytes}.
     *
     * @param bytes the new frame and message limit, at least 125
     * @return new limits; this instance is unchanged
     */
    public Limits withMaxSizes(int bytes) {
        return new Limits(bytes, bytes, closeTimeout, pongTimeout, outboundFragmentSize);
    }

    /**
     * A copy with another close timeout.
     *
     * @param timeout the new {@link #closeTimeout()}, positive
     * @return new limits; this instance is unchanged
     */
    public Limits withCloseTimeout(Duration timeout) {
        return new Limits(maxFramePayload, maxMessageSize, timeout, pongTimeout, outboundFragmentSize);
    }

    /**
     * A copy with another pong timeout.
     *
     * @param timeout the new {@link #pongTimeout()}, positive
     * @return new limits; this instance is unchanged
     */
    public Limits withPongTimeout(Duration timeout) {
        return new Limits(maxFramePayload, maxMessageSize, closeTimeout, timeout, outboundFragmentSize);
    }

    /**
     * A copy with another outgoing fragment size.
     *
     * @param bytes the new {@link #outboundFragmentSize()}, at least 1
     * @return new limits; this instance is unchanged
     */
    public Limits withOutboundFragmentSize(int bytes) {
        return new Limits(maxFramePayload, maxMessageSize, closeTimeout, pongTimeout, bytes);
    }

    /**
     * {@link #closeTimeout()} in nanoseconds, saturated at {@code Long.MAX_VALUE}.
     *
     * @return the timeout in the unit of the {@code nowNanos} clock the connection is given
     */
    public long closeTimeoutNanos() {
        return saturatedNanos(closeTimeout);
    }

    /**
     * {@link #pongTimeout()} in nanoseconds, saturated at {@code Long.MAX_VALUE}.
     *
     * @return the timeout in the unit of the {@code nowNanos} clock the connection is given
     */
    public long pongTimeoutNanos() {
        return saturatedNanos(pongTimeout);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
