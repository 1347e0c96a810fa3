package dev.wslab.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incremental parser for the head of one HTTP/1.1 message: the start line, the header fields and
 * the empty line that ends them (RFC 9112 §2.1). Feed it chunks exactly as they come off the network —
 * split anywhere, even inside a CRLF — and it answers {@link HeadParseResult.NeedMore},
 * {@link HeadParseResult.Complete} or {@link HeadParseResult.Failed}. It never throws on any input
 * and never holds more than one line (at most {@link HeadLimits#maxLineBytes()}) plus the fields
 * parsed so far.
 *
 * <pre>{@code
 * HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
 * HeadParseResult<UpgradeRequest> result;
 * do {
 *     result = parser.feed(readSomeBytes());
 * } while (result instanceof HeadParseResult.NeedMore);
 * }</pre>
 *
 * <p>Deliberately strict, because a WebSocket handshake comes from a client written recently:
 * <ul>
 * <li>lines end in CRLF; a bare CR or bare LF is an error (RFC 9112 §2.2 allows either rejecting or
 *     tolerating them; rejecting avoids request-smuggling ambiguities);</li>
 * <li>a header line starting with space or tab (obsolete line folding) is rejected (RFC 9112 §5.2);</li>
 * <li>whitespace between a field name and the colon is rejected (RFC 9112 §5.1: a server MUST);</li>
 * <li>field names must be tokens and values must not contain control characters (RFC 9110 §5.5);</li>
 * <li>empty lines before a request line are ignored (RFC 9112 §2.2: a server SHOULD).</li>
 * </ul>
 *
 * <p>One parser reads one head. After {@code Complete} or {@code Failed}, further calls to
 * {@link #feed(ByteBuffer)} return the same {@code Failed}, or throw {@link IllegalStateException}
 * after {@code Complete} (the remaining bytes belong to the WebSocket, not to HTTP).
 *
 * @param <H> {@link UpgradeRequest} or {@link UpgradeResponse}
 */
public final class HttpHeadParser<H> {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final HeadLimits limits;
    private final StartLine<H> startLineKind;

    private byte[] line;
    private int lineLength;
    private boolean sawCr;
    private long headBytes;
    private H startLine;
    private boolean startLineSeen;
    private final List<HttpFields.Field> fields = new ArrayList<>();
    private HeadParseResult<H> terminal;

    private HttpHeadParser(HeadLimits limits, StartLine<H> startLineKind) {
        this.limits = limits;
        this.startLineKind = startLineKind;
        this.line = new byte[Math.min(256, limits.maxLineBytes())];
    }

    /**
     * A parser for one request head with {@link HeadLimits#DEFAULTS}.
     *
     * @return a new parser expecting a request line such as {@code GET /chat HTTP/1.1}
     */
    public static HttpHeadParser<UpgradeRequest> forRequests() {
        return forRequests(HeadLimits.DEFAULTS);
    }

    /**
     * A parser for one request head with the given limits.
     *
     * @param limits head bytes, header count and line bytes; crossing one fails with 431 (414 for the request line)
     * @return a new parser expecting a request line
     */
    public static HttpHeadParser<UpgradeRequest> forRequests(HeadLimits limits) {
        return new HttpHeadParser<>(limits, new RequestLine());
    }

    /**
     * A parser for one response head with {@link HeadLimits#DEFAULTS}.
     *
     * @return a new parser expecting a status line such as {@code HTTP/1.1 101 Switching Protocols}
     */
    public static HttpHeadParser<UpgradeResponse> forResponses() {
        return forResponses(HeadLimits.DEFAULTS);
    }

    /**
     * A parser for one response head with the given limits.
     *
     * @param limits head bytes, header count and line bytes; crossing one fails the parse
     * @return a new parser expecting a status line
     */
    public static HttpHeadParser<UpgradeResponse> forResponses(HeadLimits limits) {
        return new HttpHeadParser<>(limits, new StatusLine());
    }

    /**
     * Parses a whole request held in one array; {@code NeedMore} means the head was cut short.
     *
     * @param bytes the request head, optionally followed by WebSocket bytes (returned as leftover)
     * @return {@code Complete}, {@code Failed}, or {@code NeedMore} when the empty line never came
     */
    public static HeadParseResult<UpgradeRequest> parseRequest(byte[] bytes) {
        return forRequests().feed(ByteBuffer.wrap(bytes));
    }

    /**
     * Parses a whole response held in one array; {@code NeedMore} means the head was cut short.
     *
     * @param bytes the response head, optionally followed by WebSocket bytes (returned as leftover)
     * @return {@code Complete}, {@code Failed}, or {@code NeedMore} when the empty line never came
     */
    public static HeadParseResult<UpgradeResponse> parseResponse(byte[] bytes) {
        return forResponses().feed(ByteBuffer.wrap(bytes));
    }

    /**
     * Consumes bytes from {@code chunk} up to the end of the head (or all of them when the head is not
     * finished). On {@code Complete}, {@code chunk}'s position is left just after the head, and the
     * rest of the chunk is also returned as {@link HeadParseResult.Complete#leftover()}.
     *
     * @param chunk the next bytes from the network, any size, possibly empty; read from its position
     * @return {@code NeedMore} until the empty line, then {@code Complete}; {@code Failed} with the
     *         reason (and a suggested 4xx status) as soon as the head breaks a rule or a limit
     * @throws IllegalStateException when called again after {@code Complete}
     */
    public HeadParseResult<H> feed(ByteBuffer chunk) {
        if (terminal instanceof HeadParseResult.Failed) {
            return terminal;
        }
        if (terminal != null) {
            throw new IllegalStateException("the head is complete; the remaining bytes are not HTTP");
        }
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            headBytes++;
            if (headBytes > limits.maxHeadBytes()) {
                return fail(431, "the head is longer than " + limits.maxHeadBytes() + " bytes", "RFC 6585 §5");
            }
            if (sawCr) {
                if (b != LF) {
                    return fail(400, "a CR must be followed by LF", "RFC 9112 §2.2");
                }
                sawCr = false;
                H head = completeLine();
                if (terminal != null) {
                    return terminal;
                }
                if (head != null) {
                    // The head ends here; whatever follows belongs to the next protocol layer.
                    ByteBuffer leftover = ByteBuffer.allocate(chunk.remaining());
                    leftover.put(chunk.duplicate()).flip();
                    terminal = new HeadParseResult.Complete<>(head, leftover);
                    return terminal;
                }
            } else if (b == CR) {
                sawCr = true;
            } else if (b == LF) {
                return fail(400, "a line ends in a bare LF; HTTP lines end in CRLF", "RFC 9112 §2.2");
            } else {
                if (lineLength == limits.maxLineBytes()) {
                    return startLineSeen
                            ? fail(431, "a header line is longer than " + limits.maxLineBytes() + " bytes", "RFC 6585 §5")
                            : fail(startLineKind.tooLongStatus(), "the " + startLineKind.name() + " is longer than "
                                    + limits.maxLineBytes() + " bytes", startLineKind.tooLongSection());
                }
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, Math.min(limits.maxLineBytes(), line.length * 2));
                }
                line[lineLength++] = b;
            }
        }
        return new HeadParseResult.NeedMore<>();
    }

    /**
     * Handles one finished line. Returns the head when this was the empty line that ends it, null
     * otherwise; a syntax error is recorded through {@link #fail}.
     */
    private H completeLine() {
        int length = lineLength;
        lineLength = 0;
        if (!startLineSeen) {
            if (length == 0) {
                // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
                return null;
            }
            String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
            StartLine.Parsed<H> parsed = startLineKind.parse(text);
            if (parsed.error() != null) {
                fail(400, parsed.error(), startLineKind.section());
                return null;
            }
            startLine = parsed.value();
            startLineSeen = true;
            return null;
        }
        if (length == 0) {
            return startLineKind.withFields(startLine, HttpFields.of(fields));
        }
        parseFieldLine(length);
        return null;
    }

    /** Parses {@code name: value}; records a failure through {@link #fail} when the line is not one. */
    private void parseFieldLine(int length) {
        if (HttpSyntax.isWhitespace(line[0])) {
            fail(400, "a header line starts with whitespace (obsolete line folding is not accepted)",
                    "RFC 9112 §5.2");
            return;
        }
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            fail(400, "a header line has no colon: " + shown(0, length), "RFC 9112 §5");
            return;
        }
        if (colon == 0) {
            fail(400, "a header line has an empty field name", "RFC 9110 §5.1");
            return;
        }
        if (HttpSyntax.isWhitespace(line[colon - 1])) {
            fail(400, "whitespace between a field name and its colon: " + shown(0, colon + 1), "RFC 9112 §5.1");
            return;
        }
        for (int i = 0; i < colon; i++) {
            if (!HttpSyntax.isTokenChar(line[i] & 0xFF)) {
                fail(400, "a field name is not a token: " + shown(0, colon), "RFC 9110 §5.1");
                return;
            }
        }
        int start = colon + 1;
        int end = length;
        while (start < end && HttpSyntax.isWhitespace(line[start])) {
            start++;
        }
        while (end > start && HttpSyntax.isWhitespace(line[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!HttpSyntax.isFieldValueChar(line[i] & 0xFF)) {
                fail(400, "the value of " + shown(0, colon) + " contains a control character (0x"
                        + String.format("%02X", line[i] & 0xFF) + ")", "RFC 9110 §5.5");
                return;
            }
        }
        if (fields.size() == limits.maxHeaderCount()) {
            fail(431, "more than " + limits.maxHeaderCount() + " header lines", "RFC 6585 §5");
            return;
        }
        fields.add(new HttpFields.Field(
                new String(line, 0, colon, StandardCharsets.ISO_8859_1),
                new String(line, start, end - start, StandardCharsets.ISO_8859_1)));
    }

    private String shown(int from, int to) {
        return HttpSyntax.quoteForMessage(new String(line, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private HeadParseResult<H> fail(int status, String reason, String section) {
        // Drop the buffers: a failed parser holds nothing but its verdict.
        line = new byte[0];
        fields.clear();
        terminal = new HeadParseResult.Failed<>(status, reason, section);
        return terminal;
    }

    /** How one kind of head reads its start line and attaches the fields. */
    private interface StartLine<H> {
        record Parsed<H>(H value, String error) {
        }

        String name();

        String section();

        int tooLongStatus();

        String tooLongSection();

        Parsed<H> parse(String line);

        H withFields(H startLine, HttpFields fields);
    }

    /** RFC 9112 §3: request-line = method SP request-target SP HTTP-version. */
    private static final class RequestLine implements StartLine<UpgradeRequest> {
        @Override
        public String name() {
            return "request line";
        }

        @Override
        public String section() {
            return "RFC 9112 §3";
        }

        @Override
        public int tooLongStatus() {
            // RFC 9112 §3: a request-target longer than the server will parse gets 414.
            return 414;
        }

        @Override
        public String tooLongSection() {
            return "RFC 9112 §3";
        }

        @Override
        public Parsed<UpgradeRequest> parse(String text) {
            int firstSpace = text.indexOf(' ');
            int secondSpace = firstSpace < 0 ? -1 : text.indexOf(' ', firstSpace + 1);
            if (secondSpace < 0 || text.indexOf(' ', secondSpace + 1) >= 0) {
                return new Parsed<>(null, "the request line is not 'METHOD target HTTP/x.y' with single spaces: "
                        + HttpSyntax.quoteForMessage(text));
            }
            String method = text.substring(0, firstSpace);
            String target = text.substring(firstSpace + 1, secondSpace);
            HttpVersion version = HttpVersion.parseOrNull(text.substring(secondSpace + 1));
            if (!HttpSyntax.isToken(method)) {
                return new Parsed<>(null, "the method is not a token: " + HttpSyntax.quoteForMessage(method));
            }
            if (target.isEmpty() || !HttpSyntax.isVisibleAscii(target)) {
                return new Parsed<>(null, "the request target is empty or holds characters outside visible ASCII: "
                        + HttpSyntax.quoteForMessage(target));
            }
            if (version == null) {
                return new Parsed<>(null, "the HTTP version is not HTTP/DIGIT.DIGIT: "
                        + HttpSyntax.quoteForMessage(text.substring(secondSpace + 1)));
            }
            return new Parsed<>(new UpgradeRequest(method, target, version, HttpFields.of()), null);
        }

        @Override
        public UpgradeRequest withFields(UpgradeRequest startLine, HttpFields fields) {
            return new UpgradeRequest(startLine.method(), startLine.target(), startLine.httpVersion(), fields);
        }
    }

    /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. */
    private static final class StatusLine implements StartLine<UpgradeResponse> {
        @Override
        public String name() {
            return "status line";
        }

        @Override
        public String section() {
            return "RFC 9112 §4";
        }

        @Override
        public int tooLongStatus() {
            return 400;
        }

        @Override
        public String tooLongSection() {
            return "RFC 9112 §4";
        }

        @Override
        public Parsed<UpgradeResponse> parse(String text) {
            HttpVersion version = text.length() >= 8 ? HttpVersion.parseOrNull(text.substring(0, 8)) : null;
            if (version == null || text.length() < 12 || text.charAt(8) != ' ') {
                return new Parsed<>(null, "the status line is not 'HTTP/x.y NNN reason': " + HttpSyntax.quoteForMessage(text));
            }
            int status = 0;
            for (int i = 9; i < 12; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return new Parsed<>(null, "the status code is not three digits: " + HttpSyntax.quoteForMessage(text));
                }
                status = status * 10 + (c - '0');
            }
            String reason = "";
            if (text.length() > 12) {
                // RFC 9112 §4: a client SHOULD accept a missing SP + reason phrase too.
                if (text.charAt(12) != ' ') {
                    return new Parsed<>(null, "the status code is not followed by a space: " + HttpSyntax.quoteForMessage(text));
                }
                reason = text.substring(13);
                if (!HttpSyntax.isSafeFieldValue(reason)) {
                    return new Parsed<>(null, "the reason phrase contains a control character");
                }
            }
            if (status < 100) {
                return new Parsed<>(null, "the status code is below 100: " + status);
            }
            return new Parsed<>(new UpgradeResponse(version, status, reason, HttpFields.of()), null);
        }

        @Override
        public UpgradeResponse withFields(UpgradeResponse startLine, HttpFields fields) {
            return new UpgradeResponse(startLine.httpVersion(), startLine.status(), startLine.reasonPhrase(), fields);
        }
    }
}
