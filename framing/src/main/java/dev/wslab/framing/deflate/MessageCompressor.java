package dev.wslab.framing.deflate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses whole messages for permessage-deflate (RFC 7692 §7.2.1): DEFLATE the message, flush so
 * the peer can decode everything sent so far, and remove the {@code 00 00 ff ff} that the flush's
 * empty stored block ends with — the receiver appends it again.
 *
 * <p><b>Window sizes below 15 bits.</b> The JDK's {@code Deflater} always uses a 32 KiB window and has
 * no setting to shrink it. A peer that asked for {@code *_max_window_bits=n} decodes with only 2^n bytes
 * of history, so we must never refer further back than that. We guarantee it by giving zlib at most
 * 2^n bytes between two full flushes: a full flush makes zlib forget its history (its hash chains are
 * cleared), so no back-reference can reach across it, and inside a piece of 2^n bytes no distance can
 * reach 2^n. The price is ratio (small windows compress less, and each flush costs about five bytes),
 * never correctness; with such a window the history is also dropped between messages.
 *
 * <p>Not thread-safe: one per connection and direction. {@link #close()} frees the native memory.
 */
public final class MessageCompressor implements AutoCloseable {
    private static final int OUTPUT_CHUNK = 8192;
    private static final byte[] EMPTY = new byte[0];

    private final Deflater deflater;
    private final int windowBits;
    private final boolean noContextTakeover;
    private final byte[] out = new byte[OUTPUT_CHUNK];
    private boolean closed;

    /**
     * A compressor for one direction of one connection.
     *
     * @param level             zlib level, 0 (store) to 9 (smallest), or -1 for zlib's default (6)
     * @param windowBits        the window the peer allowed us, 8 to 15 ({@code *_max_window_bits}, §7.1.2)
     * @param noContextTakeover true to forget the history after every message ({@code *_no_context_takeover}, §7.1.1)
     * @throws IllegalArgumentException for a level or window out of range
     */
    public MessageCompressor(int level, int windowBits, boolean noContextTakeover) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("compression level must be -1 to 9, was " + level);
        }
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8 to 15 (RFC 7692 §7.1.2), was " + windowBits);
        }
        this.deflater = new Deflater(level, true); // raw DEFLATE, no zlib header (RFC 7692 §7.2.1)
        this.windowBits = windowBits;
        this.noContextTakeover = noContextTakeover;
    }

    /**
     * Compresses one message. Consumes {@code message} (its position moves to its limit).
     *
     * @param message the whole message payload, text already UTF-8 encoded
     * @return the compressed payload to send with RSV1 set on the first frame; never longer than
     *     about the message plus a few bytes per 2^windowBits of input
     * @throws IllegalStateException after {@link #close()}
     */
    public byte[] compress(ByteBuffer message) {
        if (closed) {
            throw new IllegalStateException("the compressor is closed");
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(16, message.remaining() / 2));
        if (windowBits == 15) {
            deflate(message, Deflater.SYNC_FLUSH, compressed);
        } else {
            // See the class comment: at most 2^n bytes between full flushes keeps every distance < 2^n.
            int piece = 1 << windowBits;
            do {
                ByteBuffer slice = message.slice();
                slice.limit(Math.min(piece, message.remaining()));
                message.position(message.position() + slice.remaining());
                deflate(slice, Deflater.FULL_FLUSH, compressed);
            } while (message.hasRemaining());
        }
        if (noContextTakeover) {
            deflater.reset(); // §7.1.1: the next message starts with an empty history
        }
        byte[] bytes = DeflateTail.strip(compressed.toByteArray());
        // zlib writes nothing for a flush with no new input (e.g. a second empty message); an empty
        // payload plus the appended tail would not be DEFLATE, so send the single 00 of §7.2.3.6.
        return bytes.length == 0 ? new byte[] {0x00} : bytes;
    }

    /**
     * Compresses one message.
     *
     * @param message the whole message payload
     * @return the compressed payload; see {@link #compress(ByteBuffer)}
     */
    public byte[] compress(byte[] message) {
        return compress(ByteBuffer.wrap(message));
    }

    private void deflate(ByteBuffer input, int flush, ByteArrayOutputStream sink) {
        deflater.setInput(input.hasRemaining() ? input : ByteBuffer.wrap(EMPTY));
        while (true) {
            int n = deflater.deflate(out, 0, out.length, flush);
            sink.write(out, 0, n);
            // A flush is complete once zlib returns with room to spare and has taken all input.
            if (n < out.length && deflater.needsInput()) {
                return;
            }
        }
    }

    /**
     * Frees zlib's native memory ({@code Deflater.end()}); safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            deflater.end();
        }
    }
}
