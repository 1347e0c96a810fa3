package dev.wslab.framing.connection;

import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the other end of a connection, speaking raw frames. A peer of role CLIENT masks what it
 * sends, as a real client would.
 */
final class Peer {

    private final FrameEncoder encoder;
    private final FrameDecoder decoder;

    Peer(Role role) {
        this.encoder = new FrameEncoder(role, MaskingKeySource.fixed(0x37fa213d));
        this.decoder = new FrameDecoder(role, Limits.DEFAULTS.withMaxSizes(1 << 24));
    }

    /** The bytes of {@code frames}, encoded as this peer would send them. */
    ByteBuffer send(Frame... frames) {
        List<ByteBuffer> parts = new ArrayList<>();
        for (Frame frame : frames) {
            parts.add(encoder.encode(frame));
        }
        return ByteBuffer.wrap(Hex.concat(parts.toArray(new ByteBuffer[0])));
    }

    /** Decodes everything the connection has queued for this peer. */
    List<Frame> read(WebSocketConnection connection) {
        List<Frame> frames = new ArrayList<>();
        for (ByteBuffer buffer : connection.takeOutbound()) {
            while (buffer.hasRemaining()) {
                DecodeResult result = decoder.decode(buffer);
                if (result instanceof DecodeResult.FrameDecoded decoded) {
                    frames.add(decoded.frame());
                } else if (result instanceof DecodeResult.Failed failed) {
                    throw new AssertionError("connection sent a bad frame: " + failed.violation().describe());
                }
            }
        }
        return frames;
    }
}
