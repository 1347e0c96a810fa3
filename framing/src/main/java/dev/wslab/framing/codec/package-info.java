/**
 * The codec: bytes ⇄ frame headers and payload bytes (RFC 6455 §5.1–§5.3, §5.5), and nothing about messages.
 *
 * <p>{@link dev.wslab.framing.codec.FrameDecoder} splits any chunking of a byte stream into headers and
 * unmasked payload chunks (or whole {@link dev.wslab.framing.codec.Frame}s) and enforces the rules a header
 * can decide — the only place those rules are written ({@code HeaderRules});
 * {@link dev.wslab.framing.codec.FrameEncoder} writes frames with minimal lengths, masking by role and
 * fragmentation; {@link dev.wslab.framing.codec.Masking} is the 8-bytes-at-a-time XOR both use.
 * {@link dev.wslab.framing.codec.FrameHeader} holds every header field as it is on the wire, and
 * {@link dev.wslab.framing.codec.HeaderBits} names its bits; {@link dev.wslab.framing.codec.Payload} is an
 * immutable byte sequence with value equality.
 */
package dev.wslab.framing.codec;
