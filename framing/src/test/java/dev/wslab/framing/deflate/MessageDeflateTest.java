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
             MessageDecompressor d = new MessageDecompressor(false)) {
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
        try (MessageDecompressor d = new MessageDecompressor(false)) {
            assertThat(inflate(d, Hex.bytes("0005 00fa ff48 656c 6c6f 00")).text()).isEqualTo("Hello");
        }
    }

    @Test
    void inflates_a_final_block_and_starts_a_fresh_stream_for_the_next_message() {
        try (MessageDecompressor d = new MessageDecompressor(false)) {
            // BFINAL set (§7.2.3.3): the sender ended its stream; what follows in the message is ignored.
            assertThat(inflate(d, Hex.bytes("f348cdc9c90700")).text()).isEqualTo("Hello");
            assertThat(inflate(d, Hex.bytes("f348cdc9c9070000")).text()).isEqualTo("Hello");
            assertThat(inflate(d, Hex.bytes("f248cdc9c90700")).text()).isEqualTo("Hello");
        }
    }

    @Test
    void inflates_an_empty_message_sent_as_a_single_zero_byte() {
        try (MessageCompressor c = new MessageCompressor(6, 15, false);
             MessageDecompressor d = new MessageDecompressor(false)) {
            byte[] empty = c.compress(new byte[0]);
            assertThat(hex(empty)).isEqualTo("00");
            assertThat(inflate(d, empty).bytes()).isEmpty();
        }
    }

    @Test
    void a_decompression_bomb_stops_when_the_sink_stops_without_inflating_the_rest() {
        // 100 MiB of zeros compress to about 100 KiB; give the decompressor only the first 20 KiB of it.
        // The size rule (1009) lives in the message layer; here a sink plays it: it refuses past LIMIT.
        byte[] bomb;
        try (MessageCompressor c = new MessageCompressor(9, 15, false)) {
            bomb = c.compress(new byte[100 << 20]);
        }
        byte[] head = java.util.Arrays.copyOf(bomb, 20 * 1024);
        long[] delivered = {0};
        try (MessageDecompressor d = new MessageDecompressor(false)) {
            Optional<ProtocolViolation> v = d.inflate(ByteBuffer.wrap(head), (b, off, len) -> {
                delivered[0] += len;
                return delivered[0] <= LIMIT;
            });
            assertThat(v).as("the sink's owner reports why it stopped").isEmpty();
            assertThat(delivered[0]).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT + 8192L);
            assertThat(d.inflatedSoFar()).as("nothing is inflated after the sink stopped").isEqualTo(delivered[0]);
        }
    }

    @Test
    void without_a_limit_of_its_own_a_big_message_inflates_whole() {
        try (MessageCompressor c = new MessageCompressor(6, 15, false);
             MessageDecompressor d = new MessageDecompressor(false)) {
            Inflated result = inflate(d, c.compress(new byte[1 << 20]));
            assertThat(result.violation()).isEmpty();
            assertThat(result.bytes()).hasSize(1 << 20);
        }
    }

    @Test
    void data_that_is_not_deflate_fails_with_1007() {
        try (MessageDecompressor d = new MessageDecompressor(false)) {
            // Block type 3 is reserved (RFC 1951 §3.2.3).
            Inflated r = inflate(d, Hex.bytes("ff ff ff ff"));
            assertThat(r.violation()).get().extracting(ProtocolViolation::closeCode).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA);
            assertThat(r.violation().get().describe()).contains("cannot be inflated").contains("RFC 7692 §7.2.2");
        }
    }

    @Test
    void a_closed_coder_refuses_work_and_closing_twice_is_harmless() {
        MessageCompressor c = new MessageCompressor(6, 15, false);
        MessageDecompressor d = new MessageDecompressor(false);
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
    }
}
