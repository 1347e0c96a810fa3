package dev.wslab.chat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.codec.Masking;
import dev.wslab.framing.deflate.MessageCompressor;
import dev.wslab.framing.explain.FrameAnnotator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The frame lab: bytes in, every field annotated by {@link FrameAnnotator}; or fields in, bytes out from
 * {@link FrameEncoder}. With permessage-deflate (RFC 7692) the bytes are read by the annotator configured
 * with the negotiated extension ({@link FrameAnnotator#withPerMessageDeflate}, as {@code ./wslab annotate
 * --extensions} does): a real connection running the extension judges them, so the lab's verdicts, close
 * codes and reasons (a decompression bomb's 1009, corrupt data's 1007) come from the one home of each rule.
 */
final class FrameLab {
    private FrameLab() {}

    /** The RFC 6455 §5.7 examples that fit the lab, and a few broken frames from the gallery, as hex. */
    static Map<String, Map<String, String>> examples() {
        Map<String, Map<String, String>> examples = new LinkedHashMap<>();
        for (FrameAnnotator.Example e : FrameAnnotator.rfcExamples()) {
            if (e.bytes().length <= LabInput.MAX_FRAME_BYTES) {
                examples.put("RFC 6455 §5.7: " + e.title(), Map.of("hex", LabInput.hex(e.bytes()),
                        "sender", e.sender().name().toLowerCase(Locale.ROOT)));
            }
        }
        examples.put("Gallery: a client frame without a mask", Map.of("hex", "81 05 48 65 6c 6c 6f", "sender", "client"));
        examples.put("Gallery: a Ping announcing 126 bytes", Map.of("hex", "89 7e 00 7e", "sender", "unknown"));
        examples.put("Gallery: a Close frame carrying 1005", Map.of("hex", "88 82 37 fa 21 3d 34 17", "sender", "client"));
        examples.put("RFC 7692 §7.2.3.1: \"Hello\" compressed", Map.of("hex", "c1 07 f2 48 cd c9 c9 07 00",
                "sender", "server", "deflate", "true"));
        return examples;
    }

    /** Annotates pasted bytes. */
    static ObjectNode annotate(JsonNode body) {
        byte[] bytes = LabInput.hex(LabInput.requiredText(body, "hex"), "the frame", LabInput.MAX_FRAME_BYTES);
        if (bytes.length == 0) {
            throw new LabInputException("bad_input", "there are no bytes to annotate: paste a frame in hex, e.g. 81 05 48 65 6c 6c 6f");
        }
        Optional<Role> sender = sender(LabInput.text(body, "sender", "unknown"));
        boolean deflate = LabInput.flag(body, "deflate");
        FrameAnnotator annotator = sender.map(FrameAnnotator::forSender).orElseGet(FrameAnnotator::forUnknownSender);
        if (deflate) {
            // The sender's *_no_context_takeover is the one that matters to the receiver; set both alike.
            boolean noContextTakeover = LabInput.flag(body, "noContextTakeover");
            annotator = annotator.withPerMessageDeflate(noContextTakeover, noContextTakeover, 15, 15);
        }
        FrameAnnotator.Annotation annotation = annotator.annotate(bytes);
        ObjectNode out = JsonHttp.mapper().createObjectNode();
        out.put("hex", LabInput.hex(bytes));
        out.put("frames", annotation.frames());
        out.put("complete", annotation.complete());
        out.put("valid", annotation.isValid());
        annotation.violation().ifPresent(v -> out.set("violation", violation(v)));
        out.put("text", annotation.text());
        if (deflate) {
            ObjectNode withDeflate = out.putObject("withDeflate");
            withDeflate.put("valid", annotation.isValid());
            annotation.violation().ifPresent(v -> withDeflate.set("violation", violation(v)));
            ArrayNode messages = withDeflate.putArray("messages");
            for (FrameAnnotator.Message message : annotation.messages()) {
                byte[] payload = message.payload();
                if (!message.compressed()) {
                    messages.addObject().put("compressed", false)
                            .put("note", "RSV1 is 0: this message is not compressed, its payload is the message");
                    continue;
                }
                ObjectNode m = messages.addObject().put("compressed", true).put("bytes", payload.length)
                        .put("hex", LabInput.hex(payload));
                utf8(payload).ifPresent(text -> m.put("text", text));
            }
            withDeflate.put("note", "Read by a connection that negotiated permessage-deflate: RSV1 on the first frame"
                    + " of a data message marks it compressed (RFC 7692 §6), and the extension inflates it; the"
                    + " message layer's limits and UTF-8 check apply to what it inflates to.");
        }
        return out;
    }

