package dev.wslab.handshake;

/**
 * An HTTP version as written on the start line, {@code HTTP/<major>.<minor>} (RFC 9112 §2.3).
 *
 * @param major the digit before the dot
 * @param minor the digit after the dot
 */
public record HttpVersion(int major, int minor) implements Comparable<HttpVersion> {
    /** HTTP/1.0: too old for a WebSocket handshake (RFC 6455 §4.1 asks for 1.1 or higher). */
    public static final HttpVersion HTTP_1_0 = new HttpVersion(1, 0);
    /** HTTP/1.1: the version a WebSocket handshake is written in. */
    public static final HttpVersion HTTP_1_1 = new HttpVersion(1, 1);

    /**
     * Checks that both parts are single digits, the only form RFC 9112 §2.3 allows.
     *
     * @param major 0 to 9
     * @param minor 0 to 9
     * @throws IllegalArgumentException unless both parts are single digits (RFC 9112 §2.3)
     */
    public HttpVersion {
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("HTTP version digits must be 0-9, got " + major + "." + minor);
        }
    }

    /** Parses {@code HTTP/1.1}; returns {@code null} when the text is not an HTTP version. */
    static HttpVersion parseOrNull(String text) {
        if (text.length() != 8 || !text.startsWith("HTTP/") || text.charAt(6) != '.') {
            return null;
        }
        char major = text.charAt(5);
        char minor = text.charAt(7);
        if (major < '0' || major > '9' || minor < '0' || minor > '9') {
            return null;
        }
        return new HttpVersion(major - '0', minor - '0');
    }

    /**
     * Parses {@code HTTP/1.1}.
     *
     * @param text exactly eight characters, {@code HTTP/DIGIT.DIGIT}, case-sensitive (RFC 9112 §2.3)
     * @return the version it names
     * @throws IllegalArgumentException when the text is not {@code HTTP/DIGIT.DIGIT}
     */
    public static HttpVersion parse(String text) {
        HttpVersion version = text == null ? null : parseOrNull(text);
        if (version == null) {
            throw new IllegalArgumentException("not an HTTP version (HTTP/DIGIT.DIGIT): " + HttpSyntax.quoteForMessage(text));
        }
        return version;
    }

    /**
     * Whether this version is at least {@code other}.
     *
     * @param other the minimum, e.g. {@link #HTTP_1_1} for a WebSocket handshake (RFC 6455 §4.1)
     * @return true if this version is equal to or newer than {@code other}
     */
    public boolean isAtLeast(HttpVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(HttpVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    /** The start-line form, e.g. {@code HTTP/1.1}. */
    @Override
    public String toString() {
        return "HTTP/" + major + "." + minor;
    }
}
