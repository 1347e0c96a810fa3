package dev.wslab.framing.deflate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.ProtocolViolation;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for the inflating decoder. Under {@code mvn verify} it runs in Jazzer's regression mode
 * over the seed corpus in
 * {@code src/test/resources/dev/wslab/framing/deflate/MessageDecompressorFuzzTestInputs/inflatesAnyBytes/};
 * run with {@code JAZZER_FUZZ=1} to search for new inputs.
 *
 * <p>Input layout: byte 0 bit 0 = no context takeover, bits 1–7 = chunk size − 1; byte 1 = where the
 * first message ends (as a fraction of the rest, in 256ths); the rest is what the peer sends as
 * compressed payload, in two messages.
 *
 * <p>What must hold: no exception escapes; every piece is consumed or answered with a violation; a
 * violation is 1007 only (the size rule, 1009, lives in the message layer: here a sink that refuses past
 * the limit plays it); once the sink refuses, nothing more is inflated, so no message delivers more than
 * the limit plus one 8 KiB piece.
 */
class MessageDecompressorFuzzTest {
    private static final int LIMIT = 4096;

    @FuzzTest(maxDuration = "60s")
    void inflatesAnyBytes(byte[] input) {
        if (input.length < 2) {
            return;
        }
        boolean noContextTakeover = (input[0] & 1) != 0;
        int chunk = 1 + ((input[0] & 0xFF) >>> 1);
        byte[] data = Arrays.copyOfRange(input, 2, input.length);
        int split = data.length * (input[1] & 0xFF) / 256;
        try (MessageDecompressor d = new MessageDecompressor(noContextTakeover)) {
            for (byte[] message : new byte[][] {Arrays.copyOfRange(data, 0, split), Arrays.copyOfRange(data, split, data.length)}) {
                long[] delivered = {0};
                MessageDecompressor.Sink sink = (b, off, len) -> {
                    assertThat(len).isPositive();
                    assertThat(delivered[0]).as("nothing is delivered after the sink refused").isLessThanOrEqualTo(LIMIT);
                    delivered[0] += len;
                    return delivered[0] <= LIMIT;
                };
                Optional<ProtocolViolation> v = Optional.empty();
                for (int at = 0; at < message.length && v.isEmpty() && delivered[0] <= LIMIT; at += chunk) {
                    ByteBuffer piece = ByteBuffer.wrap(message, at, Math.min(chunk, message.length - at));
                    v = d.inflate(piece, sink);
                    if (v.isEmpty()) {
                        assertThat(piece.hasRemaining()).isFalse();
                    }
                }
                if (delivered[0] > LIMIT) {
                    return; // the receiver failed the message (1009, its own rule): the connection ends
                }
                if (v.isEmpty()) {
                    v = d.endMessage(sink);
                }
                assertThat(delivered[0]).isLessThanOrEqualTo(LIMIT + 8192L);
                if (v.isPresent() || delivered[0] > LIMIT) {
                    v.ifPresent(violation -> assertThat(violation.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA));
                    return;
                }
            }
        }
    }
}
