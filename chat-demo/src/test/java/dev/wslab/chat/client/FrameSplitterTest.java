package dev.wslab.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameSplitterTest {

    @Test
    void cutsAtTheEndOfEachFrameOfEveryLengthForm() {
        // 7-bit, 16-bit (126) and 64-bit (127) length forms, masked and not (RFC 6455 §5.2).
        List<byte[]> frames = List.of(frame(0, false), frame(5, true), frame(126, false), frame(70_000, true), frame(1, false));
        Stops stops = feed(frames, new int[] {Integer.MAX_VALUE});
        assertThat(stops.positions).isEqualTo(frameEnds(frames));
    }

    @Property(tries = 200)
    void anyChunkingStopsAtEveryFrameEndAndNowhereElseInsideAChunk(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(max = 70_000) Integer> lengths,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 300) Integer> chunkSizes,
            @ForAll boolean masked) {
        List<byte[]> frames = new ArrayList<>();
        for (int length : lengths) {
            frames.add(frame(length, masked));
        }
        Stops stops = feed(frames, chunkSizes.stream().mapToInt(i -> i).toArray());
        List<Integer> ends = frameEnds(frames);

        assertThat(stops.positions).containsAll(ends);
        for (int stop : stops.positions) {
            assertThat(ends.contains(stop) || stops.chunkEnds.contains(stop))
                    .as("stop at %d is a frame end or the end of a chunk", stop).isTrue();
        }
    }

    /** Where the splitter stopped, and where the chunks it was given ended. */
    private record Stops(List<Integer> positions, List<Integer> chunkEnds) {}

    /** Feeds the frames' bytes in chunks of the given sizes (cycled), as reads from a socket would. */
    private static Stops feed(List<byte[]> frames, int[] chunkSizes) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        byte[] stream = all.toByteArray();
        FrameSplitter splitter = new FrameSplitter();
        List<Integer> positions = new ArrayList<>();
        List<Integer> chunkEnds = new ArrayList<>();
        int offset = 0;
        int chunk = 0;
        while (offset < stream.length) {
            int size = (int) Math.min((long) chunkSizes[chunk++ % chunkSizes.length], stream.length - offset);
            ByteBuffer buffer = ByteBuffer.wrap(stream, offset, size);
            while (buffer.hasRemaining()) {
                buffer.position(buffer.position() + splitter.bytesOfCurrentFrame(buffer));
                positions.add(buffer.position());
            }
            offset += size;
            chunkEnds.add(offset);
        }
        return new Stops(positions, chunkEnds);
    }

    private static List<Integer> frameEnds(List<byte[]> frames) {
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (byte[] f : frames) {
            end += f.length;
            ends.add(end);
        }
        return ends;
    }

    private static byte[] frame(int payloadLength, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        int maskBit = masked ? 0x80 : 0;
        if (payloadLength < 126) {
            out.write(maskBit | payloadLength);
        } else if (payloadLength < 65_536) {
            out.write(maskBit | 126);
            out.write(payloadLength >>> 8);
            out.write(payloadLength & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (((long) payloadLength >>> shift) & 0xFF));
            }
        }
        if (masked) {
            out.writeBytes(new byte[] {1, 2, 3, 4});
        }
        out.writeBytes(new byte[payloadLength]);
        return out.toByteArray();
    }
}
