package dev.wslab.handshake;

/**
 * Upper bounds on an HTTP head, so that a peer sending an endless or enormous head cannot make the
 * parser hold unbounded memory (compare CVE-2024-37890, a header flood that crashed the Node
 * {@code ws} server). {@link HttpHeadParser} never buffers more than {@link #maxLineBytes()} bytes
 * of one line, and stops with an error as soon as a limit is crossed.
 *
 * @param maxHeadBytes   the most bytes the whole head may take, start line and final empty line included
 * @param maxHeaderCount the most header lines
 * @param maxLineBytes   the most bytes of one line, CRLF excluded
 */
public record HeadLimits(int maxHeadBytes, int maxHeaderCount, int maxLineBytes) {
    /** 8 KiB of head, 100 header lines, 4 KiB per line: generous for browsers, tight for floods. */
    public static final HeadLimits DEFAULTS = new HeadLimits(8 * 1024, 100, 4 * 1024);

    /**
     * Checks that every limit is positive: a zero limit would refuse every request.
     *
     * @param maxHeadBytes   bytes of the whole head, start line and final empty line included
     * @param maxHeaderCount header lines, the start line not counted
     * @param maxLineBytes   bytes of one line, CRLF excluded; also the parser's largest buffer
     * @throws IllegalArgumentException unless every limit is positive
     */
    public HeadLimits {
        if (maxHeadBytes <= 0 || maxHeaderCount <= 0 || maxLineBytes <= 0) {
            throw new IllegalArgumentException("head limits must be positive: " + maxHeadBytes + ", "
                    + maxHeaderCount + ", " + maxLineBytes);
        }
    }
}
