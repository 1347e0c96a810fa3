package dev.wslab.framing.utf8;

/**
 * How many bytes a string takes in UTF-8, without encoding it: what a text message costs on the wire
 * (RFC 6455 §5.6: text payloads are UTF-8), so the outbound bound counts bytes, not chars. A chat line
 * in Chinese or emoji takes up to three bytes per char, so counting chars would let a slow client hold
 * up to three times the configured bound.
 */
public final class Utf8Length {

    private Utf8Length() {}

    /**
     * The length of {@code text.getBytes(UTF_8)}: a lone surrogate counts 1, as the encoder replaces it with '?'.
     *
     * @param text any string
     * @return its size in UTF-8 bytes
     */
    public static int of(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // a pair: 2 chars, 4 bytes
                i++;
            } else if (Character.isSurrogate(c)) {
                // a lone surrogate is not encodable; String.getBytes writes one '?'
                continue;
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /**
     * Cuts {@code text} to at most {@code maxBytes} of UTF-8 without splitting a character, e.g. to fit a
     * Close reason into 123 bytes (RFC 6455 §5.5: a control payload carries at most 125 bytes). Stops at a
     * lone surrogate, which has no UTF-8 form.
     *
     * @param text     any string
     * @param maxBytes the most UTF-8 bytes the result may take, 0 or more
     * @return the longest prefix of whole characters that fits
     */
    public static String truncate(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1 || bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }
}
