package dev.wslab.framing.codec;

import dev.wslab.framing.ProtocolViolation;

import java.util.Objects;

/**
 * What one call of {@link FrameDecoder#decodeHeader(java.nio.ByteBuffer)} or
 * {@link FrameDecoder#decode(java.nio.ByteBuffer)} produced: an accepted header, a complete frame, a request
 * for more input, or a broken rule.
 */
public sealed interface DecodeResult permits DecodeResult.HeaderDecoded, DecodeResult.FrameDecoded,
        DecodeResult.NeedMoreInput, DecodeResult.Failed {

    /**
     * A header that passed every header rule; its payload follows ({@link FrameDecoder#readPayload}).
     *
     * @param header      the header as it was on the wire
     * @param frameOffset where the frame starts, counted from the first byte ever given to the decoder
     */
    record HeaderDecoded(FrameHeader header, long frameOffset) implements DecodeResult {
        /**
         * Requires the header.
         *
         * @param header      the accepted header
         * @param frameOffset 0-based offset of the frame's first byte in the decoder's input
         */
        public HeaderDecoded {
            Objects.requireNonNull(header, "header");
        }
    }

    /**
     * A complete frame.
     *
     * @param header the header as it was on the wire (masking key, length form ...)
     * @param frame  the frame with its payload unmasked
     */
    record FrameDecoded(FrameHeader header, Frame frame) implements DecodeResult {
        /**
         * Requires both parts.
         *
         * @param header the header as read, still holding the masking key the payload was sent with
         * @param frame  the frame with its payload already unmasked
         */
        public FrameDecoded {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** All input was consumed and the current frame is not complete yet. */
    record NeedMoreInput() implements DecodeResult {
        /** The one instance. */
        public static final NeedMoreInput INSTANCE = new NeedMoreInput();
    }

    /**
     * The input broke a rule; the decoder stays failed.
     *
     * @param violation    the broken rule
     * @param streamOffset the offset, counted from the first byte ever given to the decoder, of the frame
     *                     whose header broke the rule
     */
    record Failed(ProtocolViolation violation, long streamOffset) implements DecodeResult {
        /**
         * Requires the violation.
         *
         * @param violation    the broken rule, with the close code to answer it with
         * @param streamOffset 0-based offset, in all bytes ever given to the decoder, of the offending frame's start
         */
        public Failed {
            Objects.requireNonNull(violation, "violation");
        }
    }
}
