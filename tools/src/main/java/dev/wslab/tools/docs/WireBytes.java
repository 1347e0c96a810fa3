package dev.wslab.tools.docs;

import java.util.ArrayList;
import java.util.List;

/** Renders bytes for the docs: hex lines, and HTTP heads as text with every CR and LF made visible. */
public final class WireBytes {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private WireBytes() {
    }

    /** {@code 81 05 48 65}: two lowercase digits per byte, separated by spaces. */
    public static String hex(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder((to - from) * 3);
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(' ');
            }
            out.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
        }
        return out.toString();
    }

    /** {@link #hex(byte[], int, int)} over a whole array. */
    public static String hex(byte[] bytes) {
        return hex(bytes, 0, bytes.length);
    }

    /**
     * Hex, 16 bytes a line, each line starting with {@code indent}. When the bytes are longer than
     * {@code maxBytes}, the first {@code maxBytes} are shown and one line says how many follow.
     */
    public static List<String> hexLines(byte[] bytes, int maxBytes) {
        List<String> lines = new ArrayList<>();
        int shown = Math.min(bytes.length, maxBytes);
        for (int row = 0; row < shown; row += 16) {
            lines.add(hex(bytes, row, Math.min(shown, row + 16)));
        }
        if (bytes.length > shown) {
            lines.add("… and " + (bytes.length - shown) + " more byte(s)");
        }
        return lines;
    }

    /**
     * The bytes as text lines, one per line of the input, with {@code \r} and {@code \n} written out and any
     * other byte outside printable ASCII as {@code \xNN}. Lines beyond {@code maxLines} are elided in the
     * middle, keeping the first and last few.
     */
    public static List<String> visibleLines(byte[] bytes, int maxLines) {
        // Valid UTF-8 (an HTTP body, a reason phrase) is shown as text; anything else byte by byte.
        String text = strictUtf8(bytes);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int n = text != null ? text.length() : bytes.length;
        for (int i = 0; i < n; i++) {
            int c = text != null ? text.charAt(i) : bytes[i] & 0xFF;
            if (c == '\r') {
                line.append("\\r");
            } else if (c == '\n') {
                line.append("\\n");
                lines.add(line.toString());
                line.setLength(0);
            } else if (c >= 0x20 && c != 0x7F && (c < 0x80 || text != null)) {
                line.append((char) c);
            } else {
                line.append("\\x").append(DIGITS[(c >> 4) & 0xF]).append(DIGITS[c & 0xF]);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        if (lines.size() <= maxLines) {
            return lines;
        }
        int tail = 3;
        int head = maxLines - tail - 1;
        List<String> elided = new ArrayList<>(lines.subList(0, head));
        elided.add("… " + (lines.size() - head - tail) + " more line(s) like these …");
        elided.addAll(lines.subList(lines.size() - tail, lines.size()));
        return elided;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** Cuts a long single line for display: the first {@code max} characters and how many more there were. */
    public static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "… (" + text.length() + " characters in all)";
    }
}
