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

    /**
     * From this payload size on, {@link #encodeMessage} in the server role hands the payload on as it is instead
     * of copying it behind the header. Below it, one small buffer per message is cheaper than a second buffer
     * for the socket's gathering write to walk (a chat line is a few hundred bytes).
     */
    public static final int GATHERING_THRESHOLD = 1024;

    private final Role role;
    private final MaskingKeySource keys;

    /**
     * An encoder for {@code role}; a client draws keys from {@link MaskingKeySource#secure()}.
     *
     * @param role CLIENT masks every frame (RFC 6455 §5.3), SERVER never masks (§5.1); not null
     */
    public FrameEncoder(Role role) {
        this(role, role.masksOutgoingFrames() ? MaskingKeySource.secure() : MaskingKeySource.fixed(0));
    }

    /**
     * An encoder for {@code role} with the given key source (used only by a client).
     *
     * @param role CLIENT masks every frame (RFC 6455 §5.3), SERVER never masks (§5.1); not null
     * @param keys where a client's masking keys come from; must be unpredictable outside tests (§10.3);
     *             ignored by a server, but still not null
     */
    public FrameEncoder(Role role, MaskingKeySource keys) {
        this.role = Objects.requireNonNull(role, "role");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The role this encoder writes for.
     *
     * @return the role given at construction; CLIENT means every frame is masked
     */
    public Role role() {
        return role;
    }

    /**
     * The header size for a payload of {@code payloadLength} bytes: 2 + 0/2/8 + (masked ? 4 : 0).
     *
     * @param payloadLength payload size in bytes, 0 to 2^63-1; picks the shortest length form (RFC 6455 §5.2)
     * @param masked        true if the header carries a 4-byte masking key (§5.3)
     * @return the header size in bytes, from 2 to 14
     */
    public static int headerLength(long payloadLength, boolean masked) {
        return 2 + LengthForm.minimalFor(payloadLength).extraBytes() + (masked ? 4 : 0);
    }

    /**
     * The total size of one frame with {@code payloadLength} bytes, as this encoder writes it.
     *
     * @param payloadLength payload size in bytes, 0 or more
     * @return header plus payload in bytes, counting the masking key in the client role
     */
    public int frameLength(int payloadLength) {
        return headerLength(payloadLength, role.masksOutgoingFrames()) + payloadLength;
    }

    /**
     * One frame in a new heap buffer, ready to be read (position 0, limit at the end).
     *
     * @param frame the frame to write; a control frame must have FIN=1 and at most 125 bytes (RFC 6455 §5.5)
     * @return a new buffer holding exactly the frame's bytes, masked in the client role
     */
    public ByteBuffer encode(Frame frame) {
        Payload payload = frame.payload();
        ByteBuffer out = ByteBuffer.allocate(frameLength(payload.length()));
        encode(frame, out);
        return out.flip();
    }

    /**
     * Writes one frame into {@code dst} (which needs {@link #frameLength(int)} bytes of room).
     *
     * @param frame the frame to write; a control frame must have FIN=1 and at most 125 bytes (RFC 6455 §5.5)
     * @param dst   written from its position, which ends just after the frame
     */
    public void encode(Frame frame, ByteBuffer dst) {
        byte[] bytes = frame.payload().array();
        encode(frame.fin(), frame.opcode(), bytes, 0, bytes.length, dst);
    }

    /**
     * Writes one frame whose payload is {@code payload[offset .. offset+length)} into {@code dst}. The
     * source array is not modified; in the client role the payload is masked while it is copied.
     *
     * @param fin     true for the last frame of a message (RFC 6455 §5.2); always true for a control frame
     * @param opcode  the frame's type; CONTINUATION for all but the first frame of a fragmented message (§5.4)
     * @param payload holds the application data; not changed
     * @param offset  index of the payload's first byte, 0-based
     * @param length  payload size in bytes, 0 or more; at most 125 for a control frame (§5.5)
     * @param dst     written from its position, which ends just after the frame; needs
     *                {@link #frameLength(int) frameLength(length)} bytes of room
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
     *
     * @param length       payload size in bytes, 0 or more
     * @param fragmentSize most payload bytes per frame, 1 or more
     * @return the size in bytes of all frames together, headers included; an empty payload counts one frame
     * @throws IllegalArgumentException if {@code fragmentSize} is below 1
     * @throws ArithmeticException if the total does not fit an {@code int}
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
     *
     * @param firstOpcode  TEXT, BINARY or CONTINUATION: the opcode of the first frame written
     * @param lastPart     true if these bytes end the message, so the last frame gets FIN=1
     * @param payload      holds the data; not changed
     * @param offset       index of the first byte, 0-based
     * @param length       number of bytes to write, 0 or more
     * @param fragmentSize most payload bytes per frame, 1 or more
     * @param dst          written from its position; needs {@link #fragmentsLength(int, int)} bytes of room
     * @throws IllegalArgumentException if {@code firstOpcode} is a control opcode or {@code fragmentSize} is below 1
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

    /**
     * {@link #encodeFragments} into a new heap buffer, ready to be read.
     *
     * @param firstOpcode  TEXT, BINARY or CONTINUATION: the opcode of the first frame written
     * @param lastPart     true if these bytes end the message, so the last frame gets FIN=1
     * @param payload      all of it is written; not changed
     * @param fragmentSize most payload bytes per frame, 1 or more
     * @return a new buffer holding exactly the frames, position 0
     */
    public ByteBuffer encodeFragments(Opcode firstOpcode, boolean lastPart, byte[] payload, int fragmentSize) {
        ByteBuffer out = ByteBuffer.allocate(fragmentsLength(payload.length, fragmentSize));
        encodeFragments(firstOpcode, lastPart, payload, 0, payload.length, fragmentSize, out);
        return out.flip();
    }

    /**
     * One message (or one part of a streamed message) as the buffers a transport writes, in order, with one
     * gathering write: the frames of {@link #encodeFragments}, byte for byte.
     *
     * <p>In the server role a payload of at least {@link #GATHERING_THRESHOLD} bytes is not copied: each frame
     * is a small header buffer followed by a read-only view of the payload's own bytes (the payload is
     * immutable, so sharing it is safe). A client must mask (RFC 6455 §5.3), which changes every byte, and a
     * small payload is cheaper to copy: both get one buffer holding every frame. (For one payload sent by many
     * connections, {@link #encodeSharedMessage} also shares small frames.)
     *
     * @param firstOpcode  TEXT, BINARY or CONTINUATION: the opcode of the first frame written
     * @param lastPart     true if these bytes end the message, so the last frame gets FIN=1
     * @param payload      the data; never changed, and in the gathering case shared by the returned buffers
     * @param fragmentSize most payload bytes per frame, 1 or more (§5.4)
     * @return the buffers to write in order, each ready to be read; they belong to the caller
     * @throws IllegalArgumentException if {@code firstOpcode} is a control opcode or {@code fragmentSize} is below 1
     */
    public ByteBuffer[] encodeMessage(Opcode firstOpcode, boolean lastPart, Payload payload, int fragmentSize) {
        byte[] bytes = payload.array();
        if (role.masksOutgoingFrames() || bytes.length < GATHERING_THRESHOLD) {
            return new ByteBuffer[] {encodeFragments(firstOpcode, lastPart, bytes, fragmentSize)};
        }
        if (!firstOpcode.isData()) {
            throw new IllegalArgumentException("only data frames can be fragmented (RFC 6455 §5.5), not " + firstOpcode);
        }
        if (fragmentSize < 1) {
            throw new IllegalArgumentException("fragmentSize must be positive");
        }
        int frames = (bytes.length + fragmentSize - 1) / fragmentSize;
        ByteBuffer[] out = new ByteBuffer[2 * frames];
        // All headers share one small array: one allocation per message, however many frames.
        byte[] headers = new byte[fragmentsLength(bytes.length, fragmentSize) - bytes.length];
        ByteBuffer shared = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        int headerAt = 0;
        int done = 0;
        Opcode opcode = firstOpcode;
        for (int frame = 0; frame < frames; frame++) {
            int n = Math.min(fragmentSize, bytes.length - done);
            boolean fin = lastPart && done + n == bytes.length;
            ByteBuffer header = ByteBuffer.wrap(headers, headerAt, headers.length - headerAt);
            writeHeader(FrameHeader.of(fin, opcode, false, n, 0), header);
            out[2 * frame] = ByteBuffer.wrap(headers, headerAt, header.position() - headerAt).slice();
            headerAt = header.position();
            out[2 * frame + 1] = shared.duplicate().position(done).limit(done + n).slice();
            opcode = Opcode.CONTINUATION;
            done += n;
        }
        return out;
    }

    /**
     * {@link #encodeMessage(Opcode, boolean, Payload, int)} with an extension's RSV bits on the first frame only
     * (RFC 7692 §6.1: a compressed message sets RSV1 on its first frame).
     *
     * @param firstOpcode       TEXT, BINARY or CONTINUATION: the opcode of the first frame written
     * @param lastPart          true if these bytes end the message, so the last frame gets FIN=1
     * @param payload           the data (the extension's output); never changed
     * @param fragmentSize      most payload bytes per frame, 1 or more (§5.4)
     * @param firstFrameRsvBits {@code HeaderBits.RSV1} and/or RSV2, RSV3 as the extension negotiated them; 0 for none
     * @return the buffers to write in order, each ready to be read
     * @throws IllegalArgumentException if {@code firstOpcode} is a control opcode or {@code fragmentSize} is below 1
     */
    public ByteBuffer[] encodeMessage(Opcode firstOpcode, boolean lastPart, Payload payload, int fragmentSize,
                                      int firstFrameRsvBits) {
        ByteBuffer[] frames = encodeMessage(firstOpcode, lastPart, payload, fragmentSize);
        // The first buffer starts with the first frame's header, and this method's buffers are never shared.
        frames[0].put(0, (byte) (frames[0].get(0) | firstFrameRsvBits));
        return frames;
    }

    /**
     * A whole message whose payload many connections send (a chat room's broadcast): {@link #encodeMessage}, except
     * that in the server role a small payload that fits one frame is encoded once per {@link Payload}. The frame is
     * remembered with the payload, and every call (every connection) gets a <em>read-only</em> view of the same
     * bytes, so the caller's transport must write it without {@code array()} (a channel write does).
     *
     * @param opcode       TEXT or BINARY
     * @param payload      the message; never changed
     * @param fragmentSize most payload bytes per frame, 1 or more (§5.4)
     * @return the buffers to write in order, each ready to be read; read-only where shared
     */
    public ByteBuffer[] encodeSharedMessage(Opcode opcode, Payload payload, int fragmentSize) {
        ByteBuffer frame = encodeSharedFrame(opcode, payload, fragmentSize);
        return frame != null ? new ByteBuffer[] {frame} : encodeMessage(opcode, true, payload, fragmentSize);
    }

    /**
     * The one shared frame of {@link #encodeSharedMessage}, without the array around it (a broadcast calls this once
     * per member): a new read-only view of the frame built once per {@link Payload}, or {@code null} when this
     * message is not sent as one shared frame (client role, a control opcode, a payload of
     * {@value #GATHERING_THRESHOLD} bytes or more, or more than {@code fragmentSize}); then use
     * {@link #encodeMessage}.
     *
     * @param opcode       TEXT or BINARY
     * @param payload      the message; never changed
     * @param fragmentSize most payload bytes per frame, 1 or more (§5.4)
     * @return a read-only view at position 0 of the whole frame, or {@code null}
     */
    public ByteBuffer encodeSharedFrame(Opcode opcode, Payload payload, int fragmentSize) {
        byte[] bytes = payload.array();
        // RFC 6455 §5.3: a client masks every frame with a fresh key, so only a server's frames can be shared.
        if (role.masksOutgoingFrames() || (opcode != Opcode.TEXT && opcode != Opcode.BINARY)
                || bytes.length >= GATHERING_THRESHOLD || bytes.length > fragmentSize) {
            return null;
        }
        ByteBuffer frame = payload.unmaskedFrame(opcode);
        if (frame == null) {
            payload.rememberUnmaskedFrame(opcode, encodeFragments(opcode, true, bytes, fragmentSize).array());
            frame = payload.unmaskedFrame(opcode);
        }
        return frame;
    }

    /**
     * Writes {@code header} exactly as given, including set RSV bits, a reserved opcode or a non-minimal
     * length form: for tools that show what a broken frame looks like, and for tests of the decoder.
     * Writes only the header; the (masked) payload is the caller's business.
     *
     * @param header any header; the length and key are written in network byte order (RFC 6455 §5.2)
     * @param dst    written from its position, which ends just after the header; needs 2 to 14 bytes of room
     */
    public static void writeHeader(FrameHeader header, ByteBuffer dst) {
        int byte0 = (header.fin() ? HeaderBits.FIN : 0) | (header.rsv1() ? HeaderBits.RSV1 : 0) | (header.rsv2() ? HeaderBits.RSV2 : 0)
                | (header.rsv3() ? HeaderBits.RSV3 : 0) | header.opcode();
        long length = header.payloadLength();
        LengthForm form = header.lengthForm();
        dst.put((byte) byte0);
        dst.put((byte) ((header.masked() ? HeaderBits.MASK : 0) | form.sevenBitValue(length)));
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
