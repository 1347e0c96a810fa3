package dev.wslab.framing.connection;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.FrameDecoder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets over the decoder and the connection. Under {@code mvn verify} they run in Jazzer's
 * regression mode: every file of the seed corpus in
 * {@code src/test/resources/dev/wslab/framing/connection/ConnectionFuzzTestInputs/<method>/} is one test
 * input. Run with {@code JAZZER_FUZZ=1} to search for new inputs.
 *
 * <p>Input layout: the first byte picks the role (bit 0: 0 = we are the server, 1 = the client) and the
 * chunk size (bits 1–7, plus one); the remaining bytes are what the peer sends.
 *
 * <p>What must hold for any input: no exception escapes; every call consumes all its bytes; at most one
 * {@code Closed}, always last; a {@code Violation} is always followed by {@code Closed}; nothing delivered
 * is larger than the configured limits (the decoder decides sizes from the header, so it never allocates
 * beyond them either).
 */
class ConnectionFuzzTest {

    private static final Limits SMALL = Limits.DEFAULTS.withMaxFramePayload(1024).withMaxMessageSize(4096);

    @FuzzTest(maxDuration = "60s")
    void connectionSurvivesAnyBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Role role = (input[0] & 1) == 0 ? Role.SERVER : Role.CLIENT;
        int chunkSize = 1 + ((input[0] & 0xFF) >>> 1);
        WebSocketConnection connection = new WebSocketConnection(role, SMALL);
        List<Event> events = new ArrayList<>();
        long now = 0;
        for (int at = 1; at < input.length; at += chunkSize) {
            ByteBuffer chunk = ByteBuffer.wrap(Arrays.copyOfRange(input, at, Math.min(input.length, at + chunkSize)));
            events.addAll(Received.all(connection, chunk, now));
            assertThat(chunk.hasRemaining()).isFalse();
            now += 1_000_000;
            while (connection.hasOutbound()) {
                connection.takeOutbound();
            }
        }
        events.addAll(connection.onTimer(Long.MAX_VALUE / 2));
        events.addAll(connection.onTransportClosed());

        long closedCount = events.stream().filter(Event.Closed.class::isInstance).count();
        assertThat(closedCount).isEqualTo(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(Event.Closed.class);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event instanceof Event.Violation) {
                assertThat(events.get(i + 1)).isInstanceOf(Event.Closed.class);
            } else if (event instanceof Event.Text text) {
                assertThat(text.text().length()).isLessThanOrEqualTo(SMALL.maxMessageSize());
            } else if (event instanceof Event.Binary binary) {
                assertThat(binary.payload().length()).isLessThanOrEqualTo(SMALL.maxMessageSize());
            }
        }
        assertThat(connection.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @FuzzTest(maxDuration = "60s")
    void decoderNeverExceedsItsLimits(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Role role = (input[0] & 1) == 0 ? Role.SERVER : Role.CLIENT;
        int chunkSize = 1 + ((input[0] & 0xFF) >>> 1);
        FrameDecoder decoder = new FrameDecoder(role, SMALL);
        for (int at = 1; at < input.length && !decoder.isFailed(); at += chunkSize) {
            ByteBuffer chunk = ByteBuffer.wrap(Arrays.copyOfRange(input, at, Math.min(input.length, at + chunkSize)));
            while (chunk.hasRemaining() && !decoder.isFailed()) {
                DecodeResult result = decoder.decode(chunk);
                if (result instanceof DecodeResult.FrameDecoded decoded) {
                    assertThat(decoded.frame().payload().length()).isLessThanOrEqualTo(SMALL.maxFramePayload());
                    assertThat(decoded.header().isLengthMinimal()).isTrue();
                    assertThat(decoded.header().masked()).isEqualTo(role == Role.SERVER);
                }
            }
        }
    }
}
