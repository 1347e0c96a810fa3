package dev.wslab.framing.connection;

import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.codec.FrameHeader;

import java.util.Optional;

/**
 * The seam through which a negotiated extension (RFC 6455 §9) takes part in <em>receiving</em>: which RSV
 * bits it gives a meaning, which frames may carry them, and how a message's payload is transformed before
 * the message layer checks its size and UTF-8. permessage-deflate (RFC 7692) plugs in here.
 *
 * <p>Where each rule lives: the codec refuses an RSV bit no extension allows ({@link #rsvBits()}); this
 * extension decides, per data frame, whether an allowed bit is set where it may be
 * ({@link #checkFrame}); the message layer keeps fragment order, the size limit and UTF-8 on the
 * transformed bytes. Control frames never pass through an extension: an RSV bit on one fails the connection
 * (RFC 7692 §6.1 for RSV1; generally, no extension we know defines them).
 */
public interface InboundExtension {

    /**
     * The RSV bits this extension gives a meaning.
     *
     * @return a combination of {@link dev.wslab.framing.codec.HeaderBits#RSV1} etc.; others stay forbidden
     */
    int rsvBits();

    /**
     * Checks the RSV bits of a data frame (TEXT, BINARY or CONTINUATION).
     *
     * @param header            the frame's header, already past the codec's rules
     * @param firstOfMessage    true for the TEXT/BINARY frame that starts a message
     * @return the violation if a bit is set where the extension does not allow it, else empty
     */
    Optional<ProtocolViolation> checkFrame(FrameHeader header, boolean firstOfMessage);

    /**
     * Starts a message.
     *
     * @param firstFrame the header of the message's first frame (its RSV bits tell, e.g., "compressed")
     * @return the transform for this message, or empty if its payload is to be taken as it is
     */
    Optional<MessageTransform> startMessage(FrameHeader firstFrame);
}
