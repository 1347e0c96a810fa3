package dev.wslab.bench.deflate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

import java.util.HashMap;
import java.util.Map;

/**
 * Netty's permessage-deflate, reached the public way: its server handshaker accepts an offer, and the
 * resulting extension's encoder and decoder ({@code PerMessageDeflateEncoder}/{@code Decoder}) each run
 * in an {@code EmbeddedChannel}, as in a real pipeline.
 */
final class NettyDeflate {
    private final EmbeddedChannel encoder;
    private final EmbeddedChannel decoder;

    NettyDeflate(int level, boolean noContextTakeover) {
        PerMessageDeflateServerExtensionHandshaker handshaker =
                new PerMessageDeflateServerExtensionHandshaker(level, false, 15, true, false);
        Map<String, String> offer = new HashMap<>();
        if (noContextTakeover) {
            offer.put("server_no_context_takeover", null);
            offer.put("client_no_context_takeover", null);
        }
        WebSocketServerExtension extension = handshaker.handshakeExtension(new WebSocketExtensionData("permessage-deflate", offer));
        encoder = new EmbeddedChannel(extension.newExtensionEncoder());
        decoder = new EmbeddedChannel(extension.newExtensionDecoder());
    }

    /** Compresses one message; the caller releases the returned frame's content. */
    ByteBuf compress(byte[] message, boolean text) {
        ByteBuf content = Unpooled.wrappedBuffer(message);
        encoder.writeOutbound(text ? new TextWebSocketFrame(content) : new BinaryWebSocketFrame(content));
        WebSocketFrame frame = encoder.readOutbound();
        if ((frame.rsv() & WebSocketExtension.RSV1) == 0) {
            throw new IllegalStateException("Netty did not compress the message");
        }
        return frame.content();
    }

    /** Decompresses one compressed message; the caller releases the returned buffer. */
    ByteBuf decompress(byte[] compressed, boolean text) {
        ByteBuf content = Unpooled.wrappedBuffer(compressed);
        decoder.writeInbound(text ? new TextWebSocketFrame(true, WebSocketExtension.RSV1, content)
                : new BinaryWebSocketFrame(true, WebSocketExtension.RSV1, content));
        WebSocketFrame frame = decoder.readInbound();
        return frame.content();
    }

    void close() {
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }
}
