package dev.wslab.chat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.HeaderBits;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.framing.deflate.MessageCompressor;
import dev.wslab.framing.deflate.PerMessageDeflateExtension;
import dev.wslab.framing.explain.FrameAnnotator;
import dev.wslab.handshake.HeadLimits;
import dev.wslab.handshake.SecWebSocketAccept;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The exercises at the end of the walkthrough's chapters, and their answers. Every answer is computed by the
 * library's own code when it is checked (the encoder, the annotator, a connection, the handshake), never typed
 * in: if the code changed its verdict, the exercise would follow it.
 */
final class Exercises {

    /**
     * One exercise.
     *
     * @param id       a stable name, used in links ({@code /lab#ch3-unmask})
     * @param chapter  the chapter it ends, e.g. {@code 3}
     * @param question the question, in Markdown-free words
     * @param lab      which lab answers it: {@code handshake} or {@code frame}; {@code reading} when the chapter does
     * @param start    what the lab loads for it (e.g. {@code hex}, {@code request}, {@code originPolicy})
     * @param answer   computes the right answer with the library's code
     * @param why      one sentence said once the answer is right
     */
    record Exercise(String id, int chapter, String question, String lab, Map<String, String> start,
                    Supplier<String> answer, String why) {}

    /** A server frame whose compressed payload inflates to 70000 zero bytes, as hex. */
    private static final String BOMB_HEX = bombHex();

    private static final List<Exercise> ALL = build();

    private Exercises() {}

    static List<Exercise> all() {
        return ALL;
    }

    static List<Exercise> ofChapter(int chapter) {
        return ALL.stream().filter(e -> e.chapter() == chapter).toList();
    }

