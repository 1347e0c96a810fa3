package dev.wslab.framing.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The annotator judges nothing itself, so it can never disagree with a wslab endpoint: on random bytes and
 * on valid streams with bits flipped, its verdict (valid or not), the close code and the reason string are
 * exactly those of a {@link WebSocketConnection} fed the same bytes in arbitrary chunks.
 */
class AnnotatorAgreesWithConnectionTest {

    @Property(tries = 500)
    void sameVerdictOnRandomBytes(@ForAll @Size(max = 80) byte[] bytes, @ForAll Role sender,
                                  @ForAll @IntRange(min = 1, max = 17) int chunk) {
        assertAgree(bytes, sender, chunk);
    }

    @Property(tries = 500)
    void sameVerdictOnFuzzedValidStreams(@ForAll("streams") byte[] valid, @ForAll Role sender,
                                         @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 10_000) Integer> flips,
                                         @ForAll @IntRange(min = 1, max = 17) int chunk) {
        byte[] bytes = encode(valid, sender);
        for (int flip : flips) {
            if (bytes.length > 0) {
                int bit = flip % (bytes.length * 8);
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            }
        }
        assertAgree(bytes, sender, chunk);
    }

    private static void assertAgree(byte[] bytes, Role sender, int chunk) {
        FrameAnnotator.Annotation annotation = FrameAnnotator.forSender(sender).annotate(bytes);

        WebSocketConnection receiver = new WebSocketConnection(sender.peer(), Limits.DEFAULTS, MaskingKeySource.fixed(0));
        List<Event> events = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            receiver.receive(ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at)), 0, events::add);
        }
        Optional<ProtocolViolation> verdict = events.stream().filter(e -> e instanceof Event.Violation)
                .map(e -> ((Event.Violation) e).cause()).findFirst();

        assertThat(annotation.violation()).as("verdict, close code and reason").isEqualTo(verdict);
        verdict.ifPresent(v -> {
            assertThat(annotation.text()).contains(">>> VIOLATION in " + v.field() + ": " + v.explanation());
            assertThat(receiver.closeSent()).map(CloseStatus::code).hasValue(v.closeCode().code());
        });
    }

    /** Concatenated frames: messages (some fragmented), control frames, maybe a Close at the end. */
    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<Frame> frame = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(Frame::text),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Frame::binary),
                Arbitraries.strings().ofMaxLength(10).map(t -> new Frame(false, dev.wslab.framing.Opcode.TEXT, Payload.ofUtf8(t))),
                Arbitraries.strings().ofMaxLength(10).map(t -> new Frame(true, dev.wslab.framing.Opcode.CONTINUATION, Payload.ofUtf8(t))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(10).map(b -> Frame.ping(Payload.of(b))),
                Arbitraries.of(Frame.close(CloseStatus.NORMAL), Frame.close(CloseStatus.of(4001, "bye"))));
        return frame.list().ofMaxSize(5).map(frames -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Frame f : frames) {
                byte[] encoded = serialize(f);
                out.write(encoded, 0, encoded.length);
            }
            return out.toByteArray();
        });
    }

    /** Frames are generated unmasked here and masked for the sender's role in {@link #encode}. */
    private static byte[] serialize(Frame frame) {
        ByteBuffer b = new FrameEncoder(Role.SERVER, MaskingKeySource.fixed(0)).encode(frame);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Re-encodes the server-form stream as {@code sender} would send it (a client masks, RFC 6455 §5.1). */
    private static byte[] encode(byte[] serverForm, Role sender) {
        if (sender == Role.SERVER) {
            return serverForm.clone();
        }
        dev.wslab.framing.codec.FrameDecoder decoder = new dev.wslab.framing.codec.FrameDecoder(Role.CLIENT,
                Limits.DEFAULTS);
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(0x37fa213d));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.wrap(serverForm);
        while (in.hasRemaining()) {
            dev.wslab.framing.codec.DecodeResult r = decoder.decode(in);
            if (r instanceof dev.wslab.framing.codec.DecodeResult.FrameDecoded d) {
                ByteBuffer b = encoder.encode(d.frame());
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.write(bytes, 0, bytes.length);
            } else {
                break;
            }
        }
        return out.toByteArray();
    }
}
