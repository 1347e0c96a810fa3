package dev.wslab.bench.deflate;

import dev.wslab.framing.deflate.MessageCompressor;
import dev.wslab.framing.deflate.MessageDecompressor;
import io.netty.buffer.ByteBuf;
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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * permessage-deflate decompression, wslab against Netty, of the payloads of {@link DeflatePayloads}
 * compressed at level 6 <em>without</em> context takeover, so the same compressed bytes can be inflated
 * again and again (with takeover each message depends on every one before it). wslab's inflated bytes
 * are copied into one message buffer, as a message layer does; Netty's land in a new buffer per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InflateBenchmark {
    private static final int LEVEL = 6;

    @Param({"chatJson", "text64k", "random16k"})
    public String payload;

    private boolean text;
    private MessageDecompressor wslabDecompressor;
    private NettyDeflate netty;
    private List<byte[]> compressed;

    @Setup
    public void setUp() {
        List<byte[]> messages = DeflatePayloads.messages(payload);
        text = DeflatePayloads.isText(payload);
        wslabDecompressor = new MessageDecompressor(true);
        netty = new NettyDeflate(LEVEL, true);
        compressed = new ArrayList<>();
        try (MessageCompressor alone = new MessageCompressor(LEVEL, 15, true)) {
            for (byte[] m : messages) {
                compressed.add(alone.compress(m));
            }
        }
        DeflateBenchmark.crossCheck(messages, text);
    }

    @TearDown
    public void tearDown() {
        wslabDecompressor.close();
        netty.close();
    }

    /** Where wslab's inflated bytes are copied, as a message layer copies them into its message. */
    private final byte[] message = new byte[128 * 1024];
    private int messageLength;

    private boolean append(byte[] bytes, int offset, int length) {
        System.arraycopy(bytes, offset, message, messageLength, length);
        messageLength += length;
        return true;
    }

    @Benchmark
    public long decompressWslab() {
        long total = 0;
        for (byte[] c : compressed) {
            messageLength = 0;
            wslabDecompressor.inflate(ByteBuffer.wrap(c), this::append);
            wslabDecompressor.endMessage(this::append);
            total += messageLength;
        }
        return total;
    }

    @Benchmark
    public long decompressNetty() {
        long total = 0;
        for (byte[] c : compressed) {
            ByteBuf out = netty.decompress(c, text);
            total += out.readableBytes();
            out.release();
        }
        return total;
    }
}
