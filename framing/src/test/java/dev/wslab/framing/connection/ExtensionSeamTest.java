package dev.wslab.framing.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Hex;
import dev.wslab.framing.Limits;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.HeaderBits;
import dev.wslab.framing.codec.MaskingKeySource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seam a negotiated extension (permessage-deflate, RFC 7692) plugs into: the RSV bits it allows, its
 * per-frame rule, and a per-message transform whose output — not the wire bytes — meets the size limit and
 * the UTF-8 check. The toy extension here marks a message "doubled" with RSV1 and writes every byte twice.
 */
class ExtensionSeamTest {

    /** RSV1 on a message's first frame means: every byte of it is to be written twice. */
    static final class Doubling implements InboundExtension {
        @Override
        public int rsvBits() {
            return HeaderBits.RSV1;
        }

        @Override
        public Optional<ProtocolViolation> checkFrame(FrameHeader header, boolean firstOfMessage) {
            if (header.rsv1() && !firstOfMessage) {
                return Optional.of(ProtocolViolation.protocolError("RSV1",
                        "RSV1 is set on a CONTINUATION frame; only a message's first frame may carry it", "RFC 7692 §6.1"));
            }
            return Optional.empty();
        }

        @Override
        public Optional<MessageTransform> startMessage(FrameHeader firstFrame) {
            if (!firstFrame.rsv1()) {
                return Optional.empty();
            }
            return Optional.of(new MessageTransform() {
                @Override
                public Optional<ProtocolViolation> transform(byte[] wire, int offset, int length, MessageSink out) {
                    for (int i = offset; i < offset + length; i++) {
                        if (!out.write(new byte[] {wire[i], wire[i]}, 0, 2)) {
                            return Optional.empty();
                        }
                    }
                    return Optional.empty();
                }

                @Override
                public Optional<ProtocolViolation> finish(MessageSink out) {
                    return Optional.empty();
                }
            });
        }
    }

    private static List<Event> receive(WebSocketConnection connection, String hex) {
        return Received.all(connection, Hex.buffer(hex), 0);
    }

    private static WebSocketConnection withDoubling(Limits limits) {
        return new WebSocketConnection(Role.CLIENT, limits, MaskingKeySource.fixed(0), Optional.of(new Doubling()));
    }

    @Test
    void aMessageFlaggedByTheExtensionIsTransformedBeforeTheApplicationSeesIt() {
        // 0xC1 = FIN + RSV1 + TEXT, "ab" → "aabb"; an unflagged message passes as it is.
        assertThat(receive(withDoubling(Limits.DEFAULTS), "c1 02 61 62 81 02 61 62"))
                .containsExactly(new Event.Text("aabb"), new Event.Text("ab"));
    }

    @Test
    void withoutTheExtensionRsv1IsStillAViolation() {
        List<Event> events = receive(new WebSocketConnection(Role.CLIENT, Limits.DEFAULTS), "c1 02 61 62");
        assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class,
                v -> assertThat(v.cause().field()).isEqualTo("RSV1"));
    }

    @Test
    void theExtensionsOwnFrameRuleFailsTheConnection() {
        // A fragmented message whose CONTINUATION carries RSV1 (0xC0): the extension's rule, 1002.
        List<Event> events = receive(withDoubling(Limits.DEFAULTS), "41 01 61 c0 01 62");
        assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class, v -> {
            assertThat(v.code()).isEqualTo(CloseCode.PROTOCOL_ERROR);
            assertThat(v.rfcSection()).isEqualTo("RFC 7692 §6.1");
        });
    }

    @Test
    void rsvBitsNeverPassOnControlFrames() {
        // 0xC9 = FIN + RSV1 + PING: no extension gives RSV bits a meaning on control frames.
        List<Event> events = receive(withDoubling(Limits.DEFAULTS), "c9 00");
        assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class,
                v -> assertThat(v.cause().field()).isEqualTo("RSV1"));
    }

    @Test
    void theSizeLimitAppliesToTheTransformedBytes() {
        // 100 wire bytes become 200: over a 150-byte message limit, although the frame itself fits (1009).
        byte[] payload = new byte[100];
        ByteBuffer frame = ByteBuffer.allocate(102).put((byte) 0xC2).put((byte) 100).put(payload).flip();
        List<Event> events = Received.all(withDoubling(Limits.DEFAULTS.withMaxMessageSize(150)), frame, 0);
        assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class,
                v -> assertThat(v.code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG));
    }

    @Test
    void utf8IsCheckedOnTheTransformedBytes() {
        // One byte 0xE2 doubled is E2 E2: never valid UTF-8 (1007), though a lone E2 could still be completed.
        List<Event> events = receive(withDoubling(Limits.DEFAULTS), "c1 01 e2");
        assertThat(events.get(0)).isInstanceOfSatisfying(Event.Violation.class,
                v -> assertThat(v.code()).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA));
        assertThat("ok".getBytes(StandardCharsets.UTF_8)).hasSize(2);
    }
}
