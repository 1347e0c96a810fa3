package dev.wslab.framing.connection;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.utf8.Utf8Validator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Joins the data frames of one message (RFC 6455 §5.4) and checks text for UTF-8 as it arrives (§8.1).
 *
 * <p>Fragment order and sizes were already checked by the decoder from the headers; what is left here is
 * the content. Text is validated as its bytes arrive, even inside one large frame that is still being
 * received ({@link #inspectPartialFrame}), so an impossible byte fails the connection when it arrives, not
 * when its frame or its message ends.
 */
final class MessageAssembler {

    /** The result of accepting one data frame. */
    sealed interface Outcome permits Incomplete, Complete, Invalid {
    }

    /** More frames of the message are expected. */
    record Incomplete() implements Outcome {
        static final Incomplete INSTANCE = new Incomplete();
    }

    /** The message is complete. */
    record Complete(Event message) implements Outcome {
    }

    /** The message's content breaks a rule. */
    record Invalid(ProtocolViolation violation) implements Outcome {
    }

    private final int maxMessageSize;
    private final Utf8Validator utf8 = new Utf8Validator();
    /** TEXT or BINARY while a fragmented message is being assembled, else null. */
    private Opcode messageType;
    private byte[] buffer;
    private int size;

    /** The header of the text frame whose payload is being validated while it arrives, or null. */
    private FrameHeader validating;
    /** How many payload bytes of {@link #validating} were already validated. */
    private int validatedBytes;

    MessageAssembler(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Validates the part of a text frame that has arrived so far, so that invalid UTF-8 fails the
     * connection at the first impossible byte, not when the frame ends (RFC 6455 §8.1).
     *
     * @return the violation, if the text is already known to be invalid
     */
    Optional<ProtocolViolation> inspectPartialFrame(FrameDecoder decoder) {
        Optional<FrameHeader> current = decoder.currentHeader();
        if (current.isEmpty() || !carriesText(current.get())) {
            return Optional.empty();
        }
        FrameHeader header = current.get();
        if (header != validating) {
            startValidating(header);
        }
        int soFar = decoder.payloadBytesSoFar();
        if (soFar > validatedBytes) {
            boolean ok = decoder.feedPayloadSoFar(utf8, validatedBytes);
            validatedBytes = soFar;
            if (!ok) {
                Optional<ProtocolViolation> invalid = Optional.of(invalidUtf8(utf8.failurePosition()));
                clear();
                return invalid;
            }
        }
        return Optional.empty();
    }

    /** Accepts the next complete data frame (TEXT, BINARY or CONTINUATION) in the order the decoder checked. */
    Outcome accept(Frame frame, FrameHeader header) {
        Payload payload = frame.payload();
        boolean text = carriesText(header);
        int alreadyValidated = 0;
        if (text) {
            if (header != validating) {
                startValidating(header);
            }
            alreadyValidated = validatedBytes;
        }
        validating = null;
        if (frame.opcode() != Opcode.CONTINUATION && frame.fin()) {
            return singleFrameMessage(frame.opcode(), payload, alreadyValidated);
        }
        if (frame.opcode() != Opcode.CONTINUATION) {
            messageType = frame.opcode();
            buffer = new byte[Math.min(maxMessageSize, Math.max(1024, payload.length() * 2))];
            size = 0;
        } else if (messageType == null) {
            // The decoder refuses this already (RFC 6455 §5.4); kept so the assembler is safe on its own.
            return new Invalid(ProtocolViolation.protocolError("opcode",
                    "a CONTINUATION frame arrived, but no fragmented message was started", "RFC 6455 §5.4"));
        }
        int frameStart = size;
        append(payload);
        if (text && !utf8.feed(buffer, frameStart + alreadyValidated, payload.length() - alreadyValidated)) {
            Outcome invalid = new Invalid(invalidUtf8(utf8.failurePosition()));
            clear();
            return invalid;
        }
        if (!frame.fin()) {
            return Incomplete.INSTANCE;
        }
        Event message;
        if (messageType == Opcode.TEXT) {
            if (!utf8.isAtCharacterBoundary()) {
                clear();
                return truncatedUtf8();
            }
            message = new Event.Text(new String(buffer, 0, size, StandardCharsets.UTF_8));
        } else {
            message = new Event.Binary(Payload.wrap(size == buffer.length ? buffer : Arrays.copyOf(buffer, size)));
        }
        clear();
        return new Complete(message);
    }

    /** A TEXT frame, or a CONTINUATION of a text message. */
    private boolean carriesText(FrameHeader header) {
        return header.opcode() == Opcode.TEXT.code()
                || (header.opcode() == Opcode.CONTINUATION.code() && messageType == Opcode.TEXT);
    }

    private void startValidating(FrameHeader header) {
        if (header.opcode() == Opcode.TEXT.code()) {
            utf8.reset();
        }
        validating = header;
        validatedBytes = 0;
    }

    private Outcome singleFrameMessage(Opcode opcode, Payload payload, int alreadyValidated) {
        if (opcode == Opcode.BINARY) {
            return new Complete(new Event.Binary(payload));
        }
        if (!payload.feedTo(utf8, alreadyValidated)) {
            return new Invalid(invalidUtf8(utf8.failurePosition()));
        }
        if (!utf8.isAtCharacterBoundary()) {
            return truncatedUtf8();
        }
        return new Complete(new Event.Text(payload.asUtf8()));
    }

    private void append(Payload payload) {
        int needed = size + payload.length();
        if (needed > buffer.length) {
            // The decoder guarantees needed <= maxMessageSize (RFC 6455 §10.4 limit, checked from headers).
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxMessageSize, Math.max(needed, 2L * buffer.length)));
        }
        payload.copyTo(buffer, size);
        size = needed;
    }

    private void clear() {
        messageType = null;
        buffer = null;
        size = 0;
        validating = null;
        validatedBytes = 0;
        utf8.reset();
    }

    private static ProtocolViolation invalidUtf8(long position) {
        // RFC 6455 §8.1: text that is not valid UTF-8 MUST fail the connection (1007, §7.4.1).
        return ProtocolViolation.invalidPayload("payload",
                "the text message is not valid UTF-8: byte " + position
                        + " of the message cannot appear at that point of a UTF-8 sequence",
                "RFC 6455 §8.1");
    }

    private static Outcome truncatedUtf8() {
        return new Invalid(ProtocolViolation.invalidPayload("payload",
                "the text message is not valid UTF-8: it ends in the middle of a multi-byte character",
                "RFC 6455 §8.1"));
    }
}