    /** Builds a frame from its fields. */
    static ObjectNode build(JsonNode body) {
        int opcode = opcode(LabInput.text(body, "opcode", "text"));
        byte[] payload = payload(body);
        JsonNode closeCode = body.get("closeCode");
        if (closeCode != null && !closeCode.isNull() && !(closeCode.isTextual() && closeCode.asText().isBlank())) {
            int code;
            try {
                code = closeCode.isInt() ? closeCode.asInt() : Integer.parseInt(closeCode.asText().trim());
            } catch (NumberFormatException e) {
                throw new LabInputException("bad_input", "the close code must be a number from 0 to 65535");
            }
            if (code < 0 || code > 0xFFFF) {
                throw new LabInputException("bad_input", "the close code must be a number from 0 to 65535");
            }
            byte[] withCode = new byte[payload.length + 2];
            withCode[0] = (byte) (code >>> 8);
            withCode[1] = (byte) code;
            System.arraycopy(payload, 0, withCode, 2, payload.length);
            payload = withCode;
        }
        boolean rsv1 = LabInput.flag(body, "rsv1");
        if (LabInput.flag(body, "compress")) {
            try (MessageCompressor compressor = new MessageCompressor(-1, 15, true)) {
                payload = compressor.compress(ByteBuffer.wrap(payload));
            }
            rsv1 = true; // RFC 7692 §6: RSV1 marks the first frame of a compressed message
        }
        if (payload.length > LabInput.MAX_FRAME_BYTES) {
            throw new LabInputException("too_large", "the payload has " + payload.length + " bytes; the lab builds at most "
                    + LabInput.MAX_FRAME_BYTES);
        }
        String maskText = LabInput.text(body, "mask", "").trim();
        boolean masked = !maskText.isEmpty();
        int key = 0;
        if (masked) {
            String digits = maskText.replaceAll("0[xX]", "").replaceAll("[\\s:]+", "");
            if (!digits.matches("[0-9a-fA-F]{8}")) {
                throw new LabInputException("bad_input", "the masking key is 4 bytes: exactly 8 hex digits, e.g. 37fa213d");
            }
            key = (int) Long.parseLong(digits, 16);
        }
        boolean fin = !body.has("fin") || LabInput.flag(body, "fin");
        FrameHeader header = new FrameHeader(fin, rsv1, false, false, opcode, masked, payload.length,
                LengthForm.minimalFor(payload.length), key);
        ByteBuffer out = ByteBuffer.allocate(header.headerLength() + payload.length);
        FrameEncoder.writeHeader(header, out);
        int payloadAt = out.position();
        out.put(payload);
        if (masked) {
            Masking.mask(out.array(), payloadAt, payload.length, key, 0);
        }
        byte[] frame = out.array();
        ObjectNode result = JsonHttp.mapper().createObjectNode();
        result.put("hex", LabInput.hex(frame));
        result.put("length", frame.length);
        FrameAnnotator.Annotation annotation = FrameAnnotator.forUnknownSender().annotate(frame);
        result.put("valid", annotation.isValid());
        annotation.violation().ifPresent(v -> result.set("violation", violation(v)));
        result.put("text", annotation.text());
        return result;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static ObjectNode violation(ProtocolViolation v) {
        ObjectNode node = JsonHttp.mapper().createObjectNode();
        node.put("closeCode", v.closeCode().code());
        node.put("closeTitle", v.closeCode().title());
        node.put("field", v.field());
        node.put("explanation", v.explanation());
        node.put("section", v.rfcSection());
        return node;
    }

    private static Optional<Role> sender(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "unknown":
                return Optional.empty();
            case "client":
                return Optional.of(Role.CLIENT);
            case "server":
                return Optional.of(Role.SERVER);
            default:
                throw new LabInputException("bad_input", "sender must be client, server or unknown, not '" + text + "'");
        }
    }

    private static int opcode(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        for (Opcode known : Opcode.values()) {
            if (known.name().equals(value)) {
                return known.code();
            }
        }
        try {
            int number = value.startsWith("0X") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
            if (number >= 0 && number <= 15) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through
        }
        throw new LabInputException("bad_input", "the opcode must be continuation, text, binary, close, ping, pong or a number 0-15, not '"
                + text + "'");
    }

    private static byte[] payload(JsonNode body) {
        String hex = LabInput.text(body, "payloadHex", "");
        String text = LabInput.text(body, "payloadText", "");
        if (!hex.isBlank() && !text.isEmpty()) {
            throw new LabInputException("bad_input", "give the payload as text or as hex, not both");
        }
        if (!hex.isBlank()) {
            return LabInput.hex(hex, "the payload", LabInput.MAX_FRAME_BYTES);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > LabInput.MAX_FRAME_BYTES) {
            throw new LabInputException("too_large", "the payload has " + bytes.length + " bytes; the lab builds at most "
                    + LabInput.MAX_FRAME_BYTES);
        }
        return bytes;
    }
}
