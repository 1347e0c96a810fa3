package dev.wslab.chat.transport.undertow;

/**
 * How many bytes a string takes in UTF-8, without encoding it: what a text message costs on the wire
 * (RFC 6455 §5.6: text payloads are UTF-8), so the outbound bound counts bytes, not chars. A chat line
 * in Chinese or emoji takes up to three bytes per char, so counting chars would let a slow client hold
 * up to three times the configured bound.
 */
final class Utf8Length {

    private Utf8Length() {}

    /** The length of {@code text.getBytes(UTF_8)}: a lone surrogate counts 1, as the encoder replaces it with '?'. */
    static int of(String text) {
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
}
