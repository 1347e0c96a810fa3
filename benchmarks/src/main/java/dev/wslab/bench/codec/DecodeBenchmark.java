package dev.wslab.bench.codec;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.FrameDecoder;
import io.netty.channel.embedded.EmbeddedChannel;
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
import java.util.concurrent.TimeUnit;

/**
 * Frame-level decoding of a client's masked byte stream on the server side (header parsing, the
 * RFC 6455 §5.2–5.5 header rules, unmasking): wslab's {@link FrameDecoder} against Netty's
 * {@code WebSocket08FrameDecoder} (baseline) on the same bytes, fed in 16 KiB reads. One operation
 * decodes the whole stream (see {@link FrameStreams}).
 *
 * <p>Undertow is not in this table: its frame parser is an inner class of its XNIO channel
 * ({@code WebSocket07Channel}) and unmasking and UTF-8 checking are channel functions applied while
 * the channel reads from a live {@code StreamConnection}, so it cannot be fed a byte array without a
 * connection. Its masking and UTF-8 loops are measured in their own suites, and its whole stack in
 * the end-to-end runner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {

    @Param({"smallText", "largeBinary", "fragmented"})
    public String stream;

    private byte[] bytes;
    private int frames;
    private FrameDecoder wslabDecoder;
    private EmbeddedChannel netty;

    @Setup
    public void setUp() {
        bytes = FrameStreams.maskedStream(FrameStreams.messages(stream));
        wslabDecoder = new FrameDecoder(Role.SERVER, Limits.DEFAULTS.withMaxSizes(NettyPipelines.MAX_PAYLOAD));
        netty = NettyPipelines.frameDecoder();
        // Both decoders must see the same frames, or the comparison means nothing.
        frames = wslab(null);
        int nettyFrames = netty(null);
        if (frames != nettyFrames || frames == 0) {
            throw new IllegalStateException("wslab decoded " + frames + " frames, Netty " + nettyFrames);
        }
    }

    @TearDown
    public void tearDown() {
        netty.finishAndReleaseAll();
    }

    /** Decodes the whole stream; {@code blackhole} is null when called from set-up. */
    @Benchmark
    public int wslab(Blackhole blackhole) {
        int count = 0;
        for (int offset = 0; offset < bytes.length; offset += FrameStreams.READ_SIZE) {
            ByteBuffer read = ByteBuffer.wrap(bytes, offset, Math.min(FrameStreams.READ_SIZE, bytes.length - offset));
            while (read.hasRemaining()) {
                DecodeResult result = wslabDecoder.decode(read);
                if (result instanceof DecodeResult.FrameDecoded decoded) {
                    if (blackhole != null) {
                        blackhole.consume(decoded.frame().payload());
                    }
                    count++;
                } else if (result instanceof DecodeResult.Failed failed) {
                    throw new IllegalStateException(failed.violation().toString());
                }
            }
        }
        return count;
    }

    @Benchmark
    public int netty(Blackhole blackhole) {
        return NettyPipelines.decode(netty, bytes, false, blackhole);
    }
}
