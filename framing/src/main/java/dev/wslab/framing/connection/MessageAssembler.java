package dev.wslab.framing.connection;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.utf8.Utf8Validator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Joins the data frames of one message (RFC 6455 §5.4) and checks text for UTF-8 as it arrives (§8.1).
 *
 * <p>Fragment order and sizes were already checked by the decoder from the headers; what is left here is
 * the content. A text message is validated frame by frame, so an impossible byte in the second of ten
 * fragments fails the connection when that fragment arrives, not after the tenth.
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
    private Opcode messageType;
    private byte[] buffer;
    private int size;

    MessageAssembler(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Accepts the next data frame (TEXT, BINARY or CONTINUATION) in the order the decoder checked. */
    Outcome accept(Frame frame) {
        Payload payload = frame.payload();
        if (frame.opcode() != Opcode.CONTINUATION && frame.fin()) {
            return singleFrameMessage(frame.opcode(), payload);
        }
        if (frame.opcode() != Opcode.CONTINUATION) {
            messageType = frame.opcode();
            utf8.reset();
            buffer = new byte[Math.min(maxMessageSize, Math.max(1024, payload.length() * 2))];
            size = 0;
        } else if (messageType == null) {
            // The decoder refuses this already (RFC 6455 §5.4); kept so the assembler is safe on its own.
            return new Invalid(ProtocolViolation.protocolError("opcode",
                    "a CONTINUATION frame arrived, but no fragmented message was started", "RFC 6455 §5.4"));
        }
        append(payload);
        if (messageType == Opcode.TEXT && !utf8.feed(buffer, size - payload.length(), payload.length())) {
            Outcome invalid = invalidUtf8(utf8.failurePosition());
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

    /** True while a fragmented message is being assembled. */
    boolean isAssembling() {
        return messageType != null;
    }

    private Outcome singleFrameMessage(Opcode opcode, Payload payload) {
        if (opcode == Opcode.BINARY) {
            return new Complete(new Event.Binary(payload));
        }
        if (!payload.isValidUtf8()) {
            Utf8Validator validator = new Utf8Validator();
            return validator.feed(payload.toByteArray()) ? truncatedUtf8() : invalidUtf8(validator.failurePosition());
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
        utf8.reset();
    }

    private static Outcome invalidUtf8(long position) {
        // RFC 6455 §8.1: text that is not valid UTF-8 MUST fail the connection (1007, §7.4.1).
        return new Invalid(ProtocolViolation.invalidPayload("payload",
                "the text message is not valid UTF-8: byte " + position
                        + " of the message cannot appear at that point of a UTF-8 sequence",
                "RFC 6455 §8.1"));
    }

    private static Outcome truncatedUtf8() {
        return new Invalid(ProtocolViolation.invalidPayload("payload",
                "the text message is not valid UTF-8: it ends in the middle of a multi-byte character",
                "RFC 6455 §8.1"));
    }
}
