package dev.wslab.framing.deflate;

import dev.wslab.framing.ProtocolViolation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compress → decompress gives back every message, whatever the window, level and context takeover,
 * however the compressed payload is cut into frames and those into TCP reads.
 */
class DeflateRoundTripTest {

    @Provide
    Arbitrary<List<byte[]>> messages() {
        Arbitrary<byte[]> text = Arbitraries.strings().withChars("{}\":,abcdefg hijk0123456789").ofMaxLength(3000)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> anyText = Arbitraries.strings().ofMaxLength(500).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
        Arbitrary<byte[]> repetitive = Arbitraries.integers().between(0, 70_000).map(n -> {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) "chat line ".charAt(i % 10);
            }
            return b;
        });
        return Arbitraries.oneOf(text, anyText, random, repetitive).list().ofMaxSize(6);
    }

    @Property(tries = 200)
    void every_message_survives_any_window_level_takeover_and_chunking(
            @ForAll("messages") List<byte[]> messages, @ForAll @IntRange(min = 8, max = 15) int windowBits,
            @ForAll @IntRange(min = 0, max = 9) int level, @ForAll boolean noContextTakeover, @ForAll long seed) {
        Random random = new Random(seed);
        try (MessageCompressor compressor = new MessageCompressor(level, windowBits, noContextTakeover);
             MessageDecompressor decompressor = new MessageDecompressor(noContextTakeover)) {
            for (byte[] message : messages) {
                byte[] compressed = compressor.compress(message);
                ByteArrayOutputStream inflated = new ByteArrayOutputStream();
                int at = 0;
                while (at < compressed.length) {
                    int size = Math.min(compressed.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : compressed.length));
                    ByteBuffer piece = random.nextBoolean() ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
                    piece.put(compressed, at, size).flip();
                    assertThat(decompressor.inflate(piece, (b, off, len) -> { inflated.write(b, off, len); return true; })).isEmpty();
                    assertThat(piece.hasRemaining()).isFalse();
                    at += size;
                }
                Optional<ProtocolViolation> end = decompressor.endMessage((b, off, len) -> { inflated.write(b, off, len); return true; });
                assertThat(end).isEmpty();
                assertThat(inflated.toByteArray()).isEqualTo(message);
            }
        }
    }

    @Property(tries = 50)
    void a_sender_without_context_takeover_is_understood_by_a_receiver_that_keeps_context(
            @ForAll("messages") List<byte[]> messages) {
        // §7.1.1: no_context_takeover restricts the sender; a receiver keeping its history still decodes.
        try (MessageCompressor compressor = new MessageCompressor(6, 15, true);
             MessageDecompressor decompressor = new MessageDecompressor(false)) {
            for (byte[] message : messages) {
                ByteArrayOutputStream inflated = new ByteArrayOutputStream();
                assertThat(decompressor.inflate(ByteBuffer.wrap(compressor.compress(message)), (b, off, len) -> { inflated.write(b, off, len); return true; })).isEmpty();
                assertThat(decompressor.endMessage((b, off, len) -> { inflated.write(b, off, len); return true; })).isEmpty();
                assertThat(inflated.toByteArray()).isEqualTo(message);
            }
        }
    }
}
