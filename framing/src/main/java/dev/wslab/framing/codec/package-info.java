/**
 * Bytes ⇄ frames (RFC 6455 §5.2–§5.7).
 *
 * <p>{@link dev.wslab.framing.codec.FrameDecoder} splits any chunking of a byte stream into
 * {@link dev.wslab.framing.codec.Frame}s and enforces the rules a header can decide;
 * {@link dev.wslab.framing.codec.FrameEncoder} writes frames with minimal lengths, masking by role and
 * fragmentation; {@link dev.wslab.framing.codec.Masking} is the 8-bytes-at-a-time XOR both use;
 * {@link dev.wslab.framing.codec.FrameAnnotator} explains bytes to a person using the decoder's rules.
 * {@link dev.wslab.framing.codec.FrameHeader} holds every header field as it is on the wire;
 * {@link dev.wslab.framing.codec.Payload} is an immutable byte sequence with value equality.
 */
package dev.wslab.framing.codec;
