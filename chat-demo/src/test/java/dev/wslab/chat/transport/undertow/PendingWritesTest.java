package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PendingWritesTest {

    /** A socket whose send buffer takes at most {@code budget} bytes per write, as a busy peer's would. */
    static final class StingyChannel implements GatheringByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int budget;
        int calls;

        StingyChannel(int budget) {
            this.budget = budget;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            calls++;
            long total = 0;
            for (int i = offset; i < offset + length && total < budget; i++) {
                ByteBuffer src = srcs[i];
                int n = (int) Math.min(src.remaining(), budget - total);
                byte[] chunk = new byte[n];
                src.get(chunk);
                taken.writeBytes(chunk);
                total += n;
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static ByteBuffer bytes(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return ByteBuffer.wrap(b);
    }

    private static void addAll(PendingWrites pending, ByteBuffer... buffers) {
        for (ByteBuffer buffer : buffers) {
            pending.add(buffer);
        }
    }

    @Test
    void oneBufferIsWrittenOnItsOwnAndAPartialWriteResumesWhereItStopped() throws Exception {
        PendingWrites pending = new PendingWrites(null);
        pending.add(bytes(0, 10));
        StingyChannel channel = new StingyChannel(4);
        assertThat(pending.writeTo(new OnceChannel(channel))).isFalse();
        assertThat(pending.bytes()).isEqualTo(6);
        pending.add(bytes(10, 3)); // queued behind the half-written buffer
        assertThat(pending.writeTo(channel)).isTrue();
        assertThat(channel.taken.toByteArray()).isEqualTo(bytes(0, 13).array());
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.bytes()).isZero();
    }

    @Test
    void aPartialWriteKeepsTheRestInOrderUntilTheChannelTakesIt() throws Exception {
        List<ByteBuffer> reported = new ArrayList<>();
        PendingWrites pending = new PendingWrites(reported::add);
        addAll(pending, bytes(0, 5), bytes(5, 5), bytes(10, 5));
        StingyChannel channel = new StingyChannel(7);

        channel.budget = 7;
        assertThat(pending.writeTo(new OnceChannel(channel))).isFalse();
        assertThat(pending.bytes()).isEqualTo(8);
        assertThat(pending.writeTo(channel)).isTrue();
        assertThat(pending.bytes()).isZero();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(channel.taken.toByteArray()).isEqualTo(bytes(0, 15).array());
        ByteArrayOutputStream tapped = new ByteArrayOutputStream();
        for (ByteBuffer view : reported) {
            assertThat(view.isReadOnly()).isTrue();
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            tapped.writeBytes(copy);
        }
        assertThat(tapped.toByteArray()).isEqualTo(bytes(0, 15).array());
    }

    @Test
    void aFullSocketWritesNothingAndKeepsEverything() throws Exception {
        PendingWrites pending = new PendingWrites(null);
        addAll(pending, bytes(0, 3), ByteBuffer.allocate(0));
        assertThat(pending.writeTo(new StingyChannel(0))).isFalse();
        assertThat(pending.bytes()).isEqualTo(3);
    }

    @Test
    void moreBuffersThanOneBatchGoOutInOrderAndTheBatchKeepsNoReference() throws Exception {
        PendingWrites pending = new PendingWrites(null);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 150; i++) {
            ByteBuffer buffer = bytes(i, 3);
            expected.writeBytes(buffer.array());
            pending.add(buffer);
        }
        List<ByteBuffer[]> arrays = new ArrayList<>();
        StingyChannel socket = new StingyChannel(Integer.MAX_VALUE);
        GatheringByteChannel watching = new OnceChannel(socket) {
            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) throws java.io.IOException {
                arrays.add(srcs);
                return socket.write(srcs, offset, length);
            }
        };
        assertThat(pending.writeTo(watching)).isTrue();
        assertThat(socket.taken.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(socket.calls).isEqualTo(3); // 64 + 64 + 22 buffers
        for (ByteBuffer[] batch : arrays) {
            assertThat(batch).containsOnlyNulls(); // the thread's batch array holds no buffer after the write
        }
    }

    @Property(tries = 200)
    void anySplitOfTheSocketsAppetiteDeliversTheSameBytes(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 300) Integer> sizes,
            @ForAll @IntRange(min = 1, max = 97) int budget) throws Exception {
        PendingWrites pending = new PendingWrites(null);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int next = 0;
        for (int size : sizes) {
            ByteBuffer buffer = bytes(next, size);
            expected.writeBytes(buffer.array());
            next += size;
            pending.add(buffer);
        }
        StingyChannel channel = new StingyChannel(budget);
        int rounds = 0;
        while (!pending.writeTo(new OnceChannel(channel))) {
            assertThat(pending.bytes()).isEqualTo(expected.size() - channel.taken.size());
            assertThat(++rounds).isLessThan(100_000);
        }
        assertThat(channel.taken.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(pending.bytes()).isZero();
    }

    /** Lets one write through, then reports a full socket: each writeTo call is one "writable" event. */
    static class OnceChannel implements GatheringByteChannel {
        private final GatheringByteChannel inner;
        private boolean used;

        OnceChannel(GatheringByteChannel inner) {
            this.inner = inner;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws java.io.IOException {
            if (used) {
                return 0;
            }
            used = true;
            return inner.write(srcs, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs) throws java.io.IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws java.io.IOException {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
