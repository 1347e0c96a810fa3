package dev.wslab.bench.codec;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The realistic traffic the codec benchmarks decode and encode, built once per trial:
 * <ul>
 *   <li>{@code smallText} — 1000 chat commands of 40–120 bytes of JSON text, one frame each;</li>
 *   <li>{@code largeBinary} — 16 binary messages of 64 KiB, one frame each (8-byte length form);</li>
 *   <li>{@code fragmented} — 64 text messages of 16 KiB, each in 16 frames of 1 KiB
 *       (TEXT + 15 CONTINUATION, RFC 6455 §5.4).</li>
 * </ul>
 * The decode input is what a client sends (masked, RFC 6455 §5.3), laid out as one byte stream that
 * the benchmark feeds in 16 KiB reads, as a socket would deliver it.
 */
final class FrameStreams {

    static final int READ_SIZE = 16 * 1024;

    /** One message of the traffic: opcode, payload, and the fragment size (0 = one frame). */
    record Message(Opcode opcode, byte[] payload, int fragmentSize) {
    }

    private FrameStreams() {
    }

    static List<Message> messages(String stream) {
        Random random = new Random(6455);
        List<Message> messages = new ArrayList<>();
        switch (stream) {
            case "smallText":
                for (int i = 0; i < 1000; i++) {
                    messages.add(new Message(Opcode.TEXT, chatLine(random, 40 + random.nextInt(81)), 0));
                }
                break;
            case "largeBinary":
                for (int i = 0; i < 16; i++) {
                    byte[] payload = new byte[64 * 1024];
                    random.nextBytes(payload);
                    messages.add(new Message(Opcode.BINARY, payload, 0));
                }
                break;
            case "fragmented":
                for (int i = 0; i < 64; i++) {
                    messages.add(new Message(Opcode.TEXT, chatLine(random, 16 * 1024), 1024));
                }
                break;
            default:
                throw new IllegalArgumentException("unknown stream " + stream);
        }
        return messages;
    }

    /** The messages as a client would send them: masked frames, one contiguous stream. */
    static byte[] maskedStream(List<Message> messages) {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, MaskingKeySource.fromRandom(new Random(17)));
        int total = 0;
        for (Message m : messages) {
            total += m.fragmentSize() == 0 ? encoder.frameLength(m.payload().length)
                    : encoder.fragmentsLength(m.payload().length, m.fragmentSize());
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (Message m : messages) {
            if (m.fragmentSize() == 0) {
                encoder.encode(true, m.opcode(), m.payload(), 0, m.payload().length, out);
            } else {
                encoder.encodeFragments(m.opcode(), true, m.payload(), 0, m.payload().length, m.fragmentSize(), out);
            }
        }
        return out.array();
    }

    /** Total payload bytes of the traffic. */
    static long payloadBytes(List<Message> messages) {
        long total = 0;
        for (Message m : messages) {
            total += m.payload().length;
        }
        return total;
    }

    /** ASCII JSON-like chat text of exactly {@code length} bytes. */
    private static byte[] chatLine(Random random, int length) {
        String prefix = "{\"type\":\"message\",\"room\":\"lobby\",\"message\":\"";
        StringBuilder text = new StringBuilder(length).append(prefix);
        String words = "hello websocket frames are fun to decode quickly and correctly ";
        while (text.length() < length - 2) {
            text.append(words.charAt(random.nextInt(words.length())));
        }
        text.append("\"}");
        text.setLength(length);
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
