package dev.wslab.handshake;

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

    /** Text with CR and LF made visible as {@code \r\n}, one wire line per output line. */
    static String visibleLines(byte[] bytes, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (byte value : bytes) {
            int b = value & 0xFF;
            if (b == '\r') {
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
}
