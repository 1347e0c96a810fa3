package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.support.RawClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameBoundariesTest {

    @Test
    void findsTheEndOfEachFrameInOneBuffer() {
        byte[] hello = RawClient.frame(true, 0x1, true, "Hello".getBytes());
        byte[] close = RawClient.frame(true, 0x8, true, new byte[] {0x03, (byte) 0xE8});
        ByteBuffer both = ByteBuffer.allocate(hello.length + close.length).put(hello).put(close).flip();
        FrameBoundaries boundaries = new FrameBoundaries();
        assertThat(boundaries.nextFrameChunk(both)).isEqualTo(hello.length);
        both.position(hello.length);
        assertThat(boundaries.nextFrameChunk(both)).isEqualTo(close.length);
    }

    @Test
    void handlesEveryLengthForm() {
        for (int size : new int[] {0, 125, 126, 65535, 65536, 70000}) {
            byte[] frame = RawClient.frame(true, 0x2, size % 2 == 0, new byte[size]);
            FrameBoundaries boundaries = new FrameBoundaries();
            ByteBuffer twice = ByteBuffer.allocate(frame.length * 2).put(frame).put(frame).flip();
            assertThat(boundaries.nextFrameChunk(twice)).as("size " + size).isEqualTo(frame.length);
        }
    }

    /** Whatever the read sizes, the chunks end exactly where the frames end. */
    @Property(tries = 300)
    void anyReadSplitFindsTheSameFrameEnds(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 300) Integer> payloadSizes,
            @ForAll @IntRange(min = 1, max = 64) int readSize) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> ends = new ArrayList<>();
        for (int size : payloadSizes) {
            stream.writeBytes(RawClient.frame(true, 0x2, true, new byte[size]));
            ends.add(stream.size());
        }
        byte[] all = stream.toByteArray();
        FrameBoundaries boundaries = new FrameBoundaries();
        List<Integer> found = new ArrayList<>();
        int offset = 0;
        while (offset < all.length) {
            ByteBuffer read = ByteBuffer.wrap(all, offset, Math.min(readSize, all.length - offset)).slice();
            while (read.hasRemaining()) {
                int chunk = boundaries.nextFrameChunk(read);
                assertThat(chunk).isPositive();
                read.position(read.position() + chunk);
                offset += chunk;
                // A chunk stops at a frame's end, or at the end of what was read.
                assertThat(ends.contains(offset) || !read.hasRemaining()).as("chunk ends at " + offset).isTrue();
                if (ends.contains(offset) && !found.contains(offset)) {
                    found.add(offset);
                }
            }
        }
        assertThat(found).isEqualTo(ends);
    }
}
