package dev.wslab.bench.codec;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Netty's WebSocket codec driven without a socket: an {@link EmbeddedChannel} runs the real
 * pipeline handlers on the calling thread, so bytes written inbound come out as frames exactly as
 * on a live connection (same handlers, same allocator, same reference counting).
 */
final class NettyPipelines {

    static final int MAX_PAYLOAD = 1 << 20;

    private NettyPipelines() {
    }

    /** A server-side frame decoder: masked frames in, {@link WebSocketFrame}s out. */
    static EmbeddedChannel frameDecoder() {
        return new EmbeddedChannel(new WebSocket08FrameDecoder(decoderConfig()));
    }

    /**
     * What a Netty WebSocket server runs per message: the frame decoder, the UTF-8 validator of
     * text frames (which {@code WebSocketServerProtocolHandler} adds) and the aggregator that joins
     * fragments into one message.
     */
    static EmbeddedChannel messageDecoder() {
        return new EmbeddedChannel(new WebSocket08FrameDecoder(decoderConfig()), new Utf8FrameValidator(),
                new WebSocketFrameAggregator(MAX_PAYLOAD));
    }

    private static WebSocketDecoderConfig decoderConfig() {
        return WebSocketDecoderConfig.newBuilder().expectMaskedFrames(true).allowMaskMismatch(false)
                .allowExtensions(false).maxFramePayloadLength(MAX_PAYLOAD).closeOnProtocolViolation(true)
                .build();
    }

    /**
     * Feeds {@code stream} in socket-sized reads and consumes every frame that comes out; with
     * {@code asText}, text frames are decoded to a {@code String} as an application would.
     * Returns the number of frames (or messages) read. {@code blackhole} may be null (set-up checks).
     */
    static int decode(EmbeddedChannel channel, byte[] stream, boolean asText, Blackhole blackhole) {
        int count = 0;
        for (int offset = 0; offset < stream.length; offset += FrameStreams.READ_SIZE) {
            int n = Math.min(FrameStreams.READ_SIZE, stream.length - offset);
            channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, n));
            Object frame;
            while ((frame = channel.readInbound()) != null) {
                if (asText && frame instanceof TextWebSocketFrame text) {
                    String message = text.text();
                    if (blackhole != null) {
                        blackhole.consume(message);
                    }
                } else if (blackhole != null) {
                    blackhole.consume(((WebSocketFrame) frame).content());
                }
                ReferenceCountUtil.release(frame);
                count++;
            }
        }
        return count;
    }
}
