package dev.wslab.framing.deflate;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Hex;
import dev.wslab.framing.ProtocolViolation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples of RFC 7692 §7.2.3 and the limits: one test per rule. */
class MessageDeflateTest {

    private static final int LIMIT = 64 * 1024;

    /** Inflates one whole message given as hex. */
    private static Inflated inflate(MessageDecompressor d, byte[] compressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Optional<ProtocolViolation> v = d.inflate(ByteBuffer.wrap(compressed), (b, off, len) -> { out.write(b, off, len); return true; });
        if (v.isEmpty()) {
            v = d.endMessage((b, off, len) -> { out.write(b, off, len); return true; });
        }
        return new Inflated(out.toByteArray(), v);
    }

    private static String hex(byte[] bytes) {
        return Hex.of(bytes).replace(" ", "");
    }

    record Inflated(byte[] bytes, Optional<ProtocolViolation> violation) {
        String text() {
            assertThat(violation).isEmpty();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Test
    void compresses_hello_as_in_rfc_7692_section_7_2_3_1() {
        try (MessageCompressor c = new MessageCompressor(Deflater.DEFAULT_COMPRESSION, 15, false)) {
            assertThat(hex(c.compress("Hello".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("f248cdc9c90700");
        }
    }

    @Test
    void a_second_hello_refers_back_to_the_first_with_context_takeover_7_2_3_2() {
        try (MessageCompressor c = new MessageCompressor(Deflater.DEFAULT_COMPRESSION, 15, false);
             MessageDecompressor d = new MessageDecompressor(false, LIMIT)) {
            byte[] first = c.compress("Hello".getBytes(StandardCharsets.US_ASCII));
            byte[] second = c.compress("Hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(hex(second)).isEqualTo("f200110000");
            assertThat(inflate(d, first).text()).isEqualTo("Hello");
            assertThat(inflate(d, second).text()).isEqualTo("Hello");
        }
    }

    @Test
    void without_context_takeover_every_message_compresses_alone() {
        try (MessageCompressor c = new MessageCompressor(Deflater.DEFAULT_COMPRESSION, 15, true)) {
            c.compress("Hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(hex(c.compress("Hello".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("f248cdc9c90700");
        }
    }

    @Test
    void the_compressed_payload_never_ends_with_the_removed_tail() {
        try (MessageCompressor c = new MessageCompressor(6, 15, false)) {
            byte[] out = c.compress(new byte[1000]);
            assertThat(hex(out)).doesNotEndWith("0000ffff");
        }
    }

    @Test
    void inflates_a_stored_block_7_2_3_3() {
        try (MessageDecompressor d = new MessageDecompressor(false, LIMIT)) {
            assertThat(inflate(d, Hex.bytes("0005 00fa ff48 656c 6c6f 00")).text()).isEqualTo("Hello");
        }
    }

    @Test
    void inflates_a_final_block_and_starts_a_fresh_stream_for_the_next_message() {
        try (MessageDecompressor d = new MessageDecompressor(false, LIMIT)) {
            // BFINAL set (§7.2.3.3): the sender ended its stream; what follows in the message is ignored.
            assertThat(inflate(d, Hex.bytes("f348cdc9c90700")).text()).isEqualTo("Hello");
            assertThat(inflate(d, Hex.bytes("f348cdc9c9070000")).text()).isEqualTo("Hello");
            assertThat(inflate(d, Hex.bytes("f248cdc9c90700")).text()).isEqualTo("Hello");
        }
    }

    @Test
    void inflates_an_empty_message_sent_as_a_single_zero_byte() {
        try (MessageCompressor c = new MessageCompressor(6, 15, false);
             MessageDecompressor d = new MessageDecompressor(false, LIMIT)) {
            byte[] empty = c.compress(new byte[0]);
            assertThat(hex(empty)).isEqualTo("00");
            assertThat(inflate(d, empty).bytes()).isEmpty();
        }
    }

    @Test
    void a_decompression_bomb_stops_at_the_limit_without_inflating_the_rest() {
        // 100 MiB of zeros compress to about 100 KiB; give the decompressor only the first 20 KiB of it.
        byte[] bomb;
        try (MessageCompressor c = new MessageCompressor(9, 15, false)) {
            bomb = c.compress(new byte[100 << 20]);
        }
        byte[] head = java.util.Arrays.copyOf(bomb, 20 * 1024);
        long[] delivered = {0};
        try (MessageDecompressor d = new MessageDecompressor(false, LIMIT)) {
            Optional<ProtocolViolation> v = d.inflate(ByteBuffer.wrap(head), (b, off, len) -> { delivered[0] += len; return true; });
            assertThat(v).get().extracting(ProtocolViolation::closeCode).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
            assertThat(v.get().explanation()).contains("the rest was not inflated");
            assertThat(delivered[0]).isEqualTo(LIMIT);
            assertThat(d.inflatedSoFar()).isEqualTo(LIMIT + 1);
        }
    }

    @Test
    void a_message_exactly_at_the_limit_is_accepted() {
        try (MessageCompressor c = new MessageCompressor(6, 15, false);
             MessageDecompressor d = new MessageDecompressor(false, 1000)) {
            assertThat(inflate(d, c.compress(new byte[1000])).violation()).isEmpty();
            assertThat(inflate(d, c.compress(new byte[1001])).violation()).get()
                    .extracting(ProtocolViolation::closeCode).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void a_limit_of_long_max_value_inflates_instead_of_asking_zlib_for_nothing_forever() {
        // Regression: the allowance "limit - inflated + 1" overflowed to a 0-byte request and looped.
        try (MessageCompressor c = new MessageCompressor(6, 15, false);
             MessageDecompressor d = new MessageDecompressor(false, Long.MAX_VALUE)) {
            Inflated result = inflate(d, c.compress("Hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(result.violation()).isEmpty();
            assertThat(new String(result.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("Hello");
        }
    }

    @Test
    void data_that_is_not_deflate_fails_with_1007() {
        try (MessageDecompressor d = new MessageDecompressor(false, LIMIT)) {
            // Block type 3 is reserved (RFC 1951 §3.2.3).
            Inflated r = inflate(d, Hex.bytes("ff ff ff ff"));
            assertThat(r.violation()).get().extracting(ProtocolViolation::closeCode).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA);
            assertThat(r.violation().get().describe()).contains("cannot be inflated").contains("RFC 7692 §7.2.2");
        }
    }

    @Test
    void a_closed_coder_refuses_work_and_closing_twice_is_harmless() {
        MessageCompressor c = new MessageCompressor(6, 15, false);
        MessageDecompressor d = new MessageDecompressor(false, LIMIT);
        c.close();
        c.close();
        d.close();
        d.close();
        assertThatThrownBy(() -> c.compress(new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> d.inflate(ByteBuffer.allocate(1), (b, o, l) -> true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejects_settings_out_of_range() {
        assertThatThrownBy(() -> new MessageCompressor(10, 15, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageCompressor(6, 7, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageDecompressor(false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
