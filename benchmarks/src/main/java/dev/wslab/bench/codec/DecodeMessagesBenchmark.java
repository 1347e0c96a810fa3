package dev.wslab.bench.codec;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Message-level decoding, what a server application receives: frames decoded, unmasked, fragments
 * joined, text checked to be UTF-8 (RFC 6455 §8.1) and turned into a {@code String}. wslab's
 * {@link WebSocketConnection#receive} against Netty's decoder + {@code Utf8FrameValidator} +
 * {@code WebSocketFrameAggregator} (baseline) with {@code TextWebSocketFrame.text()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeMessagesBenchmark {

    @Param({"smallText", "largeBinary", "fragmented"})
    public String stream;

    private byte[] bytes;
    private int messages;
    private WebSocketConnection wslab;
    private EmbeddedChannel netty;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = FrameStreams.maskedStream(FrameStreams.messages(stream));
        messages = FrameStreams.messages(stream).size();
        wslab = newConnection();
        netty = NettyPipelines.messageDecoder();
        int wslabMessages = wslab(null);
        int nettyMessages = netty(null);
        if (wslabMessages != messages || nettyMessages != messages) {
            throw new IllegalStateException("expected " + messages + " messages, wslab gave " + wslabMessages
                    + ", Netty " + nettyMessages);
        }
    }

    @TearDown
    public void tearDown() {
        netty.finishAndReleaseAll();
    }

    private static WebSocketConnection newConnection() {
        return new WebSocketConnection(Role.SERVER, Limits.DEFAULTS.withMaxSizes(NettyPipelines.MAX_PAYLOAD));
    }

    /** Decodes the whole stream into messages; {@code blackhole} is null when called from set-up. */
    @Benchmark
    public int wslab(Blackhole blackhole) {
        int[] count = {0};
        for (int offset = 0; offset < bytes.length; offset += FrameStreams.READ_SIZE) {
            ByteBuffer read = ByteBuffer.wrap(bytes, offset, Math.min(FrameStreams.READ_SIZE, bytes.length - offset));
            wslab.receive(read, 0L, event -> {
                if (event instanceof Event.Violation violation) {
                    throw new IllegalStateException(violation.describe());
                }
                if (blackhole != null) {
                    blackhole.consume(event);
                }
                count[0]++;
            });
        }
        return count[0];
    }

    @Benchmark
    public int netty(Blackhole blackhole) {
        return NettyPipelines.decode(netty, bytes, true, blackhole);
    }
}
