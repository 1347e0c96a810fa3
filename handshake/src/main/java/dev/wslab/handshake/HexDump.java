package dev.wslab.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Byte renderings for the explainer: compact hex, and a classic offset/hex/ASCII dump. */
final class HexDump {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexDump() {
    }

    /** {@code c772491c...}: two lowercase hex digits per byte, nothing between. */
    static String compact(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(DIGITS[(b >> 4) & 0xF]).append(DIGITS[b & 0xF]);
        }
        return out.toString();
    }

    /** Sixteen bytes a line: offset, hex pairs, then the printable ASCII ({@code .} for the rest). */
    static String dump(byte[] bytes, String indent) {
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < bytes.length; row += 16) {
            out.append(indent).append(String.format("%04x  ", row));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = row; i < row + 16; i++) {
                if (i < bytes.length) {
                    int b = bytes[i] & 0xFF;
                    out.append(DIGITS[b >> 4]).append(DIGITS[b & 0xF]).append(' ');
                    ascii.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == row + 7) {
                    out.append(' ');
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        return out.toString();
    }

    /**
     * Text with CR and LF made visible as {@code \r\n}, one wire line per output line. Well-formed UTF-8
     * (a reason's {@code §}) is shown as the character it encodes; control characters, DEL and bytes that are
     * not part of a well-formed UTF-8 sequence stay visible as {@code \xNN}, so nothing on the wire is hidden.
     */
    static String visibleLines(byte[] bytes, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            int sequence = b >= 0x80 ? printableUtf8Length(bytes, i) : 0;
            if (sequence > 0) {
                line.append(new String(bytes, i, sequence, StandardCharsets.UTF_8));
                i += sequence - 1;
            } else if (b == '\r') {
                line.append("\\r");
            } else if (b == '\n') {
                out.append(indent).append(line).append("\\n\n");
                line.setLength(0);
            } else if (b >= 0x20 && b < 0x7F) {
                line.append((char) b);
            } else {
                line.append(String.format("\\x%02x", b));
            }
        }
        if (line.length() > 0) {
            out.append(indent).append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * The length (2 to 4) of the well-formed UTF-8 sequence starting at {@code at} if it encodes a printable
     * character, else 0. The lead-byte ranges are RFC 3629 §4's (no overlong 0xC0/0xC1, nothing past
     * U+10FFFF); the strict decoder rejects the remaining overlongs and surrogates.
     */
    private static int printableUtf8Length(byte[] bytes, int at) {
        int lead = bytes[at] & 0xFF;
        int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (length == 0 || at + length > bytes.length) {
            return 0;
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, at, length)).toString();
        } catch (CharacterCodingException malformed) {
            return 0;
        }
        // C1 controls (U+0080..U+009F) are as invisible as C0 ones: keep their bytes in view.
        return Character.isISOControl(decoded.codePointAt(0)) ? 0 : length;
    }
}
