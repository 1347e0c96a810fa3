package dev.wslab.bench.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.List;

/**
 * Netty's {@code WebSocket08FrameEncoder.encode(ctx, frame, out)} called directly, with the context
 * (and so the allocator) of a real pipeline: the encoder's own work — header, mask, output buffers —
 * without the channel's per-write bookkeeping. A subclass is the one way to reach the protected
 * method; it adds no behaviour.
 */
final class NettyEncoderCall extends WebSocket08FrameEncoder {

    private final ChannelHandlerContext context;

    NettyEncoderCall(boolean maskPayload) {
        super(maskPayload);
        EmbeddedChannel channel = new EmbeddedChannel(this);
        this.context = channel.pipeline().context(this);
    }

    /** Encodes one frame into {@code out}, then releases it as Netty's {@code MessageToMessageEncoder} would. */
    void encode(WebSocketFrame frame, List<Object> out) throws Exception {
        try {
            encode(context, frame, out);
        } finally {
            frame.release();
        }
    }
}
