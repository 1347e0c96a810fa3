package dev.wslab.bench.masking;

import dev.wslab.framing.codec.Masking;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.undertow.websockets.core.protocol.version07.Masker;
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
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * RFC 6455 §5.3 masking: {@code out[i] = in[i] XOR key[i % 4]}, at 16 B (a chat line), 1 KiB and
 * 64 KiB.
 *
 * <ul>
 *   <li>{@code arraycopy} — {@code System.arraycopy} of the same size: the memory-speed ceiling,
 *       and the baseline of the ratio table.</li>
 *   <li>{@code wslabMaskCopy} — wslab's shipped {@link Masking#maskCopy}, which the decoder uses to
 *       unmask while copying a payload out of a heap buffer and the client encoder uses to mask
 *       while copying into the output (the comparison with {@code arraycopy} is like for like).</li>
 *   <li>{@code wslabMaskInPlace} — wslab's shipped {@link Masking#mask(byte[], int, int, int, int)}.</li>
 *   <li>{@code naiveByteLoop} — the textbook {@code data[i] ^= key[i % 4]}.</li>
 *   <li>{@code nettyHeap}, {@code nettyDirect} — Netty's {@code WebSocket08FrameDecoder.unmask}, on
 *       Netty's default unpooled heap buffer and on a direct {@code ByteBuf} (what its socket reads
 *       fill).</li>
 *   <li>{@code undertow} — Undertow's {@code Masker} channel function (in place, on a heap
 *       {@code ByteBuffer}), including the per-frame key set-up its channel does.</li>
 * </ul>
 * In-place variants mask the same buffer again on every call: masking twice restores the input,
 * and the work per call is identical.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {

    /** The masking key of the RFC 6455 §5.7 example, 37 fa 21 3d. */
    static final int KEY = 0x37fa213d;
    private static final byte[] KEY_BYTES = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Param({"16", "1024", "65536"})
    public int size;

    private byte[] source;
    private byte[] target;
    private byte[] inPlace;
    private ByteBuf nettyHeap;
    private ByteBuf nettyDirect;
    private PeerMasking.NettyUnmask netty;
    private ByteBuffer undertowBuffer;
    private Masker undertowMasker;

    @Setup
    public void setUp() {
        source = new byte[size];
        new Random(6455).nextBytes(source);
        target = new byte[size];
        inPlace = source.clone();
        // Netty's default heap buffer (Unsafe-backed where Netty may use Unsafe), as its allocators hand out.
        nettyHeap = Unpooled.buffer(size).writeBytes(source);
        nettyDirect = Unpooled.directBuffer(size).writeBytes(source);
        netty = new PeerMasking.NettyUnmask(KEY);
        undertowBuffer = ByteBuffer.wrap(source.clone());
        undertowMasker = PeerMasking.undertowMasker(KEY);
        verifyEveryVariantMasksTheSame();
    }

    @TearDown
    public void tearDown() {
        nettyHeap.release();
        nettyDirect.release();
    }

    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(source, 0, target, 0, size);
        return target;
    }

    @Benchmark
    public byte[] wslabMaskCopy() {
        Masking.maskCopy(source, 0, target, 0, size, KEY, 0);
        return target;
    }

    @Benchmark
    public byte[] wslabMaskInPlace() {
        Masking.mask(inPlace, 0, size, KEY, 0);
        return inPlace;
    }

    @Benchmark
    public byte[] naiveByteLoop() {
        byte[] data = inPlace;
        for (int i = 0; i < data.length; i++) {
            data[i] ^= KEY_BYTES[i % 4];
        }
        return data;
    }

    @Benchmark
    public ByteBuf nettyHeap() {
        nettyHeap.setIndex(0, size);
        netty.unmask(nettyHeap);
        return nettyHeap;
    }

    @Benchmark
    public ByteBuf nettyDirect() {
        nettyDirect.setIndex(0, size);
        netty.unmask(nettyDirect);
        return nettyDirect;
    }

    @Benchmark
    public ByteBuffer undertow() {
        PeerMasking.undertowMask(undertowMasker, KEY, undertowBuffer, 0, size);
        return undertowBuffer;
    }

    /** A benchmark of a wrong result is worthless: every variant must produce the naive loop's bytes. */
    private void verifyEveryVariantMasksTheSame() {
        byte[] expected = source.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] ^= KEY_BYTES[i % 4];
        }
        require("wslab maskCopy", Arrays.equals(wslabMaskCopy(), expected));
        require("wslab mask", Arrays.equals(wslabMaskInPlace(), expected));
        wslabMaskInPlace();
        byte[] netty = new byte[size];
        nettyHeap().getBytes(0, netty);
        require("Netty heap", Arrays.equals(netty, expected));
        nettyHeap();
        nettyDirect().getBytes(0, netty);
        require("Netty direct", Arrays.equals(netty, expected));
        nettyDirect();
        require("Undertow", Arrays.equals(undertow().array(), expected));
        undertow();
        Arrays.fill(target, (byte) 0);
    }

    private static void require(String who, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(who + " does not mask as RFC 6455 §5.3 says");
        }
    }
}
