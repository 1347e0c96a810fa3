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
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.utf8.Utf8Length;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One WebSocket connection after the opening handshake, sans-IO: bytes in, events out; calls in, bytes out.
 *
 * <p>It owns no socket, thread or clock, but it owns every protocol decision, timers and closing rules
 * included. The I/O layer that drives it:
 * <ol>
 *   <li>passes every byte read from the transport to {@link #receive(ByteBuffer, long, Consumer)} (any
 *       chunking); the handler gets each event as soon as its frame is complete, so an answer it sends is
 *       queued before a Close later in the same read is answered;</li>
 *   <li>after each call, writes {@link #takeOutbound()} to the transport while {@link #hasOutbound()};</li>
 *   <li>asks "when should I wake you?" — {@link #nextDeadlineNanos()} — and calls {@link #onTimer(long)} then;</li>
 *   <li>calls {@link #onTransportClosed()} on EOF or a reset;</li>
 *   <li>asks "should I close the transport?": {@link #shouldCloseTransport()} means close it once the outbox
 *       is written; {@link #shouldDropTransport()} means close it now, written or not.</li>
 * </ol>
 * Time is always passed in as {@code nowNanos}, a value of {@link System#nanoTime()} (or any monotonic
 * clock; tests pass plain numbers).
 *
 * <p>The layers underneath: the codec ({@link FrameDecoder}) splits the bytes into headers and payload
 * chunks and applies the header rules; the message layer ({@code MessageReader}) owns fragment order, the
 * message size limit, UTF-8 and an extension's transform; this class owns control frames, the closing
 * handshake (§5.5.1, §7), the deadlines and what the transport must do.
 *
 * <p><b>Closing rules, all decided here.</b> From the moment a Close is queued — ours, an answer to the
 * peer's, or the one that fails the connection (§7.1.7) — the transport must be gone within
 * {@link Limits#closeTimeout()}: past that deadline {@link #shouldDropTransport()} turns true even if the
 * peer stopped reading and our Close is still unwritten. A server closes TCP first (§7.1.1) as soon as the
 * handshake is over or the connection failed; a client waits (lingers) for the server to do it, up to the
 * same deadline. Keep-alive Pings ({@link #keepAlive(Duration, long)}) and their pong deadline are timers of
 * this class too.
 *
 * <p><b>Thread confinement:</b> not thread-safe. One thread (the connection's I/O thread) must make every
 * call; other threads hand their messages to that thread (for example through the event loop's task queue).
 *
 * <p>Sending returns {@code false} instead of throwing when the connection is no longer open: a chat server
 * broadcasting to a connection that is closing is routine, not a bug. Programming errors (interleaving two
 * streamed messages, a 126-byte Ping) throw.
 */
public final class WebSocketConnection {

    private static final byte[] KEEP_ALIVE_PAYLOAD = "keep-alive".getBytes(StandardCharsets.US_ASCII);

    private final Role role;
    private final Limits limits;
    private final FrameDecoder decoder;
    private final FrameEncoder encoder;
    /** The extension that rewrites outgoing messages (permessage-deflate), or null. */
    private final OutboundExtension outbound;
    private final MessageReader messages;
    private FrameObserver observer = FrameObserver.NONE;

    private final List<ByteBuffer> outbox = new ArrayList<>();
    private final List<Event> pending = new ArrayList<>(2);
    private ConnectionState state = ConnectionState.OPEN;
    private boolean closedEventEmitted;
    private boolean transportShouldClose;
    private boolean transportMustDrop;
    private boolean transportGone;

    /** The header of the frame whose payload is being read, or null between frames. */
    private FrameHeader frame;
    private byte[] controlPayload;
    private int controlFilled;

    /** The opcode of the message being streamed with send...Part, or null. */
    private Opcode outboundStream;

    private CloseStatus closeSent;
    private CloseStatus closeReceived;
    private boolean closeDeadlineArmed;
    private long closeDeadline;
    private boolean pongDeadlineArmed;
    private long pongDeadline;
    private long keepAliveIntervalNanos;
    private long lastHeardNanos;

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
        this(role, limits, keys, Optional.empty());
    }

    /**
     * A connection with a negotiated extension that takes part in receiving (for example permessage-deflate).
     *
     * @param role      CLIENT or SERVER (RFC 6455 §5.1, §7.1.1)
     * @param limits    sizes and timeouts; the message size limit applies to the extension's output
     * @param keys      the client's masking keys (§10.3); unused by a server
     * @param extension the extension whose RSV bits are allowed and whose transform each message passes
     *                  through; empty when none was negotiated (then every RSV bit must be 0, §5.2)
     */
    public WebSocketConnection(Role role, Limits limits, MaskingKeySource keys, Optional<InboundExtension> extension) {
        this(role, limits, keys, extension, Optional.empty());
    }

    /**
     * A connection with a negotiated extension in both directions, such as
     * {@link dev.wslab.framing.deflate.PerMessageDeflateExtension}.
     *
     * @param role      CLIENT or SERVER (RFC 6455 §5.1, §7.1.1)
     * @param limits    sizes and timeouts; the message size limit applies to the extension's output
     * @param keys      the client's masking keys (§10.3); unused by a server
     * @param extension the extension: its RSV bits are allowed on receipt, received messages pass through its
     *                  transform, whole outgoing messages through its outgoing transform; it is released when
     *                  the connection ends
     * @param <E>       an extension that takes part in both directions
     * @return the connection
     */
    public static <E extends InboundExtension & OutboundExtension> WebSocketConnection withExtension(
            Role role, Limits limits, MaskingKeySource keys, E extension) {
        return new WebSocketConnection(role, limits, keys, Optional.of(extension), Optional.of(extension));
    }

    private WebSocketConnection(Role role, Limits limits, MaskingKeySource keys, Optional<InboundExtension> extension,
                                Optional<OutboundExtension> outbound) {
        this.role = Objects.requireNonNull(role, "role");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.decoder = new FrameDecoder(role, limits, extension.map(InboundExtension::rsvBits).orElse(0));
        this.encoder = new FrameEncoder(role, keys);
        this.messages = new MessageReader(limits.maxMessageSize(), extension.orElse(null));
        this.outbound = outbound.orElse(null);
    }

    /**
     * Lets an explainer watch every accepted header and the payload bytes as they are read.
     *
     * @param frameObserver the observer; {@link FrameObserver#NONE} to stop
     */
    public void observe(FrameObserver frameObserver) {
        this.observer = Objects.requireNonNull(frameObserver, "frameObserver");
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

    /**
     * The Close we sent (queued), if any: ours, our answer to the peer's, or the one failing the connection.
     *
     * @return the status in our Close frame; empty if we sent none
     */
    public Optional<CloseStatus> closeSent() {
        return Optional.ofNullable(closeSent);
    }

    /**
     * The first Close frame we received, if any (RFC 6455 §7.1.5: its code is the connection's close code).
     *
     * @return the peer's status ({@link CloseStatus#NO_STATUS} for an empty body); empty if none arrived
     */
    public Optional<CloseStatus> closeReceived() {
        return Optional.ofNullable(closeReceived);
    }

    // ---------------------------------------------------------------------------------------------- input

    /**
     * Consumes every remaining byte of {@code bytes} and hands each event to {@code handler} as soon as the
     * frame that produced it is complete, <em>before</em> the next frame is read.
     *
     * <p>That order is what makes it right for an application that answers: when one read holds a message and
     * the peer's Close (the Autobahn TestSuite's case 7.1.1 sends them in one segment), the handler sees the
     * message while the connection is still open, and its answer is queued before the Close is answered
     * (§5.5.1 forbids data after our Close). The same holds for a message followed by a broken frame (§7.1.7).
     *
     * <p>The handler runs on the caller's thread and may call this connection's send methods; it must not call
     * {@code receive} again. Bytes that arrive after the connection is {@link ConnectionState#CLOSED} are
     * consumed and ignored: nothing after the peer's Close or a violation is processed (§5.5.1, §7.1.7).
     *
     * @param bytes    bytes read from the transport, in any chunking; consumed up to its limit
     * @param nowNanos the current time from a monotonic clock such as {@link System#nanoTime()}
     * @param handler  receives the events in the order the bytes produced them
     */
    public void receive(ByteBuffer bytes, long nowNanos, Consumer<? super Event> handler) {
        int start = bytes.position();
        if (bytes.hasRemaining()) {
            lastHeardNanos = nowNanos;
        }
        while (bytes.hasRemaining()) {
            if (state == ConnectionState.CLOSED) {
                // RFC 6455 §5.5.1, §7.1.7: nothing after the peer's Close or a violation is processed.
                bytes.position(bytes.limit());
                break;
            }
            boolean frameEnded = receiveUpToFrameEnd(bytes, nowNanos);
            if (!pending.isEmpty()) {
                for (int i = 0; i < pending.size(); i++) {
                    handler.accept(pending.get(i));
                }
                pending.clear();
            }
            if (frameEnded) {
                observer.onFrameEnd();
            }
        }
        bytesReceived += bytes.position() - start;
    }

    /**
     * The transport reached EOF or was reset. If the closing handshake had not completed, this emits
     * {@code Closed(1006, ..., clean=false)} (§7.1.5, §7.4.1); otherwise nothing.
     *
     * @return one {@code Closed(1006)} event, or empty if the connection was already CLOSED
     */
    public List<Event> onTransportClosed() {
        transportGone = true;
        transportShouldClose = true;
        closeDeadlineArmed = false;
        pongDeadlineArmed = false;
        keepAliveIntervalNanos = 0;
        if (state == ConnectionState.CLOSED) {
            return List.of();
        }
        List<Event> events = new ArrayList<>(1);
        boolean peerStarted = state == ConnectionState.OPEN;
        enterClosed(abnormal("the TCP connection closed before the closing handshake completed", peerStarted), events);
        return events;
    }

    /**
     * Sends a keep-alive Ping whenever the peer has been silent for {@code interval}, each with the pong
     * deadline of {@link #ping(byte[], long)}: a peer that answers nothing within {@link Limits#pongTimeout()}
     * is considered gone (a half-open TCP connection is otherwise never noticed). The driver only has to call
     * {@link #onTimer(long)} at {@link #nextDeadlineNanos()}.
     *
     * @param interval how long the peer may stay silent before we ping; zero or negative turns keep-alive off
     * @param nowNanos the current time; the silence is counted from here (and from every later read)
     */
    public void keepAlive(Duration interval, long nowNanos) {
        keepAliveIntervalNanos = interval.isNegative() || interval.isZero() ? 0 : saturatedNanos(interval);
        lastHeardNanos = nowNanos;
    }

    /**
     * When the driver should call {@link #onTimer(long)} next: the close deadline (the transport must be gone
     * by then), the pong deadline, or the next keep-alive Ping. Empty if nothing is pending.
     *
     * @return the earliest deadline, in the clock of the {@code nowNanos} values passed in; empty if no timer
     *         is needed
     */
    public OptionalLong nextDeadlineNanos() {
        long next = 0;
        boolean any = false;
        if (closeDeadlineArmed) {
            next = closeDeadline;
            any = true;
        }
        if (pongDeadlineArmed && state != ConnectionState.CLOSED) {
            next = any && next - pongDeadline < 0 ? next : pongDeadline;
            any = true;
        }
        if (keepAliveDue()) {
            long ping = lastHeardNanos + keepAliveIntervalNanos;
            next = any && next - ping < 0 ? next : ping;
            any = true;
        }
        return any ? OptionalLong.of(next) : OptionalLong.empty();
    }

    /**
     * Lets time pass. Past the close deadline the transport must go now ({@link #shouldDropTransport()}),
     * and a connection still waiting for the peer's Close ends with {@code Closed(1006)}. Past the pong
     * deadline the peer is considered gone: {@code Closed(1006)}. When the peer was silent for the keep-alive
     * interval, a Ping is queued.
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
            transportMustDrop = true;
            if (state != ConnectionState.CLOSED) {
                enterClosed(abnormal("the peer did not answer our Close within " + limits.closeTimeout().toMillis()
                        + " ms", false), events);
            }
        }
        if (pongDeadlineArmed && state != ConnectionState.CLOSED && nowNanos - pongDeadline >= 0) {
            pongDeadlineArmed = false;
            transportShouldClose = true;
            transportMustDrop = true;
            enterClosed(abnormal("no Pong arrived within " + limits.pongTimeout().toMillis()
                    + " ms of our Ping; the peer is considered gone", false), events);
        }
        if (keepAliveDue() && nowNanos - (lastHeardNanos + keepAliveIntervalNanos) >= 0) {
            ping(KEEP_ALIVE_PAYLOAD, nowNanos);
        }
        return events;
    }

    /**
     * True when the I/O layer should close the TCP connection once the outbox is written: a server as soon
     * as the closing handshake is done or it failed the connection (§7.1.1: the server closes first); a
     * client only when the server did not close in time; either side once a deadline passed or the transport
     * is gone. Until then a client keeps reading (lingering): the connection discards what arrives.
     *
     * @return true if the I/O layer should close TCP after writing the outbox; false keeps it open
     */
    public boolean shouldCloseTransport() {
        return transportShouldClose;
    }

    /**
     * True when the I/O layer must close the TCP connection <em>now</em>, even if bytes of the outbox are still
     * unwritten: the close deadline passed (the peer stopped reading, or never answered our Close), or the
     * pong deadline did. This is what bounds a closing connection's life to {@link Limits#closeTimeout()}.
     *
     * @return true if TCP must be closed at once, discarding what was not written
     */
    public boolean shouldDropTransport() {
        return transportMustDrop;
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
        // The encoded bytes are ours alone, so a large message's payload goes to the transport without a copy.
        return sendMessage(Opcode.TEXT, Payload.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sends a whole text message whose UTF-8 bytes were encoded already, without copying them: a payload is
     * immutable, so one encoding can go to many connections (a chat room's broadcast encodes once, not once
     * per member). In the server role a small message's frame is built once per payload too, and
     * {@link #takeOutbound()} returns it as a read-only buffer shared with the other connections.
     *
     * @param utf8 the message as UTF-8; {@link Payload#EMPTY} sends an empty message
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalArgumentException if the bytes are not valid UTF-8: a text message must be (§5.6, §8.1),
     *                                  and the peer would fail the connection with 1007
     * @throws IllegalStateException    if a streamed message is unfinished (§5.4)
     */
    public boolean sendText(Payload utf8) {
        if (!utf8.isValidUtf8()) {
            throw new IllegalArgumentException("a text message must be valid UTF-8 (RFC 6455 §5.6); send it as binary");
        }
        return sendMessage(Opcode.TEXT, null, utf8, 0, utf8.length(), true);
    }

    /**
     * Sends a whole binary message without copying it: a payload is immutable, so in the server role a large
     * one ({@link FrameEncoder#GATHERING_THRESHOLD} bytes or more) reaches {@link #takeOutbound()} as a
     * read-only view of its own bytes behind each frame header.
     *
     * @param data the message, any length; {@link Payload#EMPTY} sends an empty message
     * @return true if queued in the outbox; false if a Close was already sent or the connection is closed
     * @throws IllegalStateException if a streamed message is unfinished (§5.4)
     */
    public boolean sendBinary(Payload data) {
        return sendMessage(Opcode.BINARY, data);
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
        if (outbound != null) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            return sendMessage(Opcode.BINARY, copy, 0, copy.length);
        }
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
     * arms the close deadline at {@code nowNanos + closeTimeout}: by then the transport must be gone.
     * {@link CloseStatus#NO_STATUS} sends an empty Close.
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
        queueClose(status, nowNanos);
        state = ConnectionState.CLOSE_SENT;
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
     * ({@link java.nio.channels.GatheringByteChannel#write(ByteBuffer[])}). The buffers belong to the caller;
     * those of a payload sent without a copy ({@link #sendBinary(Payload)} of 1 KiB or more, {@link #sendText(Payload)})
     * are read-only views, so write them through a channel rather than through {@code array()}.
     *
     * @return the queued frames' bytes, each buffer ready to be read; an empty array if nothing waits
     */
    public ByteBuffer[] takeOutbound() {
        ByteBuffer[] taken = outbox.toArray(new ByteBuffer[0]);
        outbox.clear();
        return taken;
    }

    /**
     * {@link #takeOutbound()} without the array: hands each queued buffer, in order, to {@code sink}, and empties
     * the outbox. For an I/O layer that keeps its own queue of unwritten buffers (one buffer per frame sent is
     * then the only allocation of a shared broadcast frame).
     *
     * @param sink receives the buffers in order; they belong to it, and the same read-only rule applies
     */
    public void takeOutbound(Consumer<? super ByteBuffer> sink) {
        for (int i = 0; i < outbox.size(); i++) {
            sink.accept(outbox.get(i));
        }
        outbox.clear();
    }

    /**
     * Bytes consumed by {@link #receive(ByteBuffer, long, Consumer)} so far.
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

    /** Reads up to the end of the current frame; true if a frame ended (its events are in {@link #pending}). */
    private boolean receiveUpToFrameEnd(ByteBuffer bytes, long nowNanos) {
        while (bytes.hasRemaining() && state != ConnectionState.CLOSED) {
            if (frame == null) {
                DecodeResult result = decoder.decodeHeader(bytes);
                if (result instanceof DecodeResult.Failed failed) {
                    failConnection(failed.violation(), nowNanos);
                    return false;
                }
                if (!(result instanceof DecodeResult.HeaderDecoded decoded)) {
                    return false;
                }
                frame = decoded.header();
                observer.onHeader(frame, decoded.frameOffset());
                if (!startFrame(nowNanos)) {
                    return false;
                }
            } else if (frame.isControl()) {
                int n = decoder.readPayload(bytes, controlPayload, controlFilled, controlPayload.length - controlFilled);
                observer.onPayload(controlPayload, controlFilled, n);
                controlFilled += n;
            } else {
                Optional<ProtocolViolation> violation = messages.readPayload(decoder, bytes, observer);
                if (violation.isPresent()) {
                    failConnection(violation.get(), nowNanos);
                    return false;
                }
            }
            if (decoder.payloadRemaining() == 0) {
                endFrame(nowNanos);
                return true;
            }
        }
        return false;
    }

    /** A header was accepted by the codec: the message layer judges a data frame's header; false if it failed. */
    private boolean startFrame(long nowNanos) {
        if (frame.isControl()) {
            // Control payloads are at most 125 bytes (the codec checked, RFC 6455 §5.5).
            controlPayload = new byte[(int) frame.payloadLength()];
            controlFilled = 0;
            if (frame.rsv1() || frame.rsv2() || frame.rsv3()) {
                // RFC 6455 §5.2 lets an extension give RSV bits a meaning; none we support gives one to a
                // control frame (RFC 7692 §6.1 says so for RSV1).
                failConnection(ProtocolViolation.protocolError("RSV" + (frame.rsv1() ? 1 : frame.rsv2() ? 2 : 3),
                        "a " + frame.knownOpcode().orElseThrow() + " frame has an RSV bit set; no extension gives "
                                + "RSV bits a meaning on control frames", "RFC 6455 §5.2"), nowNanos);
                return false;
            }
            return true;
        }
        Optional<ProtocolViolation> violation = messages.onHeader(frame);
        if (violation.isPresent()) {
            failConnection(violation.get(), nowNanos);
            return false;
        }
        return true;
    }

    private void endFrame(long nowNanos) {
        FrameHeader done = frame;
        frame = null;
        if (!done.isControl()) {
            MessageReader.Outcome outcome = messages.onFrameEnd();
            if (outcome instanceof MessageReader.Complete complete) {
                pending.add(complete.message());
            } else if (outcome instanceof MessageReader.Invalid invalid) {
                failConnection(invalid.violation(), nowNanos);
            }
            return;
        }
        Payload payload = Payload.wrap(controlPayload);
        controlPayload = null;
        switch (done.knownOpcode().orElseThrow()) {
            case PING -> {
                // RFC 6455 §5.5.2: answer with a Pong carrying the same data unless a Close was already
                // *received*; our own Close (CLOSE_SENT) does not excuse us. A peer's Close moves us out of
                // OPEN and CLOSE_SENT, so those two states are exactly "no Close received yet".
                if (state == ConnectionState.OPEN || state == ConnectionState.CLOSE_SENT) {
                    queue(encoder.encode(Frame.pong(payload)));
                }
                pending.add(new Event.Ping(payload));
            }
            case PONG -> {
                pongDeadlineArmed = false;
                pending.add(new Event.Pong(payload));
            }
            default -> onClose(payload, nowNanos);
        }
    }

    private void onClose(Payload body, long nowNanos) {
        byte[] bytes = body.toByteArray();
        Optional<ProtocolViolation> violation = CloseStatus.checkBody(bytes);
        if (violation.isPresent()) {
            failConnection(violation.get(), nowNanos);
            return;
        }
        CloseStatus status = CloseStatus.fromBody(bytes);
        closeReceived = status;
        pending.add(new Event.CloseReceived(status));
        boolean peerStarted = state == ConnectionState.OPEN;
        if (peerStarted) {
            // RFC 6455 §5.5.1: answer a Close with a Close, typically echoing the status code.
            queueClose(status.isEmptyBody() ? CloseStatus.NO_STATUS : new CloseStatus(status.code(), ""), nowNanos);
        }
        // RFC 6455 §7.1.5: the connection's close code is the code of the first Close received.
        enterClosed(new Event.Closed(status.code(), status.reason(), true, peerStarted, closeSent()), pending);
        if (role.closesTransportFirst()) {
            transportShouldClose = true;
        }
        // A client waits for the server to close TCP (§7.1.1), until the close deadline at most.
    }

    /**
     * RFC 6455 §7.1.7: send a Close with the violation's code (if we have not sent one yet) and close the
     * connection; no Close comes back that we would read, so the close code is 1006 (§7.1.5) and our Close is
     * reported as sent. A server closes TCP once the Close is written; a client lingers for the server's close.
     */
    private void failConnection(ProtocolViolation violation, long nowNanos) {
        pending.add(Event.Violation.of(violation));
        if (state == ConnectionState.OPEN) {
            queueClose(new CloseStatus(violation.closeCode().code(),
                    Utf8Length.truncate(violation.explanation(), CloseStatus.MAX_REASON_BYTES)), nowNanos);
        }
        if (role.closesTransportFirst()) {
            transportShouldClose = true;
        }
        enterClosed(new Event.Closed(CloseCode.ABNORMAL_CLOSURE.code(), violation.explanation(), false, false,
                closeSent()), pending);
    }

    /** Queues a Close and arms the deadline by which the transport must be gone (once, at the first Close). */
    private void queueClose(CloseStatus status, long nowNanos) {
        queue(encoder.encode(Frame.close(status)));
        closeSent = status;
        outboundStream = null;
        if (!closeDeadlineArmed && !transportGone) {
            closeDeadlineArmed = true;
            closeDeadline = nowNanos + limits.closeTimeoutNanos();
        }
    }

    private Event.Closed abnormal(String why, boolean peerStarted) {
        return new Event.Closed(CloseCode.ABNORMAL_CLOSURE.code(), why, false, peerStarted, closeSent());
    }

    private void enterClosed(Event.Closed closed, List<Event> events) {
        if (state != ConnectionState.CLOSED && outbound != null) {
            outbound.release(); // e.g. zlib's native memory, on every way a connection ends
        }
        state = ConnectionState.CLOSED;
        pongDeadlineArmed = false;
        keepAliveIntervalNanos = 0;
        outboundStream = null;
        if (!closedEventEmitted) {
            closedEventEmitted = true;
            events.add(closed);
        }
    }

    private boolean keepAliveDue() {
        return keepAliveIntervalNanos > 0 && state == ConnectionState.OPEN && !pongDeadlineArmed;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private boolean sendMessage(Opcode opcode, Payload data) {
        return sendMessage(opcode, null, data, 0, data.length(), false);
    }

    private boolean sendMessage(Opcode opcode, byte[] data, int offset, int length) {
        return sendMessage(opcode, data, null, offset, length, false);
    }

    /**
     * The one place a whole message is queued: {@code owned} (an immutable payload) may be handed to the
     * transport without a copy; {@code borrowed[offset .. offset+length)} belongs to the caller and is copied.
     */
    private boolean sendMessage(Opcode opcode, byte[] borrowed, Payload owned, int offset, int length, boolean shared) {
        if (!canSendData()) {
            return false;
        }
        requireNoStream();
        if (outbound != null) {
            // The extension reads the bytes during the call (a copy of an owned payload only when one is negotiated).
            byte[] data = owned != null ? owned.toByteArray() : borrowed;
            int from = owned != null ? 0 : offset;
            Optional<byte[]> transformed = outbound.transformOutgoing(opcode, data, from, length);
            if (transformed.isPresent()) {
                // The extension's output is a fresh array: ours, so it need not be copied again.
                // RFC 7692 §6.1: the extension's RSV bits go on the first frame of the message only.
                ByteBuffer[] frames = encoder.encodeMessage(opcode, true, Payload.wrap(transformed.get()),
                        limits.outboundFragmentSize(), outbound.outgoingRsvBits());
                for (ByteBuffer buffer : frames) {
                    queue(buffer);
                }
                return true;
            }
        }
        if (owned != null) {
            int fragmentSize = limits.outboundFragmentSize();
            ByteBuffer sharedFrame = shared ? encoder.encodeSharedFrame(opcode, owned, fragmentSize) : null;
            if (sharedFrame != null) {
                queue(sharedFrame); // a room's broadcast: no array per member
                return true;
            }
            for (ByteBuffer buffer : encoder.encodeMessage(opcode, true, owned, fragmentSize)) {
                queue(buffer);
            }
        } else {
            queue(fragments(opcode, true, borrowed, offset, length));
        }
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
}
