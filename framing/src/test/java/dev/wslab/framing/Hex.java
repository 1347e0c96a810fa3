package dev.wslab.framing;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Test helper: hex strings with spaces and "0x" prefixes allowed, as the RFC writes them. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace("0x", "").replaceAll("[\\s,]+", ""));
    }

    public static ByteBuffer buffer(String hex) {
        return ByteBuffer.wrap(bytes(hex));
    }

    public static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    public static String of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return of(copy);
    }

    public static byte[] concat(ByteBuffer... buffers) {
        int total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (ByteBuffer b : buffers) {
            out.put(b.duplicate());
        }
        return out.array();
    }
}
