package dev.wslab.framing.connection;

import dev.wslab.framing.ProtocolViolation;

import java.util.Optional;

/**
 * Rewrites the payload of one received data message on its way from the wire to the application, for
 * example inflating a permessage-deflate message (RFC 7692 §7.2.2). One instance per message, made by
 * {@link InboundExtension#startMessage}; it may keep state across messages through its extension (a
 * shared inflater when context takeover is on).
 *
 * <p>The message layer feeds it the unmasked wire payload of every frame of the message, in order and in
 * chunks of any size, and checks what it writes to the {@link MessageSink}: size limit, then UTF-8.
 */
public interface MessageTransform {

    /**
     * Transforms the next wire bytes of the message.
     *
     * @param wire   unmasked payload bytes as they arrived; only read during the call
     * @param offset the first byte
     * @param length how many bytes, possibly 0
     * @param out    where the transformed bytes go; stop when it returns false
     * @return a violation if the wire bytes cannot be transformed (for compressed data, typically 1007), else empty
     */
    Optional<ProtocolViolation> transform(byte[] wire, int offset, int length, MessageSink out);

    /**
     * The message's final frame (FIN=1) has been fed: write whatever is still held back.
     *
     * @param out where the remaining bytes go
     * @return a violation if the message cannot be completed, else empty
     */
    Optional<ProtocolViolation> finish(MessageSink out);
}
