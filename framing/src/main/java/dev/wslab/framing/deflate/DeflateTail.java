package dev.wslab.framing.deflate;

/**
 * The four bytes {@code 00 00 ff ff} that end every flushed DEFLATE stream: the LEN and NLEN of the
 * empty stored block a sync flush writes. RFC 7692 §7.2.1 has the sender remove them and §7.2.2 the
 * receiver append them, saving four bytes per message.
 */
final class DeflateTail {
    static final byte[] BYTES = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private DeflateTail() {
    }

    /** The compressed bytes without the tail; unchanged if they do not end with it. */
    static byte[] strip(byte[] compressed) {
        int n = compressed.length;
        if (n >= 4 && compressed[n - 4] == 0 && compressed[n - 3] == 0
                && compressed[n - 2] == (byte) 0xFF && compressed[n - 1] == (byte) 0xFF) {
            return java.util.Arrays.copyOf(compressed, n - 4);
        }
        return compressed;
    }
}
