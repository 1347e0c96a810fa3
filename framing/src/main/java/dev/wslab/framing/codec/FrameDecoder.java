package dev.wslab.framing.codec;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.utf8.Utf8Validator;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits a byte stream into frames, incrementally, and applies every rule that a frame header alone can
 * decide (RFC 6455 §5.1–§5.5).
 *
 * <p>Feed it bytes in chunks of any size, one byte at a time if you like; the frames that come out are the
 * same. Each {@link #decode(ByteBuffer)} call consumes input up to the end of at most one frame and returns
 * {@link DecodeResult.FrameDecoded}, {@link DecodeResult.NeedMoreInput} (the buffer is then empty) or
 * {@link DecodeResult.Failed}. Loop while the buffer has remaining bytes.
 *
 * <p>Rules enforced, each failing with 1002 Protocol Error unless noted:
 * <ul>
 *   <li>RSV1–RSV3 must be 0: no extension is ever negotiated (§5.2).</li>
 *   <li>Reserved opcodes 3–7 and 0xB–0xF are refused (§5.2).</li>
 *   <li>Control frames must have FIN=1 and at most 125 bytes (§5.5).</li>
 *   <li>MASK must match the sender's role: set on frames to a server, clear on frames to a client (§5.1).</li>
 *   <li>Fragments must be in order: no CONTINUATION without a started message, no new TEXT/BINARY inside an
 *       unfinished one (§5.4).</li>
 *   <li>A 64-bit length must have its top bit clear (§5.2).</li>
 *   <li><b>Non-minimal length encodings are refused</b> (§5.2 "the minimal number of bytes MUST be used").
 *       Accepting them would be harmless for the length's meaning, but every correct encoder writes the
 *       minimal form, so refusing costs nothing and reports a broken peer at once.</li>
 *   <li>A frame payload above {@link Limits#maxFramePayload()}, or a data frame that would take its
 *       message above {@link Limits#maxMessageSize()}, fails with 1009 Message Too Big (§7.4.1, §10.4).
 *       Both are decided from the header, <em>before</em> the payload buffer is allocated.</li>
 * </ul>
 * Rules about the payload's content (UTF-8 text, the Close body) belong to the connection.
 *
 * <p>Memory: the header is collected in a 14-byte array reused for every frame; the payload is read into
 * one array of exactly the announced length, unmasked while it is copied out of a heap buffer (or in place
 * after a bulk copy out of a direct buffer). Nothing is allocated per byte.
 *
 * <p>Not thread-safe: one decoder per connection, driven by one thread at a time. After a failure the
 * decoder stays failed and returns the same {@code Failed} result without consuming more input.
 */
public final class FrameDecoder {

    private static final int MAX_HEADER = 14;
    private static final byte[] EMPTY = new byte[0];

    private final Role role;
    private final Limits limits;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerFilled;
    private int headerNeeded = 2;
    private boolean firstTwoBytesChecked;

    private FrameHeader currentHeader;
    private byte[] payload;
    private int payloadFilled;

    private boolean messageInProgress;
    private long messageBytesSoFar;

    private long streamOffset;
    private long frameStartOffset;
    private DecodeResult.Failed failure;

    /**
     * @param role   the role of the endpoint that <em>receives</em> these frames (a server decodes what a
     *               client sends)
     * @param limits the size limits to enforce
     */
    public FrameDecoder(Role role, Limits limits) {
        this.role = Objects.requireNonNull(role, "role");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Consumes bytes from {@code in} (advancing its position) until one frame is complete, the buffer is
     * empty, or a rule is broken.
     *
     * @param in bytes from the transport, split anywhere (mid-header is fine); the bytes after the
     *           first complete frame stay in the buffer for the next call
     * @return one frame, a request for more input, or the same failure on every call after a broken rule
     */
    public DecodeResult decode(ByteBuffer in) {
        if (failure != null) {
            return failure;
        }
        if (currentHeader == null) {
            DecodeResult headerResult = readHeader(in);
            if (headerResult != null) {
                return headerResult;
            }
        }
        int n = Math.min(payload.length - payloadFilled, in.remaining());
        if (n > 0) {
            readPayload(in, n);
        }
        if (payloadFilled < payload.length) {
            return DecodeResult.NeedMoreInput.INSTANCE;
        }
        return completeFrame();
    }

    /**
     * True once a rule was broken.
     *
     * @return true after {@link #decode} returned {@link DecodeResult.Failed}; the decoder never recovers
     */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * True if a fragmented data message has started and its final frame has not arrived yet.
     *
     * @return true between a non-final TEXT/BINARY frame and the final CONTINUATION (RFC 6455 §5.4)
     */
    public boolean isMessageInProgress() {
        return messageInProgress;
    }

    /**
     * The header of the frame whose payload is being read, or empty between frames. Together with
     * {@link #feedPayloadSoFar} it lets the connection check a text payload while it arrives.
     *
     * @return the header once it is complete and accepted, until the frame's last payload byte arrives
     */
    public Optional<FrameHeader> currentHeader() {
        return Optional.ofNullable(currentHeader);
    }

    /**
     * How many payload bytes of the current frame have arrived (0 between frames).
     *
     * @return 0 up to the current header's payload length
     */
    public int payloadBytesSoFar() {
        return currentHeader == null ? 0 : payloadFilled;
    }

    /**
     * Feeds the current frame's payload bytes {@code [from, payloadBytesSoFar())}, already unmasked, to a
     * UTF-8 validator, without copying them. This is how a text message is failed at its first impossible
     * byte even while a large frame is still arriving (RFC 6455 §8.1).
     *
     * @param validator the message's validator, carrying state across frames and calls
     * @param from      the first payload byte not yet fed, 0 to {@link #payloadBytesSoFar()}
     * @return the validator's verdict ({@link Utf8Validator#feed(byte[], int, int)})
     */
    public boolean feedPayloadSoFar(Utf8Validator validator, int from) {
        int soFar = payloadBytesSoFar();
        Objects.checkFromToIndex(from, soFar, soFar);
        return validator.feed(payload == null ? EMPTY : payload, from, soFar - from);
    }

    /**
     * Bytes consumed so far.
     *
     * @return the total taken from all buffers given to {@link #decode}, since this decoder was made
     */
    public long bytesConsumed() {
        return streamOffset;
    }

    /** Collects header bytes; returns null once the header is complete and accepted, else the result to return. */
    private DecodeResult readHeader(ByteBuffer in) {
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
                        header[1] & 0xFF, role, messageInProgress);
                if (violation.isPresent()) {
                    return fail(violation.get());
                }
                firstTwoBytesChecked = true;
                int sevenBit = header[1] & 0x7F;
                boolean masked = (header[1] & 0x80) != 0;
                headerNeeded = 2 + LengthForm.announcedBy(sevenBit).extraBytes() + (masked ? 4 : 0);
                continue;
            }
            return acceptFullHeader();
        }
    }

    private DecodeResult acceptFullHeader() {
        int byte0 = header[0] & 0xFF;
        int byte1 = header[1] & 0xFF;
        boolean fin = (byte0 & 0x80) != 0;
        Opcode opcode = Opcode.fromCode(byte0 & 0x0F).orElseThrow();
        boolean masked = (byte1 & 0x80) != 0;
        LengthForm form = LengthForm.announcedBy(byte1 & 0x7F);
        long length = switch (form) {
            case SEVEN_BIT -> byte1 & 0x7F;
            case SIXTEEN_BIT -> ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            case SIXTY_FOUR_BIT -> readLong(header, 2);
        };
        Optional<ProtocolViolation> lengthViolation = HeaderRules.checkLength(form, length);
        if (lengthViolation.isPresent()) {
            return fail(lengthViolation.get());
        }
        if (length > limits.maxFramePayload()) {
            // RFC 6455 §10.4: implementations SHOULD limit frame sizes; §7.4.1: 1009 says "too big".
            return fail(ProtocolViolation.tooBig("payload length",
                    "the frame announces a payload of " + length + " bytes, more than this endpoint accepts ("
                            + limits.maxFramePayload() + " bytes per frame)",
                    "RFC 6455 §7.4.1, §10.4"));
        }
        if (opcode.isData()) {
            long soFar = opcode == Opcode.CONTINUATION ? messageBytesSoFar : 0;
            if (soFar + length > limits.maxMessageSize()) {
                return fail(ProtocolViolation.tooBig("payload length",
                        "this frame would make the message " + (soFar + length) + " bytes long, more than this endpoint accepts ("
                                + limits.maxMessageSize() + " bytes per message)",
                        "RFC 6455 §7.4.1, §10.4"));
            }
            messageBytesSoFar = fin ? 0 : soFar + length;
            messageInProgress = !fin;
        }
        int key = masked ? readInt(header, 2 + form.extraBytes()) : 0;
        currentHeader = new FrameHeader(fin, false, false, false, opcode.code(), masked, length, form, key);
        // Safe: length <= maxFramePayload, an int, checked above.
        payload = length == 0 ? EMPTY : new byte[(int) length];
        payloadFilled = 0;
        return null;
    }

    private void readPayload(ByteBuffer in, int n) {
        if (currentHeader.masked()) {
            int key = currentHeader.maskingKey();
            if (in.hasArray()) {
                Masking.maskCopy(in.array(), in.arrayOffset() + in.position(), payload, payloadFilled, n, key,
                        payloadFilled);
                in.position(in.position() + n);
            } else {
                in.get(payload, payloadFilled, n);
                Masking.mask(payload, payloadFilled, n, key, payloadFilled);
            }
        } else {
            in.get(payload, payloadFilled, n);
        }
        payloadFilled += n;
        streamOffset += n;
    }

    private DecodeResult completeFrame() {
        FrameHeader done = currentHeader;
        Frame frame = new Frame(done.fin(), done.knownOpcode().orElseThrow(), Payload.wrap(payload));
        currentHeader = null;
        payload = null;
        headerFilled = 0;
        headerNeeded = 2;
        firstTwoBytesChecked = false;
        frameStartOffset = streamOffset;
        return new DecodeResult.FrameDecoded(done, frame);
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
