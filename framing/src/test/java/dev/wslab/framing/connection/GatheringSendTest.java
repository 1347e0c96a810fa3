package dev.wslab.framing.connection;

import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Payload;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's no-copy sends (an owned payload: {@code sendText}, {@code sendBinary(Payload)}) put exactly the
 * bytes on the wire that the copying sends ({@code sendBinary(byte[])}, {@code sendTextPart}) put there, and the
 * peer reads the same message.
 */
class GatheringSendTest {

    @Property(tries = 100)
    void ownedAndBorrowedBinarySendsWriteTheSameBytes(@ForAll @IntRange(max = 70_000) int length,
                                                      @ForAll @IntRange(min = 1, max = 20_000) int fragmentSize,
                                                      @ForAll long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        Limits limits = Limits.DEFAULTS.withMaxSizes(1 << 20).withOutboundFragmentSize(fragmentSize);
        WebSocketConnection owned = new WebSocketConnection(Role.SERVER, limits);
        WebSocketConnection borrowed = new WebSocketConnection(Role.SERVER, limits);

        owned.sendBinary(Payload.wrap(bytes.clone()));
        borrowed.sendBinary(bytes);

        ByteBuffer[] out = owned.takeOutbound();
        assertThat(Hex.concat(out)).isEqualTo(Hex.concat(borrowed.takeOutbound()));
        assertThat(owned.bytesSent()).isEqualTo(borrowed.bytesSent());
        WebSocketConnection client = new WebSocketConnection(Role.CLIENT, limits);
        assertThat(Received.all(client, ByteBuffer.wrap(Hex.concat(out)), 0))
                .containsExactly(new Event.Binary(Payload.wrap(bytes)));
    }

    @Property(tries = 50)
    void aLargeTextGoesOutAsTheStreamedPathWouldWriteIt(@ForAll @IntRange(max = 40_000) int chars, @ForAll long seed) {
        StringBuilder text = multilingualText(chars, seed);
        Limits limits = Limits.DEFAULTS.withMaxSizes(1 << 20);
        WebSocketConnection whole = new WebSocketConnection(Role.SERVER, limits);
        WebSocketConnection streamed = new WebSocketConnection(Role.SERVER, limits);

        whole.sendText(text.toString());
        streamed.sendTextPart(text.toString(), true);

        byte[] wire = Hex.concat(whole.takeOutbound());
        assertThat(wire).isEqualTo(Hex.concat(streamed.takeOutbound()));
        List<Event> read = Received.all(new WebSocketConnection(Role.CLIENT, limits), ByteBuffer.wrap(wire), 0);
        assertThat(read).containsExactly(new Event.Text(new String(text.toString().getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)));
    }

    @Property(tries = 50)
    void aTextPayloadSharedByConnectionsWritesWhatSendTextWrites(@ForAll @IntRange(max = 5_000) int chars,
                                                                 @ForAll long seed) {
        StringBuilder text = multilingualText(chars, seed);
        Payload once = Payload.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        WebSocketConnection fromString = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
        fromString.sendText(text.toString());
        byte[] expected = Hex.concat(fromString.takeOutbound());

        for (int member = 0; member < 3; member++) {
            WebSocketConnection shared = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);
            shared.sendText(once);
            assertThat(Hex.concat(shared.takeOutbound())).isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void aSmallTextSentAsAStringComesOutInABufferOfTheCallersOwn() {
        // Transports (and the examples of chapter 7) may write it through array(): only sendText(Payload) shares.
        WebSocketConnection connection = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);

        connection.sendText("Hello");

        ByteBuffer[] out = connection.takeOutbound();
        assertThat(out).hasSize(1);
        assertThat(out[0].hasArray()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void aTextPayloadThatIsNotUtf8IsRefusedBeforeAnythingIsQueued() {
        WebSocketConnection connection = new WebSocketConnection(Role.SERVER, Limits.DEFAULTS);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connection.sendText(Payload.ofHex("ce ba e1 bd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
        assertThat(connection.takeOutbound()).isEmpty();
    }

    /** About {@code chars} UTF-16 units of mixed scripts (1- to 4-byte UTF-8), never ending inside a surrogate pair. */
    private static StringBuilder multilingualText(int chars, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(chars);
        String alphabet = "héllo wörld ελληνικά 漢字 🙂 ";
        while (text.length() < chars) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            text.setLength(text.length() - 1);
        }
        return text;
    }
}
