package dev.wslab.bench.deflate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The payloads both libraries compress, fixed by a seed so every run and every peer sees the same bytes:
 * <ul>
 *   <li>{@code chatJson}: 50 different chat events as JSON lines (about 120 bytes each), what the chat
 *       demo broadcasts: small messages whose keys repeat;</li>
 *   <li>{@code text64k}: one 64 KiB text message of words;</li>
 *   <li>{@code random16k}: one 16 KiB binary message of random bytes, which does not compress.</li>
 * </ul>
 */
final class DeflatePayloads {
    private static final String[] WORDS = ("the a protocol frame message server client compress window history "
            + "deflate socket close ping pong browser chat room user text binary header mask payload length "
            + "extension negotiate offer answer context takeover bytes wire").split(" ");

    private DeflatePayloads() {
    }

    /** The messages of one payload kind, in order. */
    static List<byte[]> messages(String kind) {
        Random random = new Random(7692);
        List<byte[]> out = new ArrayList<>();
        switch (kind) {
            case "chatJson":
                for (int i = 0; i < 50; i++) {
                    out.add(("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"user" + random.nextInt(40)
                            + "\",\"seq\":" + (1000 + i) + ",\"at\":" + (1_733_400_000_000L + i * 917L)
                            + ",\"text\":\"" + words(random, 4 + random.nextInt(8)) + "\"}").getBytes(StandardCharsets.UTF_8));
                }
                return out;
            case "text64k":
                StringBuilder text = new StringBuilder();
                while (text.length() < 64 * 1024) {
                    text.append(words(random, 12)).append(".\n");
                }
                out.add(text.substring(0, 64 * 1024).getBytes(StandardCharsets.UTF_8));
                return out;
            case "random16k":
                byte[] bytes = new byte[16 * 1024];
                random.nextBytes(bytes);
                out.add(bytes);
                return out;
            default:
                throw new IllegalArgumentException("unknown payload kind " + kind);
        }
    }

    /** Whether the kind is sent as text (TEXT frames) or binary. */
    static boolean isText(String kind) {
        return !kind.equals("random16k");
    }

    private static String words(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }
}
