package dev.wslab.framing.codec;

import dev.wslab.framing.Hex;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FrameEncoder#encodeMessage}, the path the connection queues whole messages through, writes exactly the
 * bytes of the copying {@link FrameEncoder#encodeFragments}, whichever way it takes (gathering or copying).
 */
class GatheringEncoderTest {

    @Property(tries = 300)
    void theBuffersHoldExactlyTheCopyingPathsBytes(@ForAll("lengths") int length,
                                                   @ForAll @IntRange(min = 1, max = 70_000) int fragmentSize,
                                                   @ForAll("dataOpcodes") Opcode opcode, @ForAll boolean lastPart,
                                                   @ForAll boolean client, @ForAll long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        Role role = client ? Role.CLIENT : Role.SERVER;
        // Two encoders with the same key sequence, so masked output is comparable too.
        FrameEncoder gathering = new FrameEncoder(role, MaskingKeySource.fromRandom(new Random(seed)));
        FrameEncoder copying = new FrameEncoder(role, MaskingKeySource.fromRandom(new Random(seed)));

        ByteBuffer[] buffers = gathering.encodeMessage(opcode, lastPart, Payload.wrap(bytes.clone()), fragmentSize);

        assertThat(Hex.concat(buffers)).isEqualTo(copying.encodeFragments(opcode, lastPart, bytes, fragmentSize).array());
    }

    @Provide
    Arbitrary<Integer> lengths() {
        // Around the threshold and the length forms (125/126, 65535/65536) as often as anywhere else.
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 70_000),
                Arbitraries.of(0, 1, 125, 126, FrameEncoder.GATHERING_THRESHOLD - 1, FrameEncoder.GATHERING_THRESHOLD,
                        65_535, 65_536, 65_537));
    }

    @Provide
    Arbitrary<Opcode> dataOpcodes() {
        return Arbitraries.of(Opcode.TEXT, Opcode.BINARY, Opcode.CONTINUATION);
    }

    @Test
    void aLargeServerPayloadIsSharedReadOnlyNotCopied() {
        byte[] bytes = new byte[64 * 1024];
        new Random(1).nextBytes(bytes);
        Payload payload = Payload.wrap(bytes);

        ByteBuffer[] buffers = new FrameEncoder(Role.SERVER).encodeMessage(Opcode.BINARY, true, payload, 16 * 1024);

        assertThat(buffers).hasSize(8); // four frames of 16 KiB: header, payload, header, payload, ...
        for (int i = 1; i < buffers.length; i += 2) {
            assertThat(buffers[i].isReadOnly()).isTrue();
            assertThat(buffers[i].remaining()).isEqualTo(16 * 1024);
        }
        bytes[0] = 42; // the buffers are views of the payload's own array: no copy was made
        assertThat(buffers[1].get(0)).isEqualTo((byte) 42);
    }

    @Test
    void smallOrMaskedPayloadsStayOneBuffer() {
        assertThat(new FrameEncoder(Role.SERVER)
                .encodeMessage(Opcode.TEXT, true, Payload.wrap(new byte[FrameEncoder.GATHERING_THRESHOLD - 1]), 16384))
                .hasSize(1);
        assertThat(new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(7))
                .encodeMessage(Opcode.BINARY, true, Payload.wrap(new byte[100_000]), 16384))
                .hasSize(1);
    }

    @Property(tries = 200)
    void aSmallFrameIsBuiltOncePerPayloadAndEqualsTheCopiedFrame(@ForAll @IntRange(max = FrameEncoder.GATHERING_THRESHOLD - 1) int length,
                                                                  @ForAll boolean text, @ForAll long seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        Opcode opcode = text ? Opcode.TEXT : Opcode.BINARY;
        Payload shared = Payload.wrap(bytes);
        byte[] copied = new FrameEncoder(Role.SERVER).encodeFragments(opcode, true, bytes.clone(), 16384).array();

        ByteBuffer[] first = new FrameEncoder(Role.SERVER).encodeSharedMessage(opcode, shared, 16384);
        ByteBuffer[] second = new FrameEncoder(Role.SERVER).encodeSharedMessage(opcode, shared, 16384);
        ByteBuffer[] asBinary = new FrameEncoder(Role.SERVER).encodeSharedMessage(
                text ? Opcode.BINARY : Opcode.TEXT, shared, 16384);
        ByteBuffer[] unshared = new FrameEncoder(Role.SERVER).encodeMessage(opcode, true, shared, 16384);

        assertThat(first).hasSize(1);
        assertThat(first[0].isReadOnly()).isTrue();
        assertThat(toArray(first[0])).isEqualTo(copied);
        assertThat(toArray(second[0])).isEqualTo(copied);
        assertThat(toArray(asBinary[0])[0]).isEqualTo((byte) (0x80 | (text ? 0x2 : 0x1))); // another opcode: its own frame
        assertThat(toArray(first[0])).isEqualTo(copied); // and the first frame is unchanged by it
        assertThat(unshared[0].hasArray()).isTrue(); // the plain path still hands out a buffer of the caller's own
        assertThat(toArray(unshared[0])).isEqualTo(copied);
    }

    @Test
    void eachConnectionGetsItsOwnViewOfASharedFrame() {
        Payload shared = Payload.wrap("a broadcast".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        ByteBuffer first = encoder.encodeSharedMessage(Opcode.TEXT, shared, 16384)[0];
        first.position(first.limit()); // this connection's socket took the whole frame
        ByteBuffer second = encoder.encodeSharedMessage(Opcode.TEXT, shared, 16384)[0];
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(2 + shared.length());
        assertThat(second.isReadOnly()).isTrue();
    }

    @Test
    void aSharedFrameIsOfferedOnlyWhereTheRfcLetsOneFrameServeEveryConnection() {
        Payload small = Payload.wrap("hi all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FrameEncoder server = new FrameEncoder(Role.SERVER);
        ByteBuffer frame = server.encodeSharedFrame(Opcode.TEXT, small, 16384);
        assertThat(frame.isReadOnly()).isTrue();
        assertThat(toArray(frame)).isEqualTo(toArray(server.encodeSharedMessage(Opcode.TEXT, small, 16384)[0]));
        // §5.3: a client masks each frame with its own key; control frames are never broadcast payloads.
        assertThat(new FrameEncoder(Role.CLIENT).encodeSharedFrame(Opcode.TEXT, small, 16384)).isNull();
        assertThat(server.encodeSharedFrame(Opcode.PING, small, 16384)).isNull();
        // Too large to share as one small frame, or split into fragments: the caller encodes the message itself.
        assertThat(server.encodeSharedFrame(Opcode.BINARY,
                Payload.wrap(new byte[FrameEncoder.GATHERING_THRESHOLD]), 16384)).isNull();
        assertThat(server.encodeSharedFrame(Opcode.TEXT, small, 3)).isNull();
    }

    @Test
    void anExtensionsRsvBitsGoOnTheFirstFrameOnly() {
        byte[] bytes = new byte[3000];
        for (int fragmentSize : new int[] {16384, 1000}) {
            for (int size : new int[] {10, 3000}) {
                ByteBuffer[] frames = new FrameEncoder(Role.SERVER)
                        .encodeMessage(Opcode.TEXT, true, Payload.wrap(java.util.Arrays.copyOf(bytes, size)), fragmentSize, 0x40);
                byte[] wire = dev.wslab.framing.Hex.concat(frames);
                byte[] plain = new FrameEncoder(Role.SERVER).encodeFragments(Opcode.TEXT, true,
                        java.util.Arrays.copyOf(bytes, size), fragmentSize).array();
                plain[0] |= 0x40;
                assertThat(wire).isEqualTo(plain);
            }
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
