/**
 * permessage-deflate (RFC 7692) on messages, sans-IO, on the JDK's {@code java.util.zip}.
 *
 * <p>{@link dev.wslab.framing.deflate.MessageCompressor} turns one whole message into the payload of a
 * compressed message (RFC 7692 §7.2.1: DEFLATE, flushed, with the trailing {@code 00 00 ff ff} removed);
 * {@link dev.wslab.framing.deflate.MessageDecompressor} does the reverse piece by piece as frames
 * arrive (§7.2.2: the four bytes appended again at the end), handing each inflated piece to a sink
 * before inflating the next. It has no size limit of its own: the connection's message layer owns the
 * 1009 rule and stops it through that sink the moment the limit is crossed, so a small frame that would
 * inflate to gigabytes never allocates more than the limit.
 *
 * <p>Both hold native zlib memory: call {@code close()} (which calls {@code end()}) on every way a
 * connection ends. Neither knows frames, RSV bits or sockets; the connection decides which messages
 * are compressed (RSV1 on the first frame, §6.1) and feeds these classes the payload bytes.
 */
package dev.wslab.framing.deflate;
