package dev.wslab.framing.connection;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.utf8.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The message layer: the one home of the rules about data messages (RFC 6455 §5.4, §5.6, §8.1, §10.4).
 * It receives the headers of data frames and their payload bytes straight from the codec and owns:
 * <ul>
 *   <li>fragment order: a CONTINUATION only continues a started message; no new TEXT/BINARY inside one (§5.4);</li>
 *   <li>the message size limit, 1009 (§7.4.1, §10.4): from the headers, before anything is buffered, and on
 *       the transformed bytes when an extension rewrites the message;</li>
 *   <li>UTF-8 of text, checked incrementally as the bytes arrive, even inside one large frame (§8.1, 1007);</li>
 *   <li>the extension seam: an {@link InboundExtension} checks its RSV bits on each data frame and may give
 *       a message a {@link MessageTransform} (e.g. inflate); the transform's output is what the size and
 *       UTF-8 rules see.</li>
 * </ul>
 * Package-private: the connection drives it, and everything else observes the connection.
 */
final class MessageReader implements MessageSink {

    /** What a completed frame meant. */
    sealed interface Outcome permits Incomplete, Complete, Invalid {
    }

    /** More frames of the message are expected. */
    record Incomplete() implements Outcome {
        static final Incomplete INSTANCE = new Incomplete();
    }

    /** The message is complete. */
    record Complete(Event message) implements Outcome {
    }

    /** The message breaks a rule. */
    record Invalid(ProtocolViolation violation) implements Outcome {
    }

    /** Size of the scratch array that wire bytes of a transformed message pass through. */
    private static final int TRANSFORM_CHUNK = 8192;
    private static final byte[] EMPTY = new byte[0];
    /**
     * The largest array kept for the next message after a text message (whose bytes were copied into its
     * String): chat-sized messages then allocate no array of their own, and an idle connection holds at most
     * this much.
     */
    static final int KEPT_TEXT_BUFFER = 512;

    private final int maxMessageSize;
    private final InboundExtension extension;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** TEXT or BINARY while a message is in progress, else null. */
    private Opcode messageType;
    private FrameHeader frame;
    private MessageTransform transform;
    private byte[] buffer = EMPTY;
    private int size;
    /** Wire bytes of the current transformed message, bounded too (see {@link #maxTransformedWireSize}). */
    private long wireSize;
    private byte[] wireChunk;
    /** Set by {@link #write} when transformed bytes break a rule. */
    private ProtocolViolation failure;

    /**
     * @param maxMessageSize the largest message accepted, in bytes (after any transform)
     * @param extension      the negotiated extension that takes part in receiving, or null for none
     */
    MessageReader(int maxMessageSize, InboundExtension extension) {
        this.maxMessageSize = maxMessageSize;
        this.extension = extension;
    }

    /** True while a fragmented message has started and its final frame has not arrived. */
    boolean isMessageInProgress() {
        return messageType != null;
    }

    /** The header of a data frame (TEXT, BINARY, CONTINUATION): fragment order, extension bits, size. */
    Optional<ProtocolViolation> onHeader(FrameHeader header) {
        Opcode opcode = header.knownOpcode().orElseThrow();
        boolean first = opcode != Opcode.CONTINUATION;
        if (!first && messageType == null) {
            // RFC 6455 §5.4: a continuation only continues a message started by a TEXT or BINARY frame.
            return fail(ProtocolViolation.protocolError("opcode",
                    "a CONTINUATION frame arrived, but no fragmented message was started by a TEXT or BINARY frame",
                    "RFC 6455 §5.4"));
        }
        if (first && messageType != null) {
            // RFC 6455 §5.4: fragments of one message are not interleaved with another message.
            return fail(ProtocolViolation.protocolError("opcode",
                    "a new " + opcode + " frame arrived while the previous fragmented message is unfinished; "
                            + "it must be continued with CONTINUATION frames until one has FIN=1",
                    "RFC 6455 §5.4"));
        }
        if (extension != null) {
            Optional<ProtocolViolation> bits = extension.checkFrame(header, first);
            if (bits.isPresent()) {
                return fail(bits.get());
            }
        }
        if (first) {
            messageType = opcode;
            size = 0;
            wireSize = 0;
            utf8.reset();
            transform = extension == null ? null : extension.startMessage(header).orElse(null);
        }
        frame = header;
        if (transform != null) {
            // The wire length says nothing about the transformed size: that is checked as bytes come out.
            // The wire bytes are bounded as well, so an endless message that inflates to nothing cannot
            // keep the connection busy forever.
            wireSize += header.payloadLength();
            if (wireSize > maxTransformedWireSize()) {
                return fail(ProtocolViolation.tooBig("payload length",
                        "this frame would make the compressed message " + wireSize + " bytes long on the wire, more "
                                + "than twice the " + maxMessageSize + " bytes this endpoint accepts per message",
                        "RFC 6455 §7.4.1, §10.4"));
            }
            if (wireChunk == null) {
                wireChunk = new byte[TRANSFORM_CHUNK];
            }
            return Optional.empty();
        }
        long total = size + header.payloadLength();
        if (total > maxMessageSize) {
            // RFC 6455 §10.4: limit "the total message size after reassembly"; §7.4.1: 1009.
            return fail(ProtocolViolation.tooBig("payload length",
                    "this frame would make the message " + total + " bytes long, more than this endpoint accepts ("
                            + maxMessageSize + " bytes per message)",
                    "RFC 6455 §7.4.1, §10.4"));
        }
        ensureCapacity((int) total, first && header.fin());
        return Optional.empty();
    }

