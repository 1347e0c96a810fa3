package dev.wslab.framing.codec;

import dev.wslab.framing.Limits;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits a byte stream into frame headers and payload bytes, incrementally, and applies every rule that a
 * frame header alone can decide (RFC 6455 §5.1–§5.5). It knows nothing of messages: fragment order, the
 * message size, UTF-8 and Close bodies are the message layer's rules ({@code connection}).
 *
 * <p>Two ways to drive it:
 * <ul>
 *   <li><b>Header and payload chunks</b> (what the connection does): {@link #decodeHeader(ByteBuffer)} until it
 *       returns {@link DecodeResult.HeaderDecoded}; then {@link #readPayload(ByteBuffer, byte[], int, int)}
 *       unmasks payload bytes straight into the caller's array while {@link #payloadRemaining()} is above 0.
 *       The caller decides where the payload goes (a message buffer, an inflater's input) before a byte of it
 *       is copied.</li>
 *   <li><b>Whole frames</b> (inspectors, load clients, benchmarks): {@link #decode(ByteBuffer)} returns one
 *       {@link DecodeResult.FrameDecoded} per frame, its payload in one array of exactly the announced length.</li>
 * </ul>
 * Bytes may be split anywhere, one at a time if you like; the result is the same.
 *
 * <p>Rules enforced, each failing with 1002 Protocol Error unless noted (all written in {@code HeaderRules}):
 * <ul>
 *   <li>RSV1–RSV3 must be 0 unless a negotiated extension gives the bit a meaning ({@code allowedRsvBits}, §5.2).</li>
 *   <li>Reserved opcodes 3–7 and 0xB–0xF are refused (§5.2).</li>
 *   <li>Control frames must have FIN=1 and at most 125 bytes (§5.5).</li>
 *   <li>MASK must match the sender's role: set on frames to a server, clear on frames to a client (§5.1).</li>
 *   <li>A 64-bit length must have its top bit clear, and lengths use the minimal form (§5.2: "the minimal
 *       number of bytes MUST be used"; every correct encoder does, so refusing costs nothing).</li>
 *   <li>A frame payload above {@link Limits#maxFramePayload()} fails with 1009 Message Too Big (§7.4.1, §10.4),
 *       decided from the header before anything is allocated.</li>
 * </ul>
 *
 * <p>Not thread-safe: one decoder per direction of a connection. After a failure the decoder stays failed and
 * returns the same {@code Failed} result without consuming more input.
 */
public final class FrameDecoder {

    private static final int MAX_HEADER = 14;
    private static final byte[] EMPTY = new byte[0];

    private final Role receiver;
    private final int maxFramePayload;
    private final int allowedRsvBits;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerFilled;
    private int headerNeeded = 2;
    private boolean firstTwoBytesChecked;

    private FrameHeader current;
    private long payloadRemaining;
    private long payloadRead;

    /** Whole-frame mode only: the payload being filled by {@link #decode}. */
    private byte[] wholePayload;

    private long streamOffset;
    private long frameStartOffset;
    /** Where the frame of {@link #current} starts. */
    private long currentFrameOffset;
    private DecodeResult.Failed failure;

    /**
     * A decoder that allows no RSV bit (no extension negotiated).
     *
     * @param receiver the role of the endpoint that <em>receives</em> these frames (a server decodes what a
     *                 client sends)
     * @param limits   the frame size limit to enforce ({@link Limits#maxFramePayload()})
     */
    public FrameDecoder(Role receiver, Limits limits) {
        this(receiver, limits, 0);
    }

    /**
     * A decoder for a connection whose negotiated extensions give meaning to some RSV bits.
     *
     * @param receiver       the role of the endpoint that receives these frames
     * @param limits         the frame size limit to enforce
     * @param allowedRsvBits the RSV bits that may be set, as {@link HeaderBits#RSV1} | ...; 0 when no extension
     *                       was negotiated (RFC 6455 §5.2); which frames may carry them is the extension's rule
     */
    public FrameDecoder(Role receiver, Limits limits, int allowedRsvBits) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.maxFramePayload = Objects.requireNonNull(limits, "limits").maxFramePayload();
        if ((allowedRsvBits & ~HeaderBits.RSV_ALL) != 0) {
            throw new IllegalArgumentException("allowedRsvBits holds only RSV1-RSV3 (0x70), was 0x"
                    + Integer.toHexString(allowedRsvBits));
        }
        this.allowedRsvBits = allowedRsvBits;
    }

    /**
     * Reads the next frame's header. Call it when {@link #payloadRemaining()} is 0.
     *
     * @param in bytes from the transport; consumed up to the end of the header at most
     * @return the accepted header, a request for more input (the buffer is then empty), or the failure
     * @throws IllegalStateException if payload bytes of the previous frame are still unread
     */
    public DecodeResult decodeHeader(ByteBuffer in) {
        DecodeResult result = readHeader(in);
        return result != null ? result : new DecodeResult.HeaderDecoded(current, currentFrameOffset);
    }

    /** Reads header bytes; null once the header is complete and accepted (then in {@link #current}). */
    private DecodeResult readHeader(ByteBuffer in) {
        if (failure != null) {
            return failure;
        }
        if (payloadRemaining > 0) {
            throw new IllegalStateException(payloadRemaining + " payload bytes of the current frame are unread");
        }
        while (true) {
            while (headerFilled < headerNeeded && in.hasRemaining()) {
                header[headerFilled++] = in.get();
                streamOffset++;
            }
            if (headerFilled < headerNeeded) {
                return DecodeResult.NeedMoreInput.INSTANCE;
            }
            if (!firstTwoBytesChecked) {
                Optional<ProtocolViolation> violation = HeaderRules.checkFirstTwoBytes(header[0] & 0xFF,
                        header[1] & 0xFF, receiver, allowedRsvBits);
                if (violation.isPresent()) {
                    return fail(violation.get());
                }
                firstTwoBytesChecked = true;
                boolean masked = (header[1] & HeaderBits.MASK) != 0;
                headerNeeded = 2 + LengthForm.announcedBy(header[1] & HeaderBits.PAYLOAD_LENGTH).extraBytes()
                        + (masked ? 4 : 0);
                continue;
            }
            return acceptFullHeader();
        }
    }

    /**
     * Payload bytes of the current frame not read yet.
     *
     * @return 0 between frames (then call {@link #decodeHeader}); else how many payload bytes are still to come
     */
    public long payloadRemaining() {
        return payloadRemaining;
    }

    /**
     * Copies up to {@code maxLength} payload bytes of the current frame from {@code in} into {@code dst},
     * unmasking them on the way (RFC 6455 §5.3). Nothing is allocated.
     *
     * @param in        bytes from the transport; its position advances by the returned count
     * @param dst       where the unmasked bytes go
     * @param offset    the first index of {@code dst} to write
     * @param maxLength the most bytes to copy
     * @return how many bytes were copied: the least of {@code maxLength}, {@link #payloadRemaining()} and
     *         {@code in.remaining()}
     */
    public int readPayload(ByteBuffer in, byte[] dst, int offset, int maxLength) {
        int n = (int) Math.min(Math.min(payloadRemaining, in.remaining()), maxLength);
        if (n <= 0) {
            return 0;
        }
        Objects.checkFromIndexSize(offset, n, dst.length);
        int keyOffset = (int) (payloadRead & 3);
        if (current.masked()) {
            int key = current.maskingKey();
            if (in.hasArray()) {
                Masking.maskCopy(in.array(), in.arrayOffset() + in.position(), dst, offset, n, key, keyOffset);
                in.position(in.position() + n);
            } else {
                in.get(dst, offset, n);
                Masking.mask(dst, offset, n, key, keyOffset);
            }
        } else {
            in.get(dst, offset, n);
        }
        payloadRead += n;
        payloadRemaining -= n;
        streamOffset += n;
        return n;
    }

    /**
     * Whole-frame mode: consumes bytes until one frame is complete, the buffer is empty, or a rule is broken.
     * Do not mix with {@link #decodeHeader}/{@link #readPayload} on the same decoder.
     *
     * @param in bytes from the transport, split anywhere; the bytes after the first complete frame stay in it
     * @return one frame, a request for more input, or the same failure on every call after a broken rule
     */
    public DecodeResult decode(ByteBuffer in) {
        if (failure != null) {
            return failure;
        }
        if (wholePayload == null) {
            DecodeResult result = readHeader(in);
            if (result != null) {
                return result;
            }
            // Safe: the length is at most maxFramePayload, an int, checked with the header.
            wholePayload = current.payloadLength() == 0 ? EMPTY : new byte[(int) current.payloadLength()];
        }
        int filled = (int) payloadRead;
        readPayload(in, wholePayload, filled, wholePayload.length - filled);
        if (payloadRemaining > 0) {
            return DecodeResult.NeedMoreInput.INSTANCE;
        }
        Frame frame = new Frame(current.fin(), current.knownOpcode().orElseThrow(), Payload.wrap(wholePayload));
        wholePayload = null;
        return new DecodeResult.FrameDecoded(current, frame);
    }

    /**
     * True once a rule was broken.
     *
     * @return true after a {@link DecodeResult.Failed}; the decoder never recovers
     */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Bytes consumed so far.
     *
     * @return the total taken from all buffers given to this decoder since it was made
     */
    public long bytesConsumed() {
        return streamOffset;
    }

    private DecodeResult acceptFullHeader() {
        int byte0 = header[0] & 0xFF;
        int byte1 = header[1] & 0xFF;
        boolean masked = (byte1 & HeaderBits.MASK) != 0;
        LengthForm form = LengthForm.announcedBy(byte1 & HeaderBits.PAYLOAD_LENGTH);
        long length = switch (form) {
            case SEVEN_BIT -> byte1 & HeaderBits.PAYLOAD_LENGTH;
            case SIXTEEN_BIT -> ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            case SIXTY_FOUR_BIT -> readLong(header, 2);
        };
        Optional<ProtocolViolation> violation = HeaderRules.checkLength(form, length)
                .or(() -> HeaderRules.checkFrameSize(length, maxFramePayload));
        if (violation.isPresent()) {
            return fail(violation.get());
        }
        int key = masked ? readInt(header, 2 + form.extraBytes()) : 0;
        current = new FrameHeader((byte0 & HeaderBits.FIN) != 0, (byte0 & HeaderBits.RSV1) != 0,
                (byte0 & HeaderBits.RSV2) != 0, (byte0 & HeaderBits.RSV3) != 0, byte0 & HeaderBits.OPCODE, masked,
                length, form, key);
        currentFrameOffset = frameStartOffset;
        payloadRemaining = length;
        payloadRead = 0;
        headerFilled = 0;
        headerNeeded = 2;
        firstTwoBytesChecked = false;
        frameStartOffset = streamOffset + length;
        return null;
    }

    private DecodeResult.Failed fail(ProtocolViolation violation) {
        failure = new DecodeResult.Failed(violation, frameStartOffset);
        return failure;
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
                | (bytes[offset + 3] & 0xFF);
    }
}
