package dev.wslab.framing.connection;

import dev.wslab.framing.Opcode;

import java.util.Optional;

/**
 * The seam through which a negotiated extension takes part in <em>sending</em>: it may rewrite a whole
 * outgoing message (permessage-deflate compresses it, RFC 7692 §7.2.1) and names the RSV bits the first
 * frame then carries (§6.1: RSV1 on the first frame only). The connection still splits the result into
 * frames of {@link dev.wslab.framing.Limits#outboundFragmentSize()} (§5.4).
 */
public interface OutboundExtension {

    /**
     * Rewrites one whole outgoing message, or leaves it as it is.
     *
     * @param type   TEXT or BINARY
     * @param data   the message payload (text already UTF-8); only read during the call
     * @param offset the first byte
     * @param length how many bytes
     * @return the wire payload, or empty to send the message untransformed (RSV bits 0)
     */
    Optional<byte[]> transformOutgoing(Opcode type, byte[] data, int offset, int length);

    /**
     * The RSV bits the first frame of a transformed message carries.
     *
     * @return a combination of {@link dev.wslab.framing.codec.HeaderBits#RSV1} etc.
     */
    int outgoingRsvBits();

    /** Frees what the extension holds (e.g. zlib's native memory); called once when the connection ends. */
    void release();
}
