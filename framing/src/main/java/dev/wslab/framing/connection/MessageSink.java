package dev.wslab.framing.connection;

/**
 * Where a {@link MessageTransform} writes the bytes of the message it produces. The message layer behind it
 * checks them as they come: the message size limit (1009, RFC 6455 §10.4) and, for text, UTF-8 (1007, §8.1).
 */
@FunctionalInterface
public interface MessageSink {

    /**
     * Appends message bytes.
     *
     * @param bytes  the array holding them; only read during the call
     * @param offset the first byte
     * @param length how many bytes
     * @return true to go on; false once the message broke a rule (the connection is being failed), after
     *         which the transform should stop and return
     */
    boolean write(byte[] bytes, int offset, int length);
}
