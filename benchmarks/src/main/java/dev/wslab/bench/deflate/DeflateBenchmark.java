package dev.wslab.bench.deflate;

import dev.wslab.framing.deflate.MessageCompressor;
import dev.wslab.framing.deflate.MessageDecompressor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * permessage-deflate compression, wslab against Netty, level 6 both, on the payloads of
 * {@link DeflatePayloads}: with context takeover {@code on} (a long-lived connection: later chat lines
 * refer back to earlier ones) or {@code off} (every message alone). One operation compresses every
 * message of the payload kind (50 chat lines, or one big message). {@link InflateBenchmark} measures
 * the other direction. Both libraries call the same JDK zlib; the difference is what each does around it (buffers, copies,
 * pipeline). The set-up checks that each side inflates what the other compressed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeflateBenchmark {
    private static final int LEVEL = 6;

    @Param({"chatJson", "text64k", "random16k"})
    public String payload;

    @Param({"on", "off"})
    public String takeover;

    private List<byte[]> messages;
    private boolean text;
    private MessageCompressor wslabCompressor;
    private NettyDeflate netty;

    @Setup
    public void setUp() {
        messages = DeflatePayloads.messages(payload);
        text = DeflatePayloads.isText(payload);
        boolean noContext = takeover.equals("off");
        wslabCompressor = new MessageCompressor(LEVEL, 15, noContext);
        netty = new NettyDeflate(LEVEL, noContext);
        crossCheck(messages, text);
    }

    /** Each side inflates what the other compressed; otherwise the comparison would be meaningless. */
    static void crossCheck(List<byte[]> messages, boolean text) {
        try (MessageCompressor c = new MessageCompressor(LEVEL, 15, true);
             MessageDecompressor d = new MessageDecompressor(true)) {
            NettyDeflate peer = new NettyDeflate(LEVEL, true);
            for (byte[] m : messages) {
                ByteBuf inflatedByNetty = peer.decompress(c.compress(m), text);
                byte[] viaNetty = ByteBufUtil.getBytes(inflatedByNetty);
                inflatedByNetty.release();
                ByteBuf compressedByNetty = peer.compress(m, text);
                byte[] nettyBytes = ByteBufUtil.getBytes(compressedByNetty);
                compressedByNetty.release();
                ByteArrayOutputStream viaWslab = new ByteArrayOutputStream();
                d.inflate(ByteBuffer.wrap(nettyBytes), (b, off, len) -> {
                    viaWslab.write(b, off, len);
                    return true;
                });
                d.endMessage((b, off, len) -> {
                    viaWslab.write(b, off, len);
                    return true;
                });
                if (!Arrays.equals(viaNetty, m) || !Arrays.equals(viaWslab.toByteArray(), m)) {
                    throw new IllegalStateException("wslab and Netty do not inflate each other's messages");
                }
            }
            peer.close();
        }
    }

    @TearDown
    public void tearDown() {
        wslabCompressor.close();
        netty.close();
    }

    @Benchmark
    public void compressWslab(Blackhole blackhole) {
        for (byte[] m : messages) {
            blackhole.consume(wslabCompressor.compress(m));
        }
    }

    @Benchmark
    public void compressNetty(Blackhole blackhole) {
        for (byte[] m : messages) {
            ByteBuf out = netty.compress(m, text);
            blackhole.consume(out.readableBytes());
            out.release();
        }
    }
}
