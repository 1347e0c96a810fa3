package dev.wslab.framing.deflate;

import dev.wslab.framing.ProtocolViolation;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses permessage-deflate messages piece by piece as their frames arrive (RFC 7692 §7.2.2):
 * each frame's payload goes to {@link #inflate}, and {@link #endMessage} appends the
 * {@code 00 00 ff ff} the sender removed. Inflated bytes go to a {@link Sink} as they appear, in
 * pieces of at most 8 KiB.
 *
 * <p><b>The decompression bomb.</b> A few kilobytes of DEFLATE can stand for gigabytes. This class
 * has no size limit of its own: the message size rule (1009, RFC 6455 §10.4) has one home, the
 * connection's message layer ({@code MessageReader}, which checks what an extension writes). zlib
 * fills at most 8 KiB at a time and each piece goes to the {@link Sink} before the next is inflated, so
 * when the sink answers false (its owner saw the message grow too big, or its text is not UTF-8)
 * inflating stops there, and the rest is never inflated. Memory use is bounded by the receiver's
 * limit, not by what the compressed bytes claim.
 *
 * <p>Data that is not valid DEFLATE fails with 1007 (the payload is inconsistent with the message,
 * RFC 6455 §7.4.1), as ws does. A block with BFINAL set ends the sender's stream (§7.2.3.3); bytes
 * after it in the same message (such as the appended tail) are ignored, as zlib-based peers do, and
 * the decoder starts afresh with the next message.
 *
 * <p>Not thread-safe: one per connection. {@link #close()} frees the native memory.
 */
public final class MessageDecompressor implements AutoCloseable {
    private static final int OUTPUT_CHUNK = 8192;

    /** Receives inflated bytes; they are only valid during the call, so copy what you keep. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Inflated bytes of the current message, in order.
         *
         * @param bytes  a buffer owned by the decompressor, reused after the call
         * @param offset where the new bytes start
         * @param length how many, at least 1
         * @return true to go on; false when the receiver rejected the message (say, it grew past the
         *     receiver's size limit, or its text is not UTF-8), after which nothing more is inflated in this call
         */
        boolean accept(byte[] bytes, int offset, int length);
    }

    private final Inflater inflater = new Inflater(true); // raw DEFLATE (RFC 7692 §7.2.2)
    private final boolean noContextTakeover;
    private final byte[] out = new byte[OUTPUT_CHUNK];
    private long inflatedInMessage;
    private boolean streamFinished;
    private boolean closed;

    /**
     * A decompressor for the messages one peer sends.
     *
     * @param noContextTakeover true when the peer resets its compressor after every message
     *                          ({@code *_no_context_takeover}, §7.1.1), so our history can go too
     */
    public MessageDecompressor(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /**
     * Inflates one piece of a compressed message (a frame's payload, or any part of it). Consumes
     * {@code compressed} entirely unless a violation is returned.
     *
     * @param compressed the next compressed bytes of the current message
     * @param sink       receives what they inflate to
     * @return empty if all is well (or the sink stopped: its owner reports why); a 1007 violation for
     *     bytes that are not DEFLATE. After a violation the connection must fail; call {@link #close()}.
     * @throws IllegalStateException after {@link #close()}
     */
    public Optional<ProtocolViolation> inflate(ByteBuffer compressed, Sink sink) {
        requireOpen();
        if (streamFinished) {
            compressed.position(compressed.limit()); // after a final block: ignored, see the class comment
            return Optional.empty();
        }
        return run(compressed, sink);
    }

    /**
     * Ends the current message: appends {@code 00 00 ff ff} (§7.2.2), inflates what it releases, and
     * resets the history when context takeover is off or the sender ended its stream.
     *
     * @param sink receives the last inflated bytes
     * @return empty if the message was complete and valid; else the violation, as for {@link #inflate}
     * @throws IllegalStateException after {@link #close()}
     */
    public Optional<ProtocolViolation> endMessage(Sink sink) {
        requireOpen();
        Optional<ProtocolViolation> result = streamFinished ? Optional.empty()
                : run(ByteBuffer.wrap(DeflateTail.BYTES), sink);
        if (noContextTakeover || streamFinished) {
            inflater.reset();
        }
        streamFinished = false;
        inflatedInMessage = 0;
        return result;
    }

    /**
     * How many bytes the current message has inflated to so far.
     *
     * @return inflated bytes since the last {@link #endMessage}
     */
    public long inflatedSoFar() {
        return inflatedInMessage;
    }

    private Optional<ProtocolViolation> run(ByteBuffer input, Sink sink) {
        inflater.setInput(input);
        try {
            while (true) {
                // At most one chunk at a time, handed on before the next: a sink that stops stops the bomb.
                int n = inflater.inflate(out, 0, out.length);
                if (n > 0) {
                    inflatedInMessage += n;
                    if (!sink.accept(out, 0, n)) {
                        return Optional.empty(); // the receiver failed the message (size, UTF-8); it reports why
                    }
                    continue;
                }
                if (inflater.finished()) {
                    streamFinished = true;
                    return Optional.empty();
                }
                if (inflater.needsDictionary()) {
                    return Optional.of(corrupt("the stream asks for a preset dictionary, which permessage-deflate never uses"));
                }
                if (inflater.needsInput()) {
                    return Optional.empty();
                }
            }
        } catch (DataFormatException e) {
            return Optional.of(corrupt("not valid DEFLATE data (" + e.getMessage() + ")"));
        } finally {
            input.position(input.limit());
        }
    }

    private static ProtocolViolation corrupt(String why) {
        return ProtocolViolation.invalidPayload("compressed payload", "the permessage-deflate payload cannot be inflated: "
                + why, "RFC 7692 §7.2.2, RFC 6455 §7.4.1");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the decompressor is closed");
        }
    }

    /**
     * Frees zlib's native memory ({@code Inflater.end()}); safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inflater.end();
        }
    }
}
