package dev.wslab.framing.codec;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Turns frames into bytes (RFC 6455 §5.2): minimal length forms, masking by role, fragmentation.
 *
 * <p>A client encoder masks every frame with a fresh key from its {@link MaskingKeySource} (§5.3); a server
 * encoder never masks (§5.1). Lengths always use the shortest form (§5.2). No RSV bit is ever set.
 *
 * <p>Three levels:
 * <ul>
 *   <li>{@link #encode(Frame)} and {@link #encode(Frame, ByteBuffer)}: one frame.</li>
 *   <li>{@link #encodeFragments}: one message (or one part of a streamed message) split into frames of at most
 *       {@code fragmentSize} payload bytes (§5.4), written into one buffer.</li>
 *   <li>{@link #writeHeader(FrameHeader, ByteBuffer)}: any header exactly as given, even a broken one, for
 *       tools and tests.</li>
 * </ul>
 *
 * <p>Not thread-safe (the key source is not): one encoder per connection.
 */
public final class FrameEncoder {

    private final Role role;
    private final MaskingKeySource keys;

    /** An encoder for {@code role}; a client draws keys from {@link MaskingKeySource#secure()}. */
    public FrameEncoder(Role role) {
        this(role, role.masksOutgoingFrames() ? MaskingKeySource.secure() : MaskingKeySource.fixed(0));
    }

    /** An encoder for {@code role} with the given key source (used only by a client). */
    public FrameEncoder(Role role, MaskingKeySource keys) {
        this.role = Objects.requireNonNull(role, "role");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The role this encoder writes for. */
    public Role role() {
        return role;
    }

    /** The header size for a payload of {@code payloadLength} bytes: 2 + 0/2/8 + (masked ? 4 : 0). */
    public static int headerLength(long payloadLength, boolean masked) {
        return 2 + LengthForm.minimalFor(payloadLength).extraBytes() + (masked ? 4 : 0);
    }

    /** The total size of one frame with {@code payloadLength} bytes, as this encoder writes it. */
    public int frameLength(int payloadLength) {
        return headerLength(payloadLength, role.masksOutgoingFrames()) + payloadLength;
    }

    /** One frame in a new heap buffer, ready to be read (position 0, limit at the end). */
    public ByteBuffer encode(Frame frame) {
        Payload payload = frame.payload();
        ByteBuffer out = ByteBuffer.allocate(frameLength(payload.length()));
        encode(frame, out);
        return out.flip();
    }

    /** Writes one frame into {@code dst} (which needs {@link #frameLength(int)} bytes of room). */
    public void encode(Frame frame, ByteBuffer dst) {
        byte[] bytes = frame.payload().array();
        encode(frame.fin(), frame.opcode(), bytes, 0, bytes.length, dst);
    }

    /**
     * Writes one frame whose payload is {@code payload[offset .. offset+length)} into {@code dst}. The
     * source array is not modified; in the client role the payload is masked while it is copied.
     *
     * @throws IllegalArgumentException if a control frame would break §5.5 (FIN=0 or more than 125 bytes)
     * @throws java.nio.BufferOverflowException if {@code dst} lacks room
     */
    public void encode(boolean fin, Opcode opcode, byte[] payload, int offset, int length, ByteBuffer dst) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (opcode.isControl() && (!fin || length > 125)) {
            throw new IllegalArgumentException("RFC 6455 §5.5: a control frame needs FIN=1 and at most 125 bytes");
        }
        boolean masked = role.masksOutgoingFrames();
        int key = masked ? keys.nextKey() : 0;
        writeHeader(FrameHeader.of(fin, opcode, masked, length, key), dst);
        int start = dst.position();
        if (!masked) {
            dst.put(payload, offset, length);
        } else if (dst.hasArray()) {
            if (dst.remaining() < length) {
                throw new java.nio.BufferOverflowException();
            }
            Masking.maskCopy(payload, offset, dst.array(), dst.arrayOffset() + start, length, key, 0);
            dst.position(start + length);
        } else {
            dst.put(payload, offset, length);
            Masking.mask(dst, start, length, key, 0);
        }
    }

    /**
     * The bytes {@link #encodeFragments} writes for {@code length} payload bytes cut into pieces of at most
     * {@code fragmentSize}.
     */
    public int fragmentsLength(int length, int fragmentSize) {
        if (fragmentSize < 1) {
            throw new IllegalArgumentException("fragmentSize must be positive");
        }
        int fullFrames = length / fragmentSize;
        int rest = length % fragmentSize;
        long total = (long) fullFrames * frameLength(fragmentSize);
        if (rest > 0 || fullFrames == 0) {
            total += frameLength(rest);
        }
        return Math.toIntExact(total);
    }

    /**
     * Writes {@code payload[offset .. offset+length)} as data frames of at most {@code fragmentSize} payload
     * bytes each (RFC 6455 §5.4): the first frame has {@code firstOpcode}, the rest are CONTINUATION, and only
     * the very last has FIN=1, and only if {@code lastPart} is true. An empty payload still makes one frame.
     *
     * <p>For a whole message pass TEXT or BINARY and {@code lastPart=true}. To stream a message in parts,
     * pass TEXT/BINARY for the first part and CONTINUATION for the later ones, with {@code lastPart} true
     * only on the final part.
     */
    public void encodeFragments(Opcode firstOpcode, boolean lastPart, byte[] payload, int offset, int length,
                                int fragmentSize, ByteBuffer dst) {
        if (!firstOpcode.isData()) {
            throw new IllegalArgumentException("only data frames can be fragmented (RFC 6455 §5.5), not " + firstOpcode);
        }
        if (fragmentSize < 1) {
            throw new IllegalArgumentException("fragmentSize must be positive");
        }
        Objects.checkFromIndexSize(offset, length, payload.length);
        Opcode opcode = firstOpcode;
        int done = 0;
        do {
            int n = Math.min(fragmentSize, length - done);
            boolean last = done + n == length;
            encode(lastPart && last, opcode, payload, offset + done, n, dst);
            opcode = Opcode.CONTINUATION;
            done += n;
        } while (done < length);
    }

    /** {@link #encodeFragments} into a new heap buffer, ready to be read. */
    public ByteBuffer encodeFragments(Opcode firstOpcode, boolean lastPart, byte[] payload, int fragmentSize) {
        ByteBuffer out = ByteBuffer.allocate(fragmentsLength(payload.length, fragmentSize));
        encodeFragments(firstOpcode, lastPart, payload, 0, payload.length, fragmentSize, out);
        return out.flip();
    }

    /**
     * Writes {@code header} exactly as given, including set RSV bits, a reserved opcode or a non-minimal
     * length form: for tools that show what a broken frame looks like, and for tests of the decoder.
     * Writes only the header; the (masked) payload is the caller's business.
     */
    public static void writeHeader(FrameHeader header, ByteBuffer dst) {
        int byte0 = (header.fin() ? 0x80 : 0) | (header.rsv1() ? 0x40 : 0) | (header.rsv2() ? 0x20 : 0)
                | (header.rsv3() ? 0x10 : 0) | header.opcode();
        long length = header.payloadLength();
        LengthForm form = header.lengthForm();
        dst.put((byte) byte0);
        dst.put((byte) ((header.masked() ? 0x80 : 0) | form.sevenBitValue(length)));
        // Network byte order whatever the buffer's order() says (RFC 6455 §5.2).
        if (form == LengthForm.SIXTEEN_BIT) {
            putBigEndian(dst, length, 2);
        } else if (form == LengthForm.SIXTY_FOUR_BIT) {
            putBigEndian(dst, length, 8);
        }
        if (header.masked()) {
            putBigEndian(dst, header.maskingKey(), 4);
        }
    }

    private static void putBigEndian(ByteBuffer dst, long value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            dst.put((byte) (value >>> shift));
        }
    }
}