    static Optional<Exercise> byId(String id) {
        return ALL.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The exercises without their answers, for the page. */
    static JsonNode list() {
        var array = JsonHttp.mapper().createArrayNode();
        for (Exercise e : ALL) {
            ObjectNode node = array.addObject().put("id", e.id()).put("chapter", e.chapter())
                    .put("question", e.question()).put("lab", e.lab());
            ObjectNode start = node.putObject("start");
            e.start().forEach(start::put);
        }
        return array;
    }

    /** Checks a student's answer. */
    static ObjectNode check(JsonNode body) {
        String id = LabInput.requiredText(body, "id");
        Exercise exercise = byId(id).orElseThrow(() -> new LabInputException("unknown_exercise", "there is no exercise '" + id + "'"));
        String given = LabInput.requiredText(body, "answer");
        if (given.length() > 200) {
            throw new LabInputException("too_large", "an answer is a few words at most");
        }
        boolean right = same(given, exercise.answer().get());
        ObjectNode out = JsonHttp.mapper().createObjectNode();
        out.put("id", id);
        out.put("correct", right);
        out.put("message", right ? "Right. " + exercise.why()
                : given.isBlank() ? "Type an answer first." : "Not yet: \"" + given.strip() + "\" is not it. "
                + (exercise.lab().equals("reading") ? "The chapter says it; read it again, then try again."
                        : "Use the " + exercise.lab() + " lab above to find out, then try again."));
        return out;
    }

    /**
     * Compares ignoring surrounding spaces, quotes and a trailing full stop, and ignoring case too unless the
     * answer is base64 (a Sec-WebSocket-Accept), where case matters.
     */
    static boolean same(String given, String expected) {
        boolean caseMatters = expected.matches("[A-Za-z0-9+/]{16,}={0,2}");
        return caseMatters ? strip(given).equals(strip(expected))
                : strip(given).toLowerCase(Locale.ROOT).equals(strip(expected).toLowerCase(Locale.ROOT));
    }

    private static String strip(String s) {
        String t = s.strip();
        t = t.replaceAll("^[\"'`]+|[\"'`.]+$", "").strip();
        return t.replaceAll("\\s+", " ");
    }

    private static List<Exercise> build() {
        List<Exercise> list = new ArrayList<>();
        // Chapter 1: what a frame costs.
        list.add(new Exercise("ch1-client-hello", 1,
                "Build the text message Hello as a client sends it, masked with the key 37fa213d. How many bytes is the frame?",
                "frame", Map.of("payloadText", "Hello", "opcode", "text", "mask", "37fa213d"),
                () -> Integer.toString(FrameLab.build(JsonHttp.mapper().createObjectNode().put("opcode", "text")
                        .put("payloadText", "Hello").put("mask", "37fa213d")).get("length").asInt()),
                "2 header bytes, 4 bytes of masking key, 5 bytes of payload."));
        list.add(new Exercise("ch1-header-126", 1,
                "How many header bytes does a server put in front of a payload of 126 bytes?",
                "frame", Map.of("payloadHex", "00 ".repeat(126).strip(), "opcode", "binary"),
                () -> Integer.toString(new FrameHeader(true, false, false, false, 2, false, 126,
                        LengthForm.minimalFor(126), 0).headerLength()),
                "126 does not fit the 7-bit length field, so a 16-bit length follows the first two bytes."));
        // Chapter 2: the opening handshake.
        list.add(new Exercise("ch2-accept", 2,
                "What Sec-WebSocket-Accept does the key dGhlIHNhbXBsZSBub25jZQ== give?",
                "handshake", Map.of("request", "rfc", "key", "dGhlIHNhbXBsZSBub25jZQ=="),
                () -> SecWebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ=="),
                "Key + GUID, SHA-1, base64: the RFC 6455 §1.3 sample."));
        list.add(new Exercise("ch2-old-draft", 2,
                "Load the old draft's request. What status code does the server answer?",
                "handshake", Map.of("request", "old-draft"),
                () -> status(Map.of("request", "old-draft")),
                "Connection does not list Upgrade (RFC 6455 §4.2.1 item 4): that rule fails first."));
        list.add(new Exercise("ch2-seed-chat-policy", 2,
                "Load the seed's own request and choose the chat server's Origin policy (same host). What status code?",
                "handshake", Map.of("request", "seed", "originPolicy", "same-host"),
                () -> status(Map.of("request", "seed", "originPolicy", "same-host")),
                "http://localhost:9000 is another origin than localhost:8080: another port is another origin."));
        // Chapter 3: frames.
        list.add(new Exercise("ch3-unmask", 3,
                "What text does the client frame 81 85 37 fa 21 3d 7f 9f 4d 51 58 carry?",
                "frame", Map.of("hex", "81 85 37 fa 21 3d 7f 9f 4d 51 58", "sender", "client"),
                () -> firstText(Role.SERVER, "818537fa213d7f9f4d5158"),
                "Each payload byte XOR the masking key byte at its position modulo 4."));
        list.add(new Exercise("ch3-oversized-ping", 3,
                "The bytes 89 7e 00 7e: which close code does the receiver fail the connection with?",
                "frame", Map.of("hex", "89 7e 00 7e", "sender", "server"),
                () -> Integer.toString(FrameAnnotator.forSender(Role.SERVER).annotate(HexFormat.of().parseHex("897e007e"))
                        .violation().orElseThrow().closeCode().code()),
                "A control frame carries at most 125 bytes; its 7-bit length field may not say 126 (RFC 6455 §5.5)."));
        list.add(new Exercise("ch3-client-control-header", 3,
                "How many header bytes does a client's Ping with a 5-byte payload have?",
                "frame", Map.of("payloadText", "Hello", "opcode", "ping", "mask", "37fa213d"),
                () -> Integer.toString(new FrameHeader(true, false, false, false, 9, true, 5,
                        LengthForm.minimalFor(5), 0x37fa213d).headerLength()),
                "2 bytes, plus the 4-byte masking key every client frame carries."));
        // Chapter 4: messages.
        list.add(new Exercise("ch4-fragments", 4,
                "The server frames 01 03 48 65 6c 80 02 6c 6f: what text message do they carry?",
                "frame", Map.of("hex", "01 03 48 65 6c 80 02 6c 6f", "sender", "server"),
                () -> firstText(Role.CLIENT, "010348656c80026c6f"),
                "A TEXT frame with FIN=0, then a CONTINUATION with FIN=1: one message, \"Hel\" + \"lo\"."));
        list.add(new Exercise("ch4-bad-utf8", 4,
                "A server sends 81 04 f0 9f 98 ff. Which close code does the client fail the connection with?",
                "frame", Map.of("hex", "81 04 f0 9f 98 ff", "sender", "server"),
                () -> firstViolationCode(Role.CLIENT, "8104f09f98ff"),
                "ff can never appear in UTF-8: 1007, invalid frame payload data (RFC 6455 §8.1)."));
        // Chapter 5: closing.
        list.add(new Exercise("ch5-close-1005", 5,
                "A client sends 88 82 37 fa 21 3d 34 17. Which close code does the server answer with?",
                "frame", Map.of("hex", "88 82 37 fa 21 3d 34 17", "sender", "client"),
                () -> firstViolationCode(Role.SERVER, "888237fa213d3417"),
                "The frame carries 1005, a code only for reporting; on the wire it is a protocol error (RFC 6455 §7.4.1)."));
        list.add(new Exercise("ch5-max-reason", 5,
                "At most how many bytes of reason can a Close frame carry?",
                "frame", Map.of("opcode", "close", "closeCode", "1000", "payloadText", "bye"),
                () -> Integer.toString(CloseStatus.MAX_REASON_BYTES),
                "A control frame carries at most 125 bytes, and the code takes 2 of them."));
        // Chapter 6: security.
        list.add(new Exercise("ch6-origin", 6,
                "Load the RFC's request (Origin http://example.com, Host server.example.com) and choose the same-host Origin policy. What status code?",
                "handshake", Map.of("request", "rfc", "originPolicy", "same-host"),
                () -> status(Map.of("request", "rfc", "originPolicy", "same-host")),
                "The page's origin is not the server's own: 403, cross-site WebSocket hijacking refused (RFC 6455 §10.2)."));
        list.add(new Exercise("ch6-header-lines", 6,
                "How many header lines does wslab's HttpHeadParser accept before it answers 431?",
                "handshake", Map.of("request", "rfc"),
                () -> Integer.toString(HeadLimits.DEFAULTS.maxHeaderCount()),
                "Beyond that the head is refused before it is read whole (the chat server's own parser, Undertow's, answers 400)."));
        // Chapter 7: the sans-IO connection.
        list.add(new Exercise("ch7-ping-answer", 7,
                "A client-role WebSocketConnection receives 89 05 48 65 6c 6c 6f. Which opcode does the frame it queues in answer carry?",
                "frame", Map.of("hex", "89 05 48 65 6c 6c 6f", "sender", "server"),
                () -> firstReply(Role.CLIENT, "890548656c6c6f").opcode().name(),
                "A Ping is answered with a Pong carrying the same payload (RFC 6455 §5.5.2); the connection queues it by itself."));
        list.add(new Exercise("ch7-close-answer", 7,
                "A server-role connection receives the client's Close 88 82 37 fa 21 3d 34 12. Which close code does its answering Close carry?",
                "frame", Map.of("hex", "88 82 37 fa 21 3d 34 12", "sender", "client"),
                () -> Integer.toString(CloseStatus.fromBody(firstReply(Role.SERVER, "888237fa213d3412").payload().toByteArray()).code()),
                "The answering Close echoes the code it received, here 1000 (RFC 6455 §5.5.1)."));
        // Chapters 8 and 9 are about the chat server, not the wire: the answers are in the chapter, and the lab
        // checks them against the server's own defaults.
        list.add(new Exercise("ch8-node-timeout", 8,
                "After how many seconds without its heartbeat does a cluster declare a node gone and announce its users' departure (by default)?",
                "reading", Map.of(),
                () -> Long.toString(dev.wslab.chat.ChatServerConfig.DEFAULT_NODE_TIMEOUT.toSeconds()),
                "--node-timeout: a node that stops refreshing its heartbeat in Redis for that long is gone."));
        list.add(new Exercise("ch8-history", 8,
                "At most how many earlier messages of a room does a joiner receive in its history (by default)?",
                "reading", Map.of(),
                () -> Integer.toString(dev.wslab.chat.ChatServerConfig.DEFAULT_HISTORY),
                "--history: the joiner gets them right after the members, up to the position its join was read at."));
        list.add(new Exercise("ch9-resume-window", 9,
                "For how many seconds does the chat server keep a session whose connection dropped, waiting for a resume (by default)?",
                "reading", Map.of(),
                () -> Long.toString(dev.wslab.chat.ChatServerConfig.DEFAULT_RESUME_WINDOW.toSeconds()),
                "--resume-window: the events keep being numbered and logged meanwhile."));
        list.add(new Exercise("ch9-dropped-code", 9,
                "A connection that ends without a Close frame is reported with which close code (the kind of end a session survives)?",
                "frame", Map.of("hex", "88 02 03 ee", "sender", "server"),
                () -> Integer.toString(dev.wslab.framing.CloseCode.ABNORMAL_CLOSURE.code()),
                "1006, Abnormal Closure: a code only for reporting; on the wire it is an error (RFC 6455 §7.4.1)."));
        // Chapter 10: permessage-deflate. The answers come from the extension, the compressor and a connection
        // that negotiated it.
        list.add(new Exercise("ch10-rsv1", 10,
                "Load \"Hello\" compressed with permessage-deflate negotiated. Which header bit marks the message as compressed (RSV1, RSV2 or RSV3)?",
                "frame", Map.of("hex", "c1 07 f2 48 cd c9 c9 07 00", "sender", "server", "deflate", "true"),
                Exercises::compressedBit,
                "RSV1, and only on a message's first frame: CONTINUATION frames and control frames never carry it (RFC 7692 §6.1)."));
        list.add(new Exercise("ch10-tail", 10,
                "Build Hello compressed. Which four bytes did the sender remove from the end of the DEFLATE data (the receiver appends them again before inflating)? Give them in hex, like 01 02 03 04.",
                "frame", Map.of("payloadText", "Hello", "opcode", "text", "compress", "true"),
                Exercises::removedTail,
                "A sync flush always ends in the empty stored block 00 00 ff ff, so it need not travel (RFC 7692 §7.2.1, §7.2.2)."));
        list.add(new Exercise("ch10-bomb", 10,
                "A server sends one compressed frame of a few dozen bytes that inflates to 70000 zero bytes. Which close code does a wslab client (default limits) fail the connection with?",
                "frame", Map.of("hex", BOMB_HEX, "sender", "server", "deflate", "true"),
                () -> Integer.toString(FrameAnnotator.forSender(Role.SERVER).withPerMessageDeflate(false, false, 15, 15)
                        .annotate(HexFormat.of().parseHex(BOMB_HEX.replace(" ", ""))).violation().orElseThrow().closeCode().code()),
                "The message layer counts the inflated bytes against its limit and stops the inflater as soon as they pass it: 1009 (RFC 6455 §7.4.1)."));
        return List.copyOf(list);
    }

    private static String bombHex() {
        byte[] compressed;
        try (MessageCompressor compressor = new MessageCompressor(9, 15, false)) {
            compressed = compressor.compress(new byte[70_000]);
        }
        byte[] frame = new byte[2 + compressed.length];
        frame[0] = (byte) (0x80 | HeaderBits.RSV1 | 0x2); // FIN, RSV1, BINARY
        frame[1] = (byte) compressed.length; // a few dozen bytes: the 7-bit length form
        System.arraycopy(compressed, 0, frame, 2, compressed.length);
        return HexFormat.ofDelimiter(" ").formatHex(frame);
    }

    /** The RSV bit a negotiated permessage-deflate allows, by name. */
    private static String compressedBit() {
        int bits;
        PerMessageDeflateExtension extension = PerMessageDeflateExtension.agreed(Role.CLIENT, false, false, 15, 15,
                PerMessageDeflateExtension.DEFAULT_LEVEL, PerMessageDeflateExtension.DEFAULT_MIN_MESSAGE_SIZE);
        try {
            bits = extension.rsvBits();
        } finally {
            extension.release();
        }
        return bits == HeaderBits.RSV1 ? "RSV1" : bits == HeaderBits.RSV2 ? "RSV2" : bits == HeaderBits.RSV3 ? "RSV3"
                : Integer.toHexString(bits);
    }

    /** What the library's compressor leaves out of zlib's sync-flushed output for Hello. */
    private static String removedTail() {
        byte[] hello = "Hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sent;
        try (MessageCompressor compressor = new MessageCompressor(java.util.zip.Deflater.DEFAULT_COMPRESSION, 15, false)) {
            sent = compressor.compress(hello);
        }
        java.util.zip.Deflater zlib = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        byte[] flushed = new byte[256];
        int n;
        try {
            zlib.setInput(hello);
            n = zlib.deflate(flushed, 0, flushed.length, java.util.zip.Deflater.SYNC_FLUSH);
        } finally {
            zlib.end();
        }
        return HexFormat.ofDelimiter(" ").formatHex(flushed, sent.length, n);
    }

    /** The first frame a connection in {@code role} queues after receiving these bytes, decoded as its peer would. */
    private static dev.wslab.framing.codec.Frame firstReply(Role role, String hex) {
        WebSocketConnection connection = new WebSocketConnection(role, Limits.DEFAULTS);
        connection.receive(ByteBuffer.wrap(HexFormat.of().parseHex(hex)), 0L, e -> { });
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ByteBuffer b : connection.takeOutbound()) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        }
        dev.wslab.framing.codec.DecodeResult r = new dev.wslab.framing.codec.FrameDecoder(role.peer(), Limits.DEFAULTS)
                .decode(ByteBuffer.wrap(out.toByteArray()));
        if (r instanceof dev.wslab.framing.codec.DecodeResult.FrameDecoded decoded) {
            return decoded.frame();
        }
        throw new IllegalStateException("the connection queued no frame for " + hex);
    }

    private static String status(Map<String, String> start) {
        ObjectNode body = JsonHttp.mapper().createObjectNode();
        body.put("request", HandshakeLab.startingRequests().get(start.get("request")));
        body.put("originPolicy", start.getOrDefault("originPolicy", "any"));
        return Integer.toString(HandshakeLab.explain(body).get("decision").get("status").asInt());
    }

    /** The first text message a connection in {@code role} receives from these bytes. */
    private static String firstText(Role role, String hex) {
        for (Event e : receive(role, hex)) {
            if (e instanceof Event.Text text) {
                return text.text();
            }
        }
        throw new IllegalStateException("no text message in " + hex);
    }

    /** The close code of the first violation a connection in {@code role} finds in these bytes. */
    private static String firstViolationCode(Role role, String hex) {
        for (Event e : receive(role, hex)) {
            if (e instanceof Event.Violation v) {
                return Integer.toString(v.cause().closeCode().code());
            }
        }
        throw new IllegalStateException("no violation in " + hex);
    }

    private static List<Event> receive(Role role, String hex) {
        WebSocketConnection connection = new WebSocketConnection(role, Limits.DEFAULTS);
        List<Event> events = new ArrayList<>();
        connection.receive(ByteBuffer.wrap(HexFormat.of().parseHex(hex)), 0L, events::add);
        return events;
    }

    /** Every exercise with its computed answer, for tests. */
    static Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (Exercise e : ALL) {
            answers.put(e.id(), e.answer().get());
        }
        return answers;
    }
}
