package dev.wslab.tools.docs;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.handshake.HandshakeExplainer;
import dev.wslab.handshake.HeadLimits;
import dev.wslab.handshake.OriginPolicy;
import dev.wslab.handshake.ServerHandshake;
import dev.wslab.tools.docs.BreakItCase.FrameAttack;
import dev.wslab.tools.docs.BreakItCase.HandshakeAttack;
import dev.wslab.tools.docs.BreakItCase.SentBytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every bad input of the "break it" gallery ({@code docs/break-it.md}). Each is built from the RFC's own
 * examples with one thing broken, so a student can compare it with the correct bytes.
 */
public final class BreakItCatalogue {
    private static final Map<String, BreakItCase> CASES = build();

    private BreakItCatalogue() {
    }

    /** All cases, in gallery order. */
    public static List<BreakItCase> all() {
        return List.copyOf(CASES.values());
    }

    /** The case called {@code id}. */
    public static Optional<BreakItCase> byId(String id) {
        return Optional.ofNullable(CASES.get(id));
    }

    private static Map<String, BreakItCase> build() {
        List<BreakItCase> list = new ArrayList<>();
        list.addAll(frameCases());
        list.addAll(handshakeCases());
        Map<String, BreakItCase> byId = new LinkedHashMap<>();
        for (BreakItCase c : list) {
            if (byId.put(c.id(), c) != null) {
                throw new IllegalStateException("two gallery cases are called " + c.id());
            }
        }
        return byId;
    }

    // ------------------------------------------------------------------------------------------- frames

