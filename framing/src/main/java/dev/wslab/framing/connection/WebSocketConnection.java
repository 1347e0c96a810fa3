package dev.wslab.framing.connection;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One WebSocket connection after the opening handshake, sans-IO: bytes in, events out; calls in, bytes out.
 *
 * <p>It owns no socket, thread or clock. The I/O layer that drives it:
 * <ol>
 *   <li>passes every byte read from the transport to {@link #receive(ByteBuffer, long)} (any chunking) and
 *       hands the returned {@link Event}s to the application; or, if the application answers messages,
 *       calls {@link #receiveNextFrame(ByteBuffer, long)} until the buffer is empty, so that each answer is
 *       queued before a Close that arrived right behind its message is answered;</li>
 *   <li>after each call, writes {@link #takeOutbound()} to the transport while {@link #hasOutbound()}
 *       (Pongs, answering Closes and the application's messages all land there);</li>
 *   <li>arms a timer for {@link #nextDeadlineNanos()} and calls {@link #onTimer(long)} when it fires;</li>
 *   <li>calls {@link #onTransportClosed()} on EOF or a reset;</li>
 *   <li>closes the transport once {@link #shouldCloseTransport()} is true and the outbox is written.</li>
 * </ol>
 * Time is always passed in as {@code nowNanos}, a value of {@link System#nanoTime()} (or any monotonic
 * clock; tests pass plain numbers).
 *
 * <p>What it does for you: assembles fragmented messages with control frames in between (§5.4); checks
 * text for UTF-8 (§8.1); answers Pings with Pongs (§5.5.2); runs the closing handshake (§5.5.1, §7): echoes
 * the peer's Close, refuses to send data after its own Close, enforces the close timeout, and knows that the
 * server closes TCP first (§7.1.1); fails the connection on any violation with the right code (1002, 1007,
 * 1009) and an {@link Event.Violation} that explains it (§7.1.7).
 *
 * <p><b>Thread confinement:</b> not thread-safe. One thread (the connection's I/O thread) must make every
 * call; other threads hand their messages to that thread (for example through the event loop's task queue).
 *
 * <p>Sending returns {@code false} instead of throwing when the connection is no longer open: a chat server
 * broadcasting to a connection that is closing is routine, not a bug. Programming errors (interleaving two
 * streamed messages, a 126-byte Ping) throw.
 */
public final class WebSocketConnection {

    private final Role role;
    private final Limits limits;
    private final FrameDecoder decoder;
    private final FrameEncoder encoder;
    private final MessageAssembler assembler;

    private final List<ByteBuffer> outbox = new ArrayList<>();
    private ConnectionState state = ConnectionState.OPEN;
    private boolean closedEventEmitted;
    private boolean transportShouldClose;

    /** The opcode of the message being streamed with send...Part, or null. */
    private Opcode outboundStream;

    private boolean closeDeadlineArmed;
    private long closeDeadline;
    private boolean pongDeadlineArmed;
    private long pongDeadline;

    private long bytesReceived;
    private long bytesSent;

    /**
     * A connection whose client role (if any) draws masking keys from {@link MaskingKeySource#secure()}.
     *
     * @param role   CLIENT masks every frame it sends and expects unmasked frames, SERVER the reverse (RFC 6455 §5.1)
     * @param limits frame, message and control sizes, fragment size and timeouts; not null
     */
    public WebSocketConnection(Role role, Limits limits) {
        this(role, limits, role.masksOutgoingFrames() ? MaskingKeySource.secure() : MaskingKeySource.fixed(0));
    }

    /**
     * A connection with an injected masking key source (for reproducible tests).
     *
     * @param role   CLIENT masks every frame it sends and expects unmasked frames, SERVER the reverse (RFC 6455 §5.1)
     * @param limits frame, message and control sizes, fragment size and timeouts; not null
     * @param keys   the client's masking keys; outside tests they must be unpredictable (§10.3); unused by a server
     */
    public WebSocketConnection(Role role, Limits limits, MaskingKeySource keys) {
        this.role = Objects.requireNonNull(role, "role");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.decoder = new FrameDecoder(role, limits);
        this.encoder = new FrameEncoder(role, keys);
        this.assembler = new MessageAssembler(limits.maxMessageSize());
    }

    /**
     * This endpoint's role.
     *
     * @return the role given at construction; it decides masking (§5.1) and who closes TCP first (§7.1.1)
     */
    public Role role() {
        return role;
    }

    /**
     * The limits in force.
     *
     * @return the limits given at construction; they never change
     */
    public Limits limits() {
        return limits;
    }

    /**
     * The current state.
     *
     * @return OPEN, CLOSE_SENT (our Close is out, sending refused) or CLOSED (nothing more happens)
     */
    public ConnectionState state() {
        return state;
    }

    // ---------------------------------------------------------------------------------------------- input

    /**
     * Consumes all remaining bytes of {@code bytes} and returns what they mean, in order. The simplest way to
     * drive a connection: one call per read.
     *
     * <p>Everything in the buffer is processed before the caller sees an event. So when one read holds a
     * message <em>and</em> the peer's Close (or a broken frame), the Close is answered (or the connection
     * failed) within this call, and a reply to that message can no longer be sent (§5.5.1: no data after a
     * Close). An application that answers messages, such as an echo, should use
     * {@link #receiveNextFrame(ByteBuffer, long)} instead. The events are the same either way; only the
     * moments at which the application may act between them differ.
     *
     * <p>Bytes that arrive after the connection is {@link ConnectionState#CLOSED} are consumed and ignored:
     * after the peer's Close nothing more may come (§5.5.1), and after a violation we must not process
     * anything else (§7.1.7).
     *
     * @param bytes    bytes read from the transport, in any chunking; consumed up to its limit
     * @param nowNanos the current time from a monotonic clock such as {@link System#nanoTime()}
     * @return the events, in the order the bytes produced them; empty if the bytes completed no message,
     *         control frame or violation
     */
    public List<Event> receive(ByteBuffer bytes, long nowNanos) {
        List<Event> events = new ArrayList<>(2);
        while (bytes.hasRemaining()) {
            receiveUpToOneFrame(bytes, nowNanos, events);
        }
        return events;
    }

    /**
     * Consumes the bytes of {@code bytes} up to and including the end of the next frame, and returns the
     * events that frame produced; the bytes after it stay in the buffer (its position marks where to go on).
     * If no frame ends within the buffer, all of it is consumed (the decoder keeps the partial frame).
     *
     * <p>Use it when the application may <em>answer</em> what it receives:
     * <pre>{@code
     * while (buffer.hasRemaining()) {
     *     for (Event event : ws.receiveNextFrame(buffer, now)) {
     *         if (event instanceof Event.Text text) {
     *             ws.sendText(text.text());     // queued before a Close later in the buffer is answered
     *         }
     *     }
     * }
     * }</pre>
     * A peer may send a message and its Close in one TCP segment (the Autobahn TestSuite's case 7.1.1 does,
     * and expects the echo before the closing handshake). With {@link #receive(ByteBuffer, long)} the Close
     * would be answered before the application saw the message; frame by frame, the answer is queued first.
     * The same holds for a message followed by a broken frame (§7.1.7).
     *
     * <p>The list may be empty: a non-final fragment or part of a frame produces no event. The events of
     * successive calls, over any chunking of the input, are exactly those {@code receive} returns for the
     * whole input. Once the connection is {@link ConnectionState#CLOSED} (the peer's Close, or a violation)
     * the rest of the buffer is consumed and ignored, as in {@code receive}, so the loop above always ends.
     *
     * @param bytes    bytes read from the transport; its position moves to just after the next frame's end, or
     *                 to its limit if no frame ends in it
     * @param nowNanos the current time from a monotonic clock such as {@link System#nanoTime()}
     * @return the events of at most one frame, in order; often empty
     */
    public List<Event> receiveNextFrame(ByteBuffer bytes, long nowNanos) {
        List<Event> events = new ArrayList<>(2);
        if (bytes.hasRemaining()) {
            receiveUpToOneFrame(bytes, nowNanos, events);
        }
        return events;
    }

    /**
     * The transport reached EOF or was reset. If the closing handshake had not completed, this emits
     * {@code Closed(1006, ..., clean=false)} (§7.1.5, §7.4.1); otherwise nothing.
     *
     * @return one {@code Closed(1006)} event, or empty if the connection was already CLOSED
     */
    public List<Event> onTransportClosed() {
        transportShouldClose = true;
        closeDeadlineArmed = false;
        pongDeadlineArmed = false;
        if (state == ConnectionState.CLOSED) {
            return List.of();
        }
        List<Event> events = new ArrayList<>(1);
        boolean peerStarted = state == ConnectionState.OPEN;
        enterClosed(new Event.Closed(CloseCode.ABNORMAL_CLOSURE.code(),
                "the TCP connection closed before the closing handshake completed", false, peerStarted), events);
        return events;
    }

    /**
     * The earliest time at which {@link #onTimer(long)} has something to do: the close timeout (waiting for
     * the peer's Close, or as a client for the server to close TCP) or the pong timeout of a Ping sent with
     * {@link #ping(byte[], long)}. Empty if nothing is pending.
     *
     * @return the earlier deadline, in the clock of the {@code nowNanos} values passed in; empty if no timer is
     *         needed
     */
    public OptionalLong nextDeadlineNanos() {
        boolean close = closeDeadlineArmed;
        boolean pong = pongDeadlineArmed && state != ConnectionState.CLOSED;
        if (close && pong) {
            return OptionalLong.of(closeDeadline - pongDeadline < 0 ? closeDeadline : pongDeadline);
        }
        if (close) {
            return OptionalLong.of(closeDeadline);
        }
        return pong ? OptionalLong.of(pongDeadline) : OptionalLong.empty();
    }

    /**
     * Lets time pass. Past the close deadline, a connection still waiting for the peer's Close ends with
     * {@code Closed(1006)}, and a client waiting for the server to close TCP is told to close it itself
     * (§7.1.1). Past the pong deadline, the peer is considered gone: {@code Closed(1006)}.
     *
     * @param nowNanos the current time from a monotonic clock such as {@link System#nanoTime()}
     *                 (the same clock as every other call); early calls are harmless
     * @return a {@code Closed(1006)} event if a deadline passed and the connection was not yet closed; else empty
     */
    public List<Event> onTimer(long nowNanos) {
        List<Event> events = new ArrayList<>(1);
        if (closeDeadlineArmed && nowNanos - closeDeadline >= 0) {
            closeDeadlineArmed = false;
            transportShouldClose = true;
            if (state == ConnectionState.CLOSE_SENT) {
                enterClosed(new Event.Closed(CloseCode.ABNORMAL_CLOSURE.code(),
                        "the peer did not answer our Close within " + limits.closeTimeout().toMillis() + " ms",
                        false, false), events);
            }
        }
        if (pongDeadlineArmed && state != ConnectionState.CLOSED && nowNanos - pongDeadline >= 0) {
            pongDeadlineArmed = false;
            transportShouldClose = true;
            enterClosed(new Event.Closed(CloseCode.ABNORMAL_CLOSURE.code(),
                    "no Pong arrived within " + limits.pongTimeout().toMillis() + " ms of our Ping; the peer is considered gone",
                    false, false), events);
        }
        return events;
    }

    /**
     * True when the I/O layer should close the TCP connection once the outbox is written: a server as soon
     * as the closing handshake is done (§7.1.1: the server closes first); a client when the server failed to
     * close within the close timeout; either side after failing the connection (§7.1.7), after a timeout, or
     * once the transport is gone.
     *
     * @return true if the I/O layer should close TCP after writing the outbox; false keeps it open
     */
    public boolean shouldCloseTransport() {
        return transportShouldClose;
    }

    // --------------------------------------------------------------------------------------------- output

    /**
     * Sends a whole text message, split into frames of {@link Limits#outboundFragmentSize()}.
     *
     * @param text the message; encoded as UTF-8 (§5.6), {@code ""} sends an empty message
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a streamed message is unfinished (§5.4)
     */
    public boolean sendText(String text) {
        return sendMessage(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a whole binary message (the array is copied, so it may be reused at once).
     *
     * @param data the message, any length; an empty array sends an empty message
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a streamed message is unfinished (§5.4)
     */
    public boolean sendBinary(byte[] data) {
        return sendMessage(Opcode.BINARY, data, 0, data.length);
    }

    /**
     * Sends the remaining bytes of {@code data} as one binary message and advances its position to the limit.
     *
     * @param data the message, from its position to its limit; copied, so it may be reused at once; left
     *             untouched if the call returns false
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a streamed message is unfinished (§5.4)
     */
    public boolean sendBinary(ByteBuffer data) {
        if (!canSendData()) {
            return false;
        }
        requireNoStream();
        queueFragments(Opcode.BINARY, true, data);
        return true;
    }

    /**
     * Sends one part of a text message that is streamed in pieces (§5.4). The first part starts the message,
     * {@code last=true} ends it; no other data message may be sent in between (control frames may). Split
     * the text between code points: a part must be valid text on its own.
     *
     * @param part the next piece of text, possibly {@code ""}; encoded as UTF-8
     * @param last true if this part ends the message (its last frame gets FIN=1)
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a binary message is being streamed
     */
    public boolean sendTextPart(String part, boolean last) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        return sendPart(Opcode.TEXT, ByteBuffer.wrap(bytes), last);
    }

    /**
     * Like {@link #sendTextPart(String, boolean)} for a binary message; consumes the remaining bytes of {@code part}.
     *
     * @param part the next piece, from its position to its limit; copied; its position moves to the limit
     * @param last true if this part ends the message (its last frame gets FIN=1)
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a text message is being streamed
     */
    public boolean sendBinaryPart(ByteBuffer part, boolean last) {
        return sendPart(Opcode.BINARY, part, last);
    }

    /**
     * Like {@link #sendTextPart(String, boolean)} for a binary message.
     *
     * @param part the next piece, possibly empty; copied, so it may be reused at once
     * @param last true if this part ends the message (its last frame gets FIN=1)
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a text message is being streamed
     */
    public boolean sendBinaryPart(byte[] part, boolean last) {
        return sendPart(Opcode.BINARY, ByteBuffer.wrap(part), last);
    }

    /**
     * Sends a Ping without arming the pong timeout (for example a manual "are you there?").
     *
     * @param payload 0 to 125 bytes the peer echoes in its Pong (§5.5.2); copied
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalArgumentException if the payload exceeds 125 bytes (§5.5)
     */
    public boolean ping(byte[] payload) {
        return sendControl(Opcode.PING, payload);
    }

    /**
     * Sends a keep-alive Ping and, unless one is already pending, arms the pong deadline at
     * {@code nowNanos + pongTimeout}. Any Pong received disarms it; if none comes in time,
     * {@link #onTimer(long)} ends the connection. The I/O layer decides when to ping.
     *
     * @param payload  0 to 125 bytes the peer echoes in its Pong (§5.5.2); copied
     * @param nowNanos the current time from a monotonic clock such as {@link System#nanoTime()}
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalArgumentException if the payload exceeds 125 bytes (§5.5)
     */
    public boolean ping(byte[] payload, long nowNanos) {
        if (!sendControl(Opcode.PING, payload)) {
            return false;
        }
        if (!pongDeadlineArmed) {
            pongDeadlineArmed = true;
            pongDeadline = nowNanos + limits.pongTimeoutNanos();
        }
        return true;
    }

    /**
     * Sends an unsolicited Pong, a one-way heartbeat (§5.5.3).
     *
     * @param payload 0 to 125 bytes of application data; copied
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalArgumentException if the payload exceeds 125 bytes (§5.5)
     */
    public boolean pong(byte[] payload) {
        return sendControl(Opcode.PONG, payload);
    }

    /**
     * Starts the closing handshake (§7.1.2): queues a Close with {@code status}, refuses further data, and
     * arms the close deadline at {@code nowNanos + closeTimeout}. {@link CloseStatus#NO_STATUS} sends an
     * empty Close.
     *
     * @param status   the code and reason to send (§7.4); not null
     * @param nowNanos the current time from a monotonic clock such as {@link System#nanoTime()}
     * @return true if the Close was queued; false if a Close was already sent or the connection is closed
     */
    public boolean close(CloseStatus status, long nowNanos) {
        Objects.requireNonNull(status, "status");
        if (state != ConnectionState.OPEN) {
            return false;
        }
        queue(encoder.encode(Frame.close(status)));
        state = ConnectionState.CLOSE_SENT;
        outboundStream = null;
        closeDeadlineArmed = true;
        closeDeadline = nowNanos + limits.closeTimeoutNanos();
        return true;
    }

    /**
     * True if bytes wait in the outbox.
     *
     * @return true if {@link #takeOutbound()} would return at least one buffer
     */
    public boolean hasOutbound() {
        return !outbox.isEmpty();
    }

    /**
     * Takes everything from the outbox, in order, for one gathering write
     * ({@link java.nio.channels.GatheringByteChannel#write(ByteBuffer[])}). The buffers belong to the caller.
     *
     * @return the queued frames' bytes, each buffer ready to be read; an empty array if nothing waits
     */
    public ByteBuffer[] takeOutbound() {
        ByteBuffer[] taken = outbox.toArray(new ByteBuffer[0]);
        outbox.clear();
        return taken;
    }

    /**
     * Bytes consumed by {@link #receive(ByteBuffer, long)} and {@link #receiveNextFrame(ByteBuffer, long)} so far.
     *
     * @return the total in bytes since construction: headers, payloads, and bytes ignored after CLOSED
     */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Bytes put into the outbox so far (all of which the I/O layer writes).
     *
     * @return the total in bytes since construction, headers included, whether or not written yet
     */
    public long bytesSent() {
        return bytesSent;
    }

    // ------------------------------------------------------------------------------------------ internals

    /**
     * One decoder step: up to the end of the current frame, or all bytes if it does not end in them. Once
     * the connection is CLOSED, the rest of the buffer is ignored.
     */
    private void receiveUpToOneFrame(ByteBuffer bytes, long nowNanos, List<Event> events) {
        int start = bytes.position();
        if (state != ConnectionState.CLOSED) {
            DecodeResult result = decoder.decode(bytes);
            if (result instanceof DecodeResult.FrameDecoded decoded) {
                onFrame(decoded, nowNanos, events);
            } else if (result instanceof DecodeResult.Failed failed) {
                failConnection(failed.violation(), events);
            } else {
                // Part of a frame arrived: check its text now rather than when the frame ends (§8.1).
                assembler.inspectPartialFrame(decoder).ifPresent(violation -> failConnection(violation, events));
            }
        }
        if (state == ConnectionState.CLOSED) {
            // RFC 6455 §5.5.1, §7.1.7: nothing after the peer's Close or a violation is processed.
            bytes.position(bytes.limit());
        }
        bytesReceived += bytes.position() - start;
    }

    private void onFrame(DecodeResult.FrameDecoded decoded, long nowNanos, List<Event> events) {
        Frame frame = decoded.frame();
        switch (frame.opcode()) {
            case PING -> {
                // RFC 6455 §5.5.2: answer with a Pong carrying the same data unless a Close was already
                // *received*; our own Close (CLOSE_SENT) does not excuse us. A peer's Close moves us out of
                // OPEN and CLOSE_SENT, so those two states are exactly "no Close received yet".
                if (state == ConnectionState.OPEN || state == ConnectionState.CLOSE_SENT) {
                    queue(encoder.encode(Frame.pong(frame.payload())));
                }
                events.add(new Event.Ping(frame.payload()));
            }
            case PONG -> {
                pongDeadlineArmed = false;
                events.add(new Event.Pong(frame.payload()));
            }
            case CLOSE -> onClose(frame.payload(), nowNanos, events);
            default -> {
                MessageAssembler.Outcome outcome = assembler.accept(frame, decoded.header());
                if (outcome instanceof MessageAssembler.Complete complete) {
                    events.add(complete.message());
                } else if (outcome instanceof MessageAssembler.Invalid invalid) {
                    failConnection(invalid.violation(), events);
                }
            }
        }
    }

    private void onClose(Payload body, long nowNanos, List<Event> events) {
        byte[] bytes = body.toByteArray();
        Optional<ProtocolViolation> violation = CloseStatus.checkBody(bytes);
        if (violation.isPresent()) {
            failConnection(violation.get(), events);
            return;
        }
        CloseStatus status = CloseStatus.fromBody(bytes);
        events.add(new Event.CloseReceived(status));
        boolean peerStarted = state == ConnectionState.OPEN;
        if (peerStarted) {
            // RFC 6455 §5.5.1: answer a Close with a Close, typically echoing the status code.
            CloseStatus echo = status.isEmptyBody() ? CloseStatus.NO_STATUS : new CloseStatus(status.code(), "");
            queue(encoder.encode(Frame.close(echo)));
        }
        enterClosed(new Event.Closed(status.code(), status.reason(), true, peerStarted), events);
        if (role.closesTransportFirst()) {
            transportShouldClose = true;
        } else {
            // RFC 6455 §7.1.1: the client waits for the server to close TCP, but not forever.
            closeDeadlineArmed = true;
            closeDeadline = nowNanos + limits.closeTimeoutNanos();
        }
    }

    /** RFC 6455 §7.1.7: send a Close with the violation's code (if we have not yet), then drop the connection. */
    private void failConnection(ProtocolViolation violation, List<Event> events) {
        events.add(Event.Violation.of(violation));
        if (state == ConnectionState.OPEN) {
            String reason = truncateUtf8(violation.explanation(), CloseStatus.MAX_REASON_BYTES);
            queue(encoder.encode(Frame.close(new CloseStatus(violation.closeCode().code(), reason))));
        }
        transportShouldClose = true;
        enterClosed(new Event.Closed(violation.closeCode().code(), violation.explanation(), false, false), events);
    }

    private void enterClosed(Event.Closed closed, List<Event> events) {
        state = ConnectionState.CLOSED;
        pongDeadlineArmed = false;
        closeDeadlineArmed = false;
        outboundStream = null;
        if (!closedEventEmitted) {
            closedEventEmitted = true;
            events.add(closed);
        }
    }

    private boolean sendMessage(Opcode opcode, byte[] data) {
        return sendMessage(opcode, data, 0, data.length);
    }

    private boolean sendMessage(Opcode opcode, byte[] data, int offset, int length) {
        if (!canSendData()) {
            return false;
        }
        requireNoStream();
        queue(fragments(opcode, true, data, offset, length));
        return true;
    }

    private boolean sendPart(Opcode type, ByteBuffer part, boolean last) {
        if (!canSendData()) {
            return false;
        }
        if (outboundStream != null && outboundStream != type) {
            throw new IllegalStateException("a " + outboundStream + " message is being streamed; finish it (last=true) "
                    + "before sending " + type + " data (RFC 6455 §5.4: messages are not interleaved)");
        }
        queueFragments(outboundStream == null ? type : Opcode.CONTINUATION, last, part);
        outboundStream = last ? null : type;
        return true;
    }

    private void queueFragments(Opcode opcode, boolean last, ByteBuffer data) {
        if (data.hasArray()) {
            queue(fragments(opcode, last, data.array(), data.arrayOffset() + data.position(), data.remaining()));
            data.position(data.limit());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            queue(fragments(opcode, last, copy, 0, copy.length));
        }
    }

    private ByteBuffer fragments(Opcode opcode, boolean last, byte[] data, int offset, int length) {
        int fragmentSize = limits.outboundFragmentSize();
        ByteBuffer out = ByteBuffer.allocate(encoder.fragmentsLength(length, fragmentSize));
        encoder.encodeFragments(opcode, last, data, offset, length, fragmentSize, out);
        return out.flip();
    }

    private boolean sendControl(Opcode opcode, byte[] payload) {
        if (payload.length > Limits.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("RFC 6455 §5.5: a " + opcode + " carries at most 125 bytes, got "
                    + payload.length);
        }
        if (state != ConnectionState.OPEN) {
            return false;
        }
        queue(encoder.encode(new Frame(true, opcode, Payload.of(payload))));
        return true;
    }

    private boolean canSendData() {
        // RFC 6455 §5.5.1: after sending a Close frame, the endpoint MUST NOT send any more data frames.
        return state == ConnectionState.OPEN;
    }

    private void requireNoStream() {
        if (outboundStream != null) {
            throw new IllegalStateException("a " + outboundStream + " message is being streamed; finish it (last=true) "
                    + "before sending another message (RFC 6455 §5.4: messages are not interleaved)");
        }
    }

    private void queue(ByteBuffer bytes) {
        bytesSent += bytes.remaining();
        outbox.add(bytes);
    }

    /** Cuts {@code text} to at most {@code maxBytes} of UTF-8 without splitting a character. */
    static String truncateUtf8(String text, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if ((cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) || bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
