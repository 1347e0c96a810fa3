package dev.wslab.framing.deflate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.connection.ConnectionState;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for the inflating decoder: a connection with permessage-deflate negotiated, fed any bytes.
 * Under {@code mvn verify} it runs in Jazzer's regression mode over the seed corpus in
 * {@code src/test/resources/dev/wslab/framing/deflate/PerMessageDeflateFuzzTestInputs/inflatingConnectionSurvivesAnyBytes/}
 * (the RFC 7692 examples in frames, a fragmented message, a bomb, RSV1 where it may not be); run with
 * {@code JAZZER_FUZZ=1} to search for new inputs.
 *
 * <p>Input layout: byte 0 bit 0 = our role (0 server, 1 client), bit 1 = the peer uses no context
 * takeover, bits 2–7 = chunk size − 1; the rest is what the peer sends.
 *
 * <p>What must hold: no exception escapes; every byte is consumed; exactly one {@code Closed}, last; a
 * violation is 1002, 1007 or 1009 and is followed by {@code Closed}; no message is larger than the limit
 * once inflated; zlib is released when the connection has ended.
 */
class PerMessageDeflateFuzzTest {
    private static final Limits SMALL = Limits.DEFAULTS.withMaxFramePayload(1024).withMaxMessageSize(4096);

    @FuzzTest(maxDuration = "60s")
    void inflatingConnectionSurvivesAnyBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Role role = (input[0] & 1) == 0 ? Role.SERVER : Role.CLIENT;
        boolean peerNoContextTakeover = (input[0] & 2) != 0;
        int chunkSize = 1 + ((input[0] & 0xFF) >>> 2);
        PerMessageDeflateExtension extension = PerMessageDeflateExtension.agreed(role,
                peerNoContextTakeover && role == Role.CLIENT, peerNoContextTakeover && role == Role.SERVER, 15, 15, 6, 0);
        WebSocketConnection connection = WebSocketConnection.withExtension(role, SMALL, MaskingKeySource.fixed(7), extension);
        List<Event> events = new ArrayList<>();
        for (int at = 1; at < input.length; at += chunkSize) {
            ByteBuffer chunk = ByteBuffer.wrap(Arrays.copyOfRange(input, at, Math.min(input.length, at + chunkSize)));
            connection.receive(chunk, 0, event -> {
                events.add(event);
                if (event instanceof Event.Text text) {
                    connection.sendText(text.text()); // an echo exercises the compressor too
                }
            });
            assertThat(chunk.hasRemaining()).isFalse();
            connection.takeOutbound();
        }
        events.addAll(connection.onTransportClosed());

        assertThat(events.stream().filter(Event.Closed.class::isInstance).count()).isEqualTo(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(Event.Closed.class);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event instanceof Event.Violation violation) {
                assertThat(violation.cause().closeCode()).isIn(CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_PAYLOAD_DATA,
                        CloseCode.MESSAGE_TOO_BIG);
                assertThat(events.get(i + 1)).isInstanceOf(Event.Closed.class);
            } else if (event instanceof Event.Text text) {
                assertThat(text.text().length()).isLessThanOrEqualTo(SMALL.maxMessageSize());
            } else if (event instanceof Event.Binary binary) {
                assertThat(binary.payload().length()).isLessThanOrEqualTo(SMALL.maxMessageSize());
            }
        }
        assertThat(connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(extension.isReleased()).isTrue();
    }
}