    private static List<BreakItCase> frameCases() {
        List<BreakItCase> c = new ArrayList<>();
        c.add(toServer("unmasked-client-frame", "a client frame without a mask",
                frame("TEXT \"Hello\", not masked", WireFrame.of(Opcode.TEXT).text("Hello"))));
        c.add(new FrameAttack("masked-server-frame", "a server frame with a mask", Role.CLIENT, Limits.DEFAULTS,
                List.of(frame("TEXT \"Hello\", masked (as only a client may send it)",
                        WireFrame.of(Opcode.TEXT).text("Hello").maskedByClient()))));
        c.add(toServer("reserved-opcode", "a reserved data opcode (0x3)",
                frame("opcode 0x3, \"Hello\", masked", WireFrame.ofRawOpcode(0x3).text("Hello").maskedByClient())));
        c.add(toServer("reserved-control-opcode", "a reserved control opcode (0xB)",
                frame("opcode 0xB, empty, masked", WireFrame.ofRawOpcode(0xB).maskedByClient())));
        c.add(toServer("rsv1-without-extension", "RSV1 set, but no extension was negotiated",
                frame("TEXT \"Hello\" with RSV1=1, masked", WireFrame.of(Opcode.TEXT).rsv1().text("Hello").maskedByClient())));
        c.add(toServer("oversized-ping", "a Ping with 126 bytes of payload",
                frame("PING with 126 bytes, masked", WireFrame.of(Opcode.PING).payload(repeat('p', 126)).maskedByClient())));
        c.add(toServer("fragmented-ping", "a fragmented control frame (PING with FIN=0)",
                frame("PING \"Hel\" with FIN=0, masked", WireFrame.of(Opcode.PING).notFinal().text("Hel").maskedByClient())));
        c.add(toServer("continuation-without-start", "a CONTINUATION frame with no message started",
                frame("CONTINUATION \"lo\" with FIN=1, masked", WireFrame.of(Opcode.CONTINUATION).text("lo").maskedByClient())));
        c.add(toServer("new-message-inside-fragmented-one", "a new TEXT frame inside an unfinished message",
                frame("TEXT \"Hel\" with FIN=0, masked", WireFrame.of(Opcode.TEXT).notFinal().text("Hel").maskedByClient()),
                frame("TEXT \"lo\" with FIN=1, masked", WireFrame.of(Opcode.TEXT).text("lo").maskedByClient())));
        c.add(toServer("utf8-split-across-fragments-valid", "for contrast: a character split across two fragments",
                frame("TEXT \"caf\" + c3 (first byte of é) with FIN=0, masked",
                        WireFrame.of(Opcode.TEXT).notFinal().payload(bytes("caf", 0xc3)).maskedByClient()),
                frame("CONTINUATION a9 (second byte of é) with FIN=1, masked",
                        WireFrame.of(Opcode.CONTINUATION).payload(bytes("", 0xa9)).maskedByClient())));
        c.add(toServer("invalid-utf8-across-fragments", "invalid UTF-8 split across fragments",
                frame("TEXT \"caf\" + c3 (a 2-byte character starts) with FIN=0, masked",
                        WireFrame.of(Opcode.TEXT).notFinal().payload(bytes("caf", 0xc3)).maskedByClient()),
                frame("CONTINUATION \"(\" (0x28, not a continuation byte) with FIN=0, masked",
                        WireFrame.of(Opcode.CONTINUATION).notFinal().text("(").maskedByClient()),
                frame("CONTINUATION \"never read\" with FIN=1, masked",
                        WireFrame.of(Opcode.CONTINUATION).text("never read").maskedByClient())));
        c.add(toServer("overlong-utf8", "an overlong UTF-8 encoding of '/' (c0 af)",
                frame("TEXT \"..\" + c0 af, masked",
                        WireFrame.of(Opcode.TEXT).payload(bytes("..", 0xc0, 0xaf)).maskedByClient())));
        c.add(toServer("close-code-1005-on-the-wire", "a Close frame carrying code 1005",
                frame("CLOSE with code 1005 (03 ed), masked", WireFrame.of(Opcode.CLOSE).payload(bytes("", 0x03, 0xed)).maskedByClient())));
        c.add(toServer("close-code-out-of-range", "a Close frame carrying code 999",
                frame("CLOSE with code 999 (03 e7), masked", WireFrame.of(Opcode.CLOSE).payload(bytes("", 0x03, 0xe7)).maskedByClient())));
        c.add(toServer("close-one-byte-payload", "a Close frame with a 1-byte payload",
                frame("CLOSE with the single byte 03, masked", WireFrame.of(Opcode.CLOSE).payload(bytes("", 0x03)).maskedByClient())));
        c.add(toServer("close-reason-invalid-utf8", "a Close reason that is not UTF-8",
                frame("CLOSE 1000 with reason \"bye\" + ff, masked",
                        WireFrame.of(Opcode.CLOSE).payload(bytes("\u0003\u00e8bye", 0xff)).maskedByClient())));
        c.add(toServer("message-too-big", "a frame larger than the limit (1 MiB announced, 64 KiB allowed)",
                frame("BINARY header announcing 1048576 bytes, masked; no payload sent yet",
                        WireFrame.of(Opcode.BINARY).announceOnly(1 << 20).maskedByClient())));
        c.add(new FrameAttack("fragments-too-big", "a message whose fragments add up past the limit",
                Role.SERVER, Limits.DEFAULTS.withMaxSizes(1024), List.of(
                frame("BINARY with 1000 bytes and FIN=0, masked",
                        WireFrame.of(Opcode.BINARY).notFinal().payload(repeat('a', 1000)).maskedByClient()),
                frame("CONTINUATION header announcing 100 more bytes, masked",
                        WireFrame.of(Opcode.CONTINUATION).announceOnly(100).maskedByClient()))));
        c.add(toServer("length-top-bit-set", "a 64-bit length with its most significant bit set",
                new SentBytes("BINARY header with length 0x8000000000000005, masked", WireFrame.binaryWithTopBitLength())));
        c.add(toServer("non-minimal-length", "a 5-byte payload announced in the 16-bit length form",
                frame("TEXT \"Hello\" with length 5 written as 126 + 00 05, masked",
                        WireFrame.of(Opcode.TEXT).text("Hello").lengthForm(LengthForm.SIXTEEN_BIT).maskedByClient())));
        return c;
    }

    private static FrameAttack toServer(String id, String title, SentBytes... frames) {
        return new FrameAttack(id, title, Role.SERVER, Limits.DEFAULTS, List.of(frames));
    }

    private static SentBytes frame(String label, WireFrame frame) {
        return new SentBytes(label, frame.bytes());
    }

