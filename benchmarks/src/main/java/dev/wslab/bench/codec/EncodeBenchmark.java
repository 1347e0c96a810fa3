package dev.wslab.bench.codec;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encoding the traffic of {@link FrameStreams} into frames: in the server role (unmasked, what a
 * chat server does for every broadcast) and in the client role (masked with a fresh key per frame,
 * RFC 6455 §5.3). One operation encodes every message of the stream.
 *
 * <ul>
 *   <li>{@code netty} (baseline) — {@code WebSocket08FrameEncoder.encode} called directly with a
 *       real pipeline's context: its default pooled allocator and random mask generator, none of the
 *       channel's per-write bookkeeping (the strongest form of the peer). Note that for unmasked
 *       payloads above a small threshold Netty writes the header and then hands the payload buffer
 *       on without copying it.</li>
 *   <li>{@code nettyPipeline} — the same encoder in an {@code EmbeddedChannel}, one
 *       {@code writeOutbound} per frame, as an application's {@code writeAndFlush} goes.</li>
 *   <li>{@code wslab} — {@link FrameEncoder} writing every frame into one reused output buffer
 *       (the {@code encode(..., ByteBuffer dst)} API), its default {@code SecureRandom}-backed keys.</li>
 *   <li>{@code wslabNewBuffers} — the same, but a new heap buffer per frame, as
 *       {@link FrameEncoder#encode(dev.wslab.framing.codec.Frame)} does.</li>
 *   <li>{@code wslabOutbox} — {@link FrameEncoder#encodeMessage}, the exact call
 *       {@code WebSocketConnection} queues a whole message through: in the server role a payload of
 *       {@link FrameEncoder#GATHERING_THRESHOLD} bytes or more becomes header buffers plus read-only
 *       views of the payload (no copy), as Netty passes its payload buffer on; smaller or masked
 *       payloads are copied into one buffer. This is the like-for-like peer of {@code netty}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {

    @Param({"smallText", "largeBinary", "fragmented"})
    public String stream;

    @Param({"server", "client"})
    public String role;

    private List<FrameStreams.Message> messages;
    private List<Payload> payloads;
    private FrameEncoder wslabEncoder;
    private ByteBuffer output;
    private EmbeddedChannel nettyPipeline;
    private NettyEncoderCall netty;
    private final List<Object> nettyOut = new ArrayList<>();

    @Setup
    public void setUp() throws Exception {
        messages = FrameStreams.messages(stream);
        payloads = new ArrayList<>();
        for (FrameStreams.Message m : messages) {
            payloads.add(Payload.wrap(m.payload()));
        }
        Role wslabRole = "client".equals(role) ? Role.CLIENT : Role.SERVER;
        wslabEncoder = new FrameEncoder(wslabRole);
        int total = 0;
        for (FrameStreams.Message m : messages) {
            total += m.fragmentSize() == 0 ? wslabEncoder.frameLength(m.payload().length)
                    : wslabEncoder.fragmentsLength(m.payload().length, m.fragmentSize());
        }
        output = ByteBuffer.allocate(total);
        nettyPipeline = new EmbeddedChannel(new WebSocket08FrameEncoder(wslabRole == Role.CLIENT));
        netty = new NettyEncoderCall(wslabRole == Role.CLIENT);
        // All must write the same number of bytes, or they did not encode the same frames.
        long wslabBytes = wslab().position();
        long nettyBytes = netty(null);
        long pipelineBytes = nettyPipeline(null);
        long outboxBytes = wslabOutbox(null);
        if (wslabBytes != nettyBytes || wslabBytes != pipelineBytes || wslabBytes != outboxBytes) {
            throw new IllegalStateException("wslab wrote " + wslabBytes + " bytes (outbox path " + outboxBytes
                    + "), Netty " + nettyBytes + " (pipeline " + pipelineBytes + ")");
        }
    }

    @TearDown
    public void tearDown() {
        nettyPipeline.finishAndReleaseAll();
    }

    @Benchmark
    public ByteBuffer wslab() {
        output.clear();
        for (FrameStreams.Message m : messages) {
            byte[] payload = m.payload();
            if (m.fragmentSize() == 0) {
                wslabEncoder.encode(true, m.opcode(), payload, 0, payload.length, output);
            } else {
                wslabEncoder.encodeFragments(m.opcode(), true, payload, 0, payload.length, m.fragmentSize(), output);
            }
        }
        return output;
    }

    @Benchmark
    public void wslabNewBuffers(Blackhole blackhole) {
        for (FrameStreams.Message m : messages) {
            byte[] payload = m.payload();
            if (m.fragmentSize() == 0) {
                ByteBuffer frame = ByteBuffer.allocate(wslabEncoder.frameLength(payload.length));
                wslabEncoder.encode(true, m.opcode(), payload, 0, payload.length, frame);
                blackhole.consume(frame);
            } else {
                for (int offset = 0; offset < payload.length; offset += m.fragmentSize()) {
                    int n = Math.min(m.fragmentSize(), payload.length - offset);
                    ByteBuffer frame = ByteBuffer.allocate(wslabEncoder.frameLength(n));
                    wslabEncoder.encode(offset + n == payload.length, offset == 0 ? m.opcode() : Opcode.CONTINUATION,
                            payload, offset, n, frame);
                    blackhole.consume(frame);
                }
            }
        }
    }

    /** Every message through the connection's encoder call; returns the bytes; {@code blackhole} is null from set-up. */
    @Benchmark
    public long wslabOutbox(Blackhole blackhole) {
        long bytes = 0;
        for (int i = 0; i < payloads.size(); i++) {
            FrameStreams.Message m = messages.get(i);
            // A new Payload per call: the encoder remembers a small frame per Payload (for a broadcast's members),
            // and a repeated send of the same one would measure that memory, not the encoding.
            Payload payload = Payload.wrap(m.payload());
            int fragmentSize = m.fragmentSize() == 0 ? Math.max(1, payload.length()) : m.fragmentSize();
            ByteBuffer[] buffers = wslabEncoder.encodeMessage(m.opcode(), true, payload, fragmentSize);
            for (ByteBuffer buffer : buffers) {
                bytes += buffer.remaining();
            }
            if (blackhole != null) {
                blackhole.consume(buffers);
            }
        }
        return bytes;
    }

    /** Encodes every message and returns the bytes written; {@code blackhole} is null from set-up. */
    @Benchmark
    public long netty(Blackhole blackhole) throws Exception {
        long bytes = 0;
        for (FrameStreams.Message m : messages) {
            byte[] payload = m.payload();
            if (m.fragmentSize() == 0) {
                netty.encode(frame(true, m.opcode(), Unpooled.wrappedBuffer(payload)), nettyOut);
            } else {
                for (int offset = 0; offset < payload.length; offset += m.fragmentSize()) {
                    int n = Math.min(m.fragmentSize(), payload.length - offset);
                    Opcode opcode = offset == 0 ? m.opcode() : Opcode.CONTINUATION;
                    netty.encode(frame(offset + n == payload.length, opcode, Unpooled.wrappedBuffer(payload, offset, n)),
                            nettyOut);
                }
            }
            bytes += drain(nettyOut, blackhole);
        }
        return bytes;
    }

    /** Encodes every message through the channel; {@code blackhole} is null from set-up. */
    @Benchmark
    public long nettyPipeline(Blackhole blackhole) {
        long bytes = 0;
        for (FrameStreams.Message m : messages) {
            byte[] payload = m.payload();
            if (m.fragmentSize() == 0) {
                nettyPipeline.writeOutbound(frame(true, m.opcode(), Unpooled.wrappedBuffer(payload)));
            } else {
                for (int offset = 0; offset < payload.length; offset += m.fragmentSize()) {
                    int n = Math.min(m.fragmentSize(), payload.length - offset);
                    Opcode opcode = offset == 0 ? m.opcode() : Opcode.CONTINUATION;
                    nettyPipeline.writeOutbound(frame(offset + n == payload.length, opcode,
                            Unpooled.wrappedBuffer(payload, offset, n)));
                }
            }
            Object out;
            while ((out = nettyPipeline.readOutbound()) != null) {
                bytes += ((ByteBuf) out).readableBytes();
                if (blackhole != null) {
                    blackhole.consume(out);
                }
                ReferenceCountUtil.release(out);
            }
        }
        return bytes;
    }

    private static long drain(List<Object> out, Blackhole blackhole) {
        long bytes = 0;
        for (Object buffer : out) {
            bytes += ((ByteBuf) buffer).readableBytes();
            if (blackhole != null) {
                blackhole.consume(buffer);
            }
            ReferenceCountUtil.release(buffer);
        }
        out.clear();
        return bytes;
    }

    private static WebSocketFrame frame(boolean fin, Opcode opcode, ByteBuf payload) {
        if (opcode == Opcode.TEXT) {
            return new TextWebSocketFrame(fin, 0, payload);
        }
        if (opcode == Opcode.BINARY) {
            return new BinaryWebSocketFrame(fin, 0, payload);
        }
        return new ContinuationWebSocketFrame(fin, 0, payload);
    }
}
