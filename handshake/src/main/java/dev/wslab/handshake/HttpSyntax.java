package dev.wslab.handshake;

/** Character classes of HTTP/1.1 (RFC 9110 §5.6, RFC 9112 §2–5), shared by parser and builders. */
final class HttpSyntax {
    private HttpSyntax() {
    }

    /** RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA. */
    static boolean isTokenChar(int c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        switch (c) {
            case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
            case '-': case '.': case '^': case '_': case '`': case '|': case '~':
                return true;
            default:
                return false;
        }
    }

    /** RFC 9110 §5.6.2: token = 1*tchar. */
    static boolean isToken(CharSequence s) {
        if (s == null || s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 §5.6.3: OWS is spaces and horizontal tabs. */
    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 9110 §5.5: field-vchar / SP / HTAB; obs-text (0x80–0xFF) is tolerated, controls are not. */
    static boolean isFieldValueChar(int c) {
        return c == '\t' || c >= 0x20 && c != 0x7F && c <= 0xFF;
    }

    /** Whether a value can be written into a header line without breaking the message framing. */
    static boolean isSafeFieldValue(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isFieldValueChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Removes leading and trailing OWS (RFC 9110 §5.5: not part of the field value). */
    static String trimWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Shortens a peer-supplied value for display in a message, so a huge header cannot flood a log. */
    static boolean isVisibleAscii(String s) {
        // RFC 9110 §5.6.2 VCHAR: 0x21-0x7E; request targets and host names are written in it (RFC 9112 §3.2).
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    static String quoteForMessage(String value) {
        if (value == null) {
            return "(absent)";
        }
        String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
