package dev.wslab.framing.deflate;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.HeaderBits;
import dev.wslab.framing.connection.InboundExtension;
import dev.wslab.framing.connection.MessageSink;
import dev.wslab.framing.connection.MessageTransform;
import dev.wslab.framing.connection.OutboundExtension;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * permessage-deflate on one connection, both directions (RFC 7692): RSV1 marks a compressed message on
 * its first frame only (§6.1); received compressed messages are inflated as their frames arrive
 * (§7.2.2) and the connection's message layer checks size and UTF-8 on the inflated bytes; outgoing
 * messages of at least {@code minMessageSize} bytes are compressed (§7.2.1), smaller ones go out as
 * they are (RSV1 = 0; §6: compression is decided per message).
 *
 * <p>One instance per connection; it holds a {@code Deflater} and an {@code Inflater} whose native memory
 * {@link #release()} frees — the connection calls it on every way it ends.
 */
public final class PerMessageDeflateExtension implements InboundExtension, OutboundExtension {
    /** Default zlib level: 6, zlib's own balance of speed and ratio. */
    public static final int DEFAULT_LEVEL = 6;
    /** Default threshold: messages under 32 bytes gain nothing from DEFLATE's block overhead. */
    public static final int DEFAULT_MIN_MESSAGE_SIZE = 32;

    private final MessageCompressor compressor;
    private final MessageDecompressor decompressor;
    private final int minMessageSize;
    private boolean released;

    /**
     * The extension for one endpoint, from the parameters the handshake agreed on (RFC 7692 §7.1) — the
     * fields of {@code dev.wslab.handshake.DeflateParameters}, which this module does not depend on.
     *
     * @param role                    which endpoint we are: it picks which half of each pair is ours
     * @param serverNoContextTakeover {@code server_no_context_takeover} was agreed
     * @param clientNoContextTakeover {@code client_no_context_takeover} was agreed
     * @param serverMaxWindowBits     the server's window, 8–15 (15 when not negotiated)
     * @param clientMaxWindowBits     the client's window, 8–15 (15 when not negotiated)
     * @param level                   our zlib level, -1 to 9
     * @param minMessageSize          messages shorter than this, in bytes, are sent uncompressed
     * @return the extension, holding native zlib memory until the connection releases it
     */
    public static PerMessageDeflateExtension agreed(Role role, boolean serverNoContextTakeover,
                                                    boolean clientNoContextTakeover, int serverMaxWindowBits,
                                                    int clientMaxWindowBits, int level, int minMessageSize) {
        boolean server = role == Role.SERVER;
        return new PerMessageDeflateExtension(server ? serverMaxWindowBits : clientMaxWindowBits,
                server ? serverNoContextTakeover : clientNoContextTakeover,
                server ? clientNoContextTakeover : serverNoContextTakeover, level, minMessageSize);
    }

    /**
     * The extension as agreed in the handshake, seen from one endpoint.
     *
     * @param ourWindowBits          the window we may compress with ({@code *_max_window_bits} for our role), 8–15
     * @param ourNoContextTakeover   whether we must reset our compressor per message (our role's {@code *_no_context_takeover})
     * @param peerNoContextTakeover  whether the peer resets per message (then our inflater may too)
     * @param level                  zlib level, -1 to 9
     * @param minMessageSize         messages shorter than this, in bytes, are sent uncompressed
     */
    public PerMessageDeflateExtension(int ourWindowBits, boolean ourNoContextTakeover, boolean peerNoContextTakeover,
                                      int level, int minMessageSize) {
        this.compressor = new MessageCompressor(level, ourWindowBits, ourNoContextTakeover);
        // The message layer owns the size limit (it stops us through the sink); no second limit here.
        this.decompressor = new MessageDecompressor(peerNoContextTakeover);
        this.minMessageSize = Math.max(0, minMessageSize);
    }

    @Override
    public int rsvBits() {
        return HeaderBits.RSV1;
    }

    @Override
    public Optional<ProtocolViolation> checkFrame(FrameHeader header, boolean firstOfMessage) {
        if (header.rsv1() && !firstOfMessage) {
            // RFC 7692 §6.1: RSV1 is set on the first frame of a compressed message only.
            return Optional.of(ProtocolViolation.protocolError("RSV1",
                    "RSV1 is set on a CONTINUATION frame; permessage-deflate marks only the first frame of a message",
                    "RFC 7692 §6.1"));
        }
        return Optional.empty();
    }

    @Override
    public Optional<MessageTransform> startMessage(FrameHeader firstFrame) {
        if (!firstFrame.rsv1()) {
            return Optional.empty(); // an uncompressed message (§6)
        }
        return Optional.of(new MessageTransform() {
            @Override
            public Optional<ProtocolViolation> transform(byte[] wire, int offset, int length, MessageSink out) {
                return decompressor.inflate(ByteBuffer.wrap(wire, offset, length), out::write);
            }

            @Override
            public Optional<ProtocolViolation> finish(MessageSink out) {
                return decompressor.endMessage(out::write);
            }
        });
    }

    @Override
    public Optional<byte[]> transformOutgoing(Opcode type, byte[] data, int offset, int length) {
        if (length < minMessageSize) {
            return Optional.empty();
        }
        return Optional.of(compressor.compress(ByteBuffer.wrap(data, offset, length)));
    }

    @Override
    public int outgoingRsvBits() {
        return HeaderBits.RSV1;
    }

    @Override
    public void release() {
        released = true;
        compressor.close();
        decompressor.close();
    }

    /** Whether {@link #release()} ran: the tests check that every way a connection ends frees zlib's memory. */
    boolean isReleased() {
        return released;
    }
}