    /**
     * Reads the current frame's payload bytes that are in {@code in}, checking them as they arrive.
     *
     * @param observer sees the unmasked wire bytes
     */
    Optional<ProtocolViolation> readPayload(FrameDecoder decoder, ByteBuffer in, FrameObserver observer) {
        if (transform == null) {
            int from = size;
            int n = decoder.readPayload(in, buffer, from, buffer.length - from);
            size += n;
            observer.onPayload(buffer, from, n);
            if (messageType == Opcode.TEXT && !utf8.feed(buffer, from, n)) {
                return fail(invalidUtf8(utf8.failurePosition()));
            }
            return Optional.empty();
        }
        while (decoder.payloadRemaining() > 0 && in.hasRemaining()) {
            int n = decoder.readPayload(in, wireChunk, 0, wireChunk.length);
            observer.onPayload(wireChunk, 0, n);
            Optional<ProtocolViolation> bad = transform.transform(wireChunk, 0, n, this);
            if (failure != null || bad.isPresent()) {
                return fail(failure != null ? failure : bad.get());
            }
        }
        return Optional.empty();
    }

    /** The current frame's payload is complete. */
    Outcome onFrameEnd() {
        if (!frame.fin()) {
            return Incomplete.INSTANCE;
        }
        if (transform != null) {
            Optional<ProtocolViolation> bad = transform.finish(this);
            if (failure != null || bad.isPresent()) {
                return new Invalid(fail(failure != null ? failure : bad.get()).orElseThrow());
            }
        }
        Event message;
        if (messageType == Opcode.TEXT) {
            if (!utf8.isAtCharacterBoundary()) {
                return new Invalid(fail(ProtocolViolation.invalidPayload("payload",
                        "the text message is not valid UTF-8: it ends in the middle of a multi-byte character",
                        "RFC 6455 §8.1")).orElseThrow());
            }
            message = new Event.Text(new String(buffer, 0, size, StandardCharsets.UTF_8));
            byte[] reusable = buffer.length <= KEPT_TEXT_BUFFER ? buffer : EMPTY;
            clear();
            buffer = reusable;
        } else {
            message = new Event.Binary(size == 0 ? Payload.EMPTY
                    : Payload.wrap(size == buffer.length ? buffer : Arrays.copyOf(buffer, size)));
            clear();
        }
        return new Complete(message);
    }

    /** Transformed bytes of the current message: size limit first, then UTF-8. */
    @Override
    public boolean write(byte[] bytes, int offset, int length) {
        if (failure != null) {
            return false;
        }
        long total = (long) size + length;
        if (total > maxMessageSize) {
            failure = ProtocolViolation.tooBig("payload",
                    "the message grows to more than " + maxMessageSize + " bytes once decoded by the extension, "
                            + "more than this endpoint accepts",
                    "RFC 6455 §7.4.1, §10.4");
            return false;
        }
        ensureCapacity((int) total, false);
        System.arraycopy(bytes, offset, buffer, size, length);
        int from = size;
        size += length;
        if (messageType == Opcode.TEXT && !utf8.feed(buffer, from, length)) {
            failure = invalidUtf8(utf8.failurePosition());
            return false;
        }
        return true;
    }

    /**
     * The most wire bytes a transformed message may have: twice the message limit plus 1 KiB. DEFLATE makes
     * incompressible data a few percent longer (block headers, flushes every 2^windowBits bytes for small
     * windows), never twice as long.
     */
    private long maxTransformedWireSize() {
        return 2L * maxMessageSize + 1024;
    }

    /** Makes room for {@code needed} bytes; an unfragmented message gets an array of exactly its size. */
    private void ensureCapacity(int needed, boolean exact) {
        if (needed <= buffer.length) {
            return;
        }
        if (exact) {
            buffer = needed == 0 ? EMPTY : new byte[needed];
            return;
        }
        int grown = (int) Math.min(maxMessageSize, Math.max(needed, Math.max(1024, 2L * buffer.length)));
        buffer = Arrays.copyOf(buffer, grown);
    }

    private Optional<ProtocolViolation> fail(ProtocolViolation violation) {
        clear();
        return Optional.of(violation);
    }

    private void clear() {
        messageType = null;
        transform = null;
        frame = null;
        // The array may be referenced by the event just delivered (Payload.wrap): never reuse it here
        // (onFrameEnd keeps a small one after a text message, whose String holds a copy).
        buffer = EMPTY;
        size = 0;
        failure = null;
        utf8.reset();
    }

    private static ProtocolViolation invalidUtf8(long position) {
        // RFC 6455 §8.1: text that is not valid UTF-8 MUST fail the connection (1007, §7.4.1).
        return ProtocolViolation.invalidPayload("payload",
                "the text message is not valid UTF-8: byte " + position
                        + " of the message cannot appear at that point of a UTF-8 sequence",
                "RFC 6455 §8.1");
    }
}
