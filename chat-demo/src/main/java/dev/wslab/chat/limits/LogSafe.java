package dev.wslab.chat.limits;

/**
 * Makes text from a client safe to put into a log line: one event stays one line, and nothing a
 * client sends can forge another line, move the cursor of the terminal showing the log, or reverse
 * the text around it. Backslashes, control, format and separator characters are written as
 * {@code \n}, {@code \r}, {@code \t}, {@code \\} or {@code \}{@code uXXXX}; the result is quoted and
 * cut after {@value #MAX_CODE_POINTS} code points.
 */
public final class LogSafe {

    /** Longest part of a client's text that reaches the log, in code points. */
    public static final int MAX_CODE_POINTS = 200;

    private LogSafe() {}

    /**
     * {@code text} quoted, escaped and truncated for a log line.
     *
     * @param text untrusted text; {@code null} gives {@code null} (unquoted)
     * @return e.g. {@code 'ada\n12:00 [INFO] forged'} or {@code 'aaaa…' (+920 more)}
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return "'" + escape(text, MAX_CODE_POINTS) + "'";
    }

    /**
     * {@code text} with every invisible or line-breaking character written as an escape, cut after
     * {@code max} code points with a note of how many were left out.
     *
     * @param text untrusted text
     * @param max  code points to keep
     * @return the escaped text, on one line
     */
    public static String escape(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int kept = 0;
        int i = 0;
        while (i < text.length() && kept < max) {
            int cp = text.codePointAt(i);
            appendEscaped(out, cp);
            kept++;
            i += Character.charCount(cp);
        }
        if (i < text.length()) {
            out.append("…(+").append(text.codePointCount(i, text.length())).append(" more)");
        }
        return out.toString();
    }

    /**
     * Appends {@code cp} as itself when it is visible, otherwise as an escape.
     *
     * @param out where to append
     * @param cp  a code point
     */
    public static void appendEscaped(StringBuilder out, int cp) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            default -> {
                if (NameRules.forbiddenKind(cp) != null) {
                    if (cp > 0xFFFF) {
                        out.append(String.format("\\u{%X}", cp));
                    } else {
                        out.append(String.format("\\u%04X", cp));
                    }
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }
}
