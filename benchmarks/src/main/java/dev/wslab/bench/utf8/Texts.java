package dev.wslab.bench.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Benchmark texts of an exact UTF-8 size that end on a character boundary. */
final class Texts {

    private static final String ASCII = "{\"type\":\"message\",\"room\":\"lobby\",\"message\":\"hello, world\"} ";
    private static final String MULTILINGUAL =
            "Grüße aus Köln — καλημέρα κόσμε — 你好，世界 — こんにちは — 🙂🚀 — façade naïve ";

    private Texts() {
    }

    /** Repeats the named sample to exactly {@code size} bytes, padding the tail with ASCII. */
    static byte[] utf8(String kind, int size) {
        String sample = "ascii".equals(kind) ? ASCII : MULTILINGUAL;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        int index = 0;
        while (true) {
            int codePoint = sample.codePointAt(index);
            byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            if (out.size() + encoded.length > size) {
                break;
            }
            out.writeBytes(encoded);
            index = (index + Character.charCount(codePoint)) % sample.length();
        }
        while (out.size() < size) {
            out.write('.');
        }
        return out.toByteArray();
    }
}
