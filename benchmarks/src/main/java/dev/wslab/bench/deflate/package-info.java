/**
 * permessage-deflate (RFC 7692): wslab's {@code MessageCompressor}/{@code MessageDecompressor} against
 * Netty's {@code PerMessageDeflateEncoder}/{@code Decoder}, same zlib level, same payloads.
 */
package dev.wslab.bench.deflate;
