/**
 * Decoding and encoding realistic frame streams ({@link dev.wslab.bench.codec.FrameStreams}), wslab
 * against Netty's {@code WebSocket08FrameDecoder}/{@code Encoder} run in an {@code EmbeddedChannel},
 * at the frame level and at the message level (assembly and UTF-8 included).
 */
package dev.wslab.bench.codec;