    private static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** ISO-8859-1 text followed by raw bytes. */
    private static byte[] bytes(String text, int... raw) {
        byte[] head = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + raw.length);
        for (int i = 0; i < raw.length; i++) {
            out[head.length + i] = (byte) raw[i];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- handshake

    /** The RFC 6455 §1.2 request (with wslab's test key), line by line, so a case can change one line. */
    private static List<String> rfcLines() {
        List<String> lines = new ArrayList<>(Arrays.asList(HandshakeExplainer.RFC_REQUEST.split("\r\n")));
        return lines;
    }

    private static List<BreakItCase> handshakeCases() {
        List<BreakItCase> c = new ArrayList<>();
        c.add(request("post-instead-of-get", "POST instead of GET", replaceLine(rfcLines(), 0, "POST /chat HTTP/1.1")));
        c.add(request("http-1-0", "HTTP/1.0 instead of HTTP/1.1", replaceLine(rfcLines(), 0, "GET /chat HTTP/1.0")));
        c.add(request("missing-host", "no Host header", removeLine(rfcLines(), "Host:")));
        c.add(request("missing-upgrade", "no Upgrade header", removeLine(rfcLines(), "Upgrade:")));
        c.add(request("connection-without-upgrade", "Connection without the Upgrade token",
                replaceLine(rfcLines(), "Connection:", "Connection: keep-alive")));
        c.add(request("wrong-version", "Sec-WebSocket-Version 8 (an old draft)",
                replaceLine(rfcLines(), "Sec-WebSocket-Version:", "Sec-WebSocket-Version: 8")));
        c.add(request("bad-key", "a Sec-WebSocket-Key of 17 bytes",
                replaceLine(rfcLines(), "Sec-WebSocket-Key:", "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAA=")));
        c.add(request("duplicate-key", "two Sec-WebSocket-Key headers",
                insertAfter(rfcLines(), "Sec-WebSocket-Key:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")));
        c.add(new HandshakeAttack("refused-origin", "a page from another site (Origin not allowed)",
                "the server allows only the origin https://chat.example.com",
                ServerHandshake.builder().subprotocols("chat")
                        .originPolicy(OriginPolicy.allowList(List.of("https://chat.example.com"))).build(),
                HeadLimits.DEFAULTS,
                new SentBytes("the RFC 6455 §1.2 request, whose Origin is http://example.com", text(rfcLines()))));
        c.add(new HandshakeAttack("seed-cross-port", "the seed's own request: a page on :9000, the server on :8080",
                "the server allows only pages of its own origin, the host and port its Host header names:"
                        + " the chat server's default",
                ServerHandshake.builder().originPolicy(OriginPolicy.sameHost()).build(),
                HeadLimits.DEFAULTS,
                new SentBytes("the seed's request, Origin http://localhost:9000 to Host localhost:8080",
                        HandshakeExplainer.SEED_REQUEST.getBytes(StandardCharsets.US_ASCII))));
        List<String> flood = rfcLines();
        for (int i = 1; i <= 100; i++) {
            flood.add(flood.size() - 1, "X-Flood-" + i + ": x");
        }
        c.add(request("header-flood", "a header flood (107 header lines; the limit is 100)", flood));
        c.add(request("header-line-too-long", "one header line of 5000 bytes (the limit is 4096)",
                insertAfter(rfcLines(), "Host:", "Cookie: " + "a".repeat(4992))));
        c.add(new HandshakeAttack("bare-lf-line-endings", "lines ending in LF instead of CRLF", "",
                defaultServer(), HeadLimits.DEFAULTS,
                new SentBytes("the RFC 6455 §1.2 request with bare LF line endings",
                        HandshakeExplainer.RFC_REQUEST.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII))));
        c.add(request("obsolete-line-folding", "a header value folded onto a second line",
                insertAfter(rfcLines(), "Sec-WebSocket-Protocol:", " superduperchat")));
        return c;
    }

    private static ServerHandshake defaultServer() {
        return ServerHandshake.builder().subprotocols("chat").build();
    }

    private static HandshakeAttack request(String id, String title, List<String> lines) {
        return new HandshakeAttack(id, title, "", defaultServer(), HeadLimits.DEFAULTS,
                new SentBytes("the RFC 6455 §1.2 request with one thing changed", text(lines)));
    }

    private static byte[] text(List<String> lines) {
        // The split dropped the final empty line; every line, the last empty one included, ends in CRLF.
        return (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> replaceLine(List<String> lines, int index, String replacement) {
        lines.set(index, replacement);
        return lines;
    }

    private static List<String> replaceLine(List<String> lines, String prefix, String replacement) {
        return replaceLine(lines, indexOf(lines, prefix), replacement);
    }

    private static List<String> removeLine(List<String> lines, String prefix) {
        lines.remove(indexOf(lines, prefix));
        return lines;
    }

    private static List<String> insertAfter(List<String> lines, String prefix, String line) {
        lines.add(indexOf(lines, prefix) + 1, line);
        return lines;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no line starts with " + prefix);
    }
}
