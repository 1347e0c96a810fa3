package dev.wslab.framing.codec;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.utf8.Utf8Validator;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Explains bytes on the wire, frame by frame and field by field: FIN, RSV1–3, the opcode by name, MASK,
 * the payload length and which of the three length forms encoded it, the masking key, the payload as sent
 * and unmasked (as text where it is UTF-8, else hex), the Close code and reason. When a field breaks a rule
 * of RFC 6455, the annotation points at it, says why, names the section, and stops there, because a real
 * receiver would fail the connection at that point (§7.1.7).
 *
 * <p>The rules are the decoder's own ({@code HeaderRules}), so the annotator and the decoder always agree.
 * Besides the header rules it follows messages across frames (fragment order, UTF-8 of text split over
 * fragments) and checks Close bodies.
 *
 * <p>Nothing is allocated in proportion to a <em>claimed</em> length: a header announcing 2<sup>62</sup>
 * bytes is explained, then reported as incomplete.
 *
 * <pre>{@code
 * System.out.print(FrameAnnotator.forUnknownSender().annotate(HexFormat.of().parseHex("810548656c6c6f")));
 * }</pre>
 */
public final class FrameAnnotator {

    /**
     * One example of RFC 6455 §5.7.
     *
     * @param title  what the RFC calls it
     * @param sender who sends it (the masked examples come from a client)
     * @param bytes  the frame bytes
     */
    public record Example(String title, Role sender, byte[] bytes) {
        /**
         * Copies {@code bytes}; {@code sender} decides whether the frames must be masked (RFC 6455 §5.1).
         *
         * @param title  what the RFC calls the example, never null
         * @param sender who sends it, never null: a client's frames are masked, a server's are not
         * @param bytes  the frame bytes as sent, never null; copied, so later changes do not leak in
         */
        public Example {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(sender, "sender");
            bytes = bytes.clone();
        }

        /**
         * A copy of the example's wire bytes.
         *
         * @return the bytes as sent, never null
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * The result of annotating some bytes.
     *
     * @param text      the explanation, one block per frame
     * @param frames    how many frames were read completely
     * @param violation the first broken rule, if any (the walk stopped there)
     * @param complete  false if the bytes ended in the middle of a frame
     */
    public record Annotation(String text, int frames, Optional<ProtocolViolation> violation, boolean complete) {
        /**
         * Requires the text; {@code violation} is empty when no rule was broken.
         *
         * @param text      the explanation, one block per frame, never null
         * @param frames    how many frames were read completely, 0 or more
         * @param violation the first broken rule, never null; empty when no rule was broken
         * @param complete  false if the bytes ended in the middle of a frame, or there were no bytes
         */
        public Annotation {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(violation, "violation");
        }

        /**
         * Whether the bytes are a correct sequence of whole frames.
         *
         * @return true if every frame was complete and no rule was broken (a message left unfinished with
         *         FIN=0 still counts as valid: more frames may follow)
         */
        public boolean isValid() {
            return complete && violation.isEmpty();
        }
    }

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final int PREVIEW_BYTES = 24;

    private final Role sender;

    private FrameAnnotator(Role sender) {
        this.sender = sender;
    }

    /**
     * An annotator that does not know who sent the bytes, so it explains MASK but cannot judge it.
     *
     * @return an annotator that applies every rule except the masking rule of RFC 6455 §5.1
     */
    public static FrameAnnotator forUnknownSender() {
        return new FrameAnnotator(null);
    }

    /**
     * An annotator for bytes sent by {@code sender}; it applies the masking rule of RFC 6455 §5.1.
     *
     * @param sender who sent the bytes, never null: a client must mask every frame, a server must not
     * @return an annotator that applies every rule, masking included
     */
    public static FrameAnnotator forSender(Role sender) {
        return new FrameAnnotator(Objects.requireNonNull(sender, "sender"));
    }

    /**
     * The examples of RFC 6455 §5.7, byte for byte (the binary payloads are zero bytes).
     *
     * @return the seven examples in the RFC's order, each with its sender; an unmodifiable list
     */
    public static List<Example> rfcExamples() {
        return List.of(
                new Example("A single-frame unmasked text message", Role.SERVER, HexFormat.of().parseHex("810548656c6c6f")),
                new Example("A single-frame masked text message", Role.CLIENT,
                        HexFormat.of().parseHex("818537fa213d7f9f4d5158")),
                new Example("A fragmented unmasked text message", Role.SERVER,
                        HexFormat.of().parseHex("010348656c80026c6f")),
                new Example("Unmasked Ping request", Role.SERVER, HexFormat.of().parseHex("890548656c6c6f")),
                new Example("Masked Ping response (a Pong)", Role.CLIENT,
                        HexFormat.of().parseHex("8a8537fa213d7f9f4d5158")),
                new Example("256 bytes binary message in a single unmasked frame", Role.SERVER,
                        withZeroPayload(HexFormat.of().parseHex("827e0100"), 256)),
                new Example("64KiB binary message in a single unmasked frame", Role.SERVER,
                        withZeroPayload(HexFormat.of().parseHex("827f0000000000010000"), 65536)));
    }

    /**
     * Every §5.7 example, each annotated on its own with its sender known.
     *
     * @return the annotations, each under a heading that names the example and its sender
     */
    public static String annotateRfcExamples() {
        StringBuilder out = new StringBuilder();
        for (Example example : rfcExamples()) {
            out.append("=== RFC 6455 §5.7: ").append(example.title()).append(" (sent by a ")
                    .append(example.sender().name().toLowerCase()).append(") ===\n");
            out.append(forSender(example.sender()).annotate(example.bytes()).text()).append('\n');
        }
        return out.toString();
    }

    /**
     * Explains {@code bytes}, one block per frame, stopping at the first broken rule.
     *
     * @param bytes the wire bytes, starting at a frame boundary, never null; may hold several frames
     * @return the annotation; not complete if {@code bytes} is empty or ends inside a frame
     */
    public Annotation annotate(byte[] bytes) {
        return new Walk(bytes).run();
    }

    /** One pass over the bytes; holds the message state that spans frames. */
    private final class Walk {
        private final byte[] bytes;
        private final StringBuilder out = new StringBuilder();
        private int at;
        private boolean messageInProgress;
        private Opcode messageType;
        private long messageLength;
        private final Utf8Validator utf8 = new Utf8Validator();
        private int framesRead;
        private ProtocolViolation firstViolation;
        private boolean complete = true;

        Walk(byte[] bytes) {
            this.bytes = bytes;
        }

        Annotation run() {
            if (bytes.length == 0) {
                out.append("no bytes to annotate\n");
                return new Annotation(out.toString(), 0, Optional.empty(), false);
            }
            int frameNumber = 1;
            while (at < bytes.length && frame(frameNumber++)) {
                framesRead++;
            }
            if (complete && firstViolation == null && messageInProgress) {
                out.append("note: the ").append(messageType).append(" message is not finished: its last frame had FIN=0\n");
            }
            return new Annotation(out.toString(), framesRead, Optional.ofNullable(firstViolation), complete);
        }

        /** Annotates the frame at {@code at}; false if the walk must stop (violation or incomplete input). */
        private boolean frame(int number) {
            int start = at;
            out.append("Frame ").append(number).append(" at byte ").append(start).append(":\n");
            if (bytes.length - start < 2) {
                return incomplete("a header has at least 2 bytes, only " + (bytes.length - start) + " left");
            }
            int byte0 = bytes[start] & 0xFF;
            int byte1 = bytes[start + 1] & 0xFF;
            boolean fin = (byte0 & 0x80) != 0;
            int opcode = byte0 & 0x0F;
            boolean masked = (byte1 & 0x80) != 0;
            int sevenBit = byte1 & 0x7F;
            LengthForm form = LengthForm.announcedBy(sevenBit);

            line("byte " + start + " = " + hexByte(byte0) + " = " + bits(byte0), "");
            field("FIN", fin ? "1" : "0", fin ? "final fragment of its message" : "more fragments follow");
            for (int bit = 1; bit <= 3; bit++) {
                boolean set = (byte0 & (0x80 >>> bit)) != 0;
                field("RSV" + bit, set ? "1" : "0", set ? "set (only an extension may set it)" : "");
            }
            field("opcode", String.format("0x%X", opcode), Opcode.describe(opcode) + opcodeNote(opcode));
            line("byte " + (start + 1) + " = " + hexByte(byte1) + " = " + bits(byte1), "");
            field("MASK", masked ? "1" : "0", maskMeaning(masked));
            field("payload len", Integer.toString(sevenBit), sevenBit <= 125 ? "the length itself"
                    : sevenBit == 126 ? "the real length follows in 2 bytes" : "the real length follows in 8 bytes");
            Optional<ProtocolViolation> violation = HeaderRules.checkFirstTwoBytes(byte0, byte1,
                    sender == null ? null : sender.peer(), messageInProgress);
            if (violation.isPresent()) {
                return violation(violation.get(), start + 2);
            }

            int headerLength = 2 + form.extraBytes() + (masked ? 4 : 0);
            if (bytes.length - start < headerLength) {
                return incomplete("this header is " + headerLength + " bytes long, only " + (bytes.length - start) + " are present");
            }
            long length = sevenBit;
            if (form != LengthForm.SEVEN_BIT) {
                length = 0;
                for (int i = 0; i < form.extraBytes(); i++) {
                    length = (length << 8) | (bytes[start + 2 + i] & 0xFF);
                }
                line("bytes " + (start + 2) + "-" + (start + 1 + form.extraBytes()) + " = "
                        + HEX.formatHex(bytes, start + 2, start + 2 + form.extraBytes()), "");
                field("extended length", length < 0 ? "2^63 or more" : Long.toString(length), form.describe());
            } else {
                line("", "payload length " + length + ", " + form.describe());
            }
            Optional<ProtocolViolation> lengthViolation = HeaderRules.checkLength(form, length);
            if (lengthViolation.isPresent()) {
                return violation(lengthViolation.get(), start + headerLength);
            }
            int key = 0;
            if (masked) {
                int keyAt = start + 2 + form.extraBytes();
                key = ((bytes[keyAt] & 0xFF) << 24) | ((bytes[keyAt + 1] & 0xFF) << 16) | ((bytes[keyAt + 2] & 0xFF) << 8)
                        | (bytes[keyAt + 3] & 0xFF);
                line("bytes " + keyAt + "-" + (keyAt + 3) + " = " + HEX.formatHex(bytes, keyAt, keyAt + 4), "");
                field("masking key", String.format("0x%08x", key), "payload byte i is XORed with key byte i mod 4 (RFC 6455 §5.3)");
            }
            int payloadStart = start + headerLength;
            long available = bytes.length - payloadStart;
            if (available < length) {
                at = bytes.length;
                return incomplete("the payload is announced as " + length + " bytes, only " + available + " are present");
            }
            int n = (int) length;
            byte[] unmasked = java.util.Arrays.copyOfRange(bytes, payloadStart, payloadStart + n);
            if (masked) {
                Masking.mask(unmasked, 0, n, key, 0);
            }
            at = payloadStart + n;
            out.append("  payload: ").append(n).append(" bytes (frame total ").append(headerLength + n)
                    .append(" bytes, header ").append(headerLength).append(")\n");
            if (masked && n > 0) {
                out.append("    as sent (masked): ").append(hexPreview(bytes, payloadStart, n)).append('\n');
                out.append("    unmasked:         ").append(preview(unmasked)).append('\n');
            } else if (n > 0) {
                out.append("    data: ").append(preview(unmasked)).append('\n');
            }
            return content(Opcode.fromCode(opcode).orElseThrow(), fin, unmasked);
        }

        /** The rules about the payload's meaning: Close bodies, fragment order, UTF-8 of text messages. */
        private boolean content(Opcode opcode, boolean fin, byte[] payload) {
            if (opcode == Opcode.CLOSE) {
                Optional<ProtocolViolation> violation = CloseStatus.checkBody(payload);
                if (violation.isPresent()) {
                    return violation(violation.get(), at);
                }
                CloseStatus status = CloseStatus.fromBody(payload);
                out.append("  close: ").append(status.isEmptyBody() ? "no status code (reported as 1005)"
                        : CloseCode.describe(status.code()) + (status.reason().isEmpty() ? ", no reason"
                        : ", reason \"" + status.reason() + "\"")).append('\n');
                out.append("  after a Close, the sender sends nothing more (RFC 6455 §5.5.1)\n");
                return true;
            }
            if (opcode.isControl()) {
                return true;
            }
            if (opcode != Opcode.CONTINUATION) {
                messageType = opcode;
                messageLength = 0;
                utf8.reset();
            }
            messageLength += payload.length;
            if (messageType == Opcode.TEXT && !utf8.feed(payload, 0, payload.length)) {
                return violation(ProtocolViolation.invalidPayload("payload",
                        "the text message is not valid UTF-8: byte " + utf8.failurePosition()
                                + " of the message cannot appear at that point of a UTF-8 sequence",
                        "RFC 6455 §8.1"), at);
            }
            messageInProgress = !fin;
            if (fin && messageType == Opcode.TEXT && !utf8.isAtCharacterBoundary()) {
                return violation(ProtocolViolation.invalidPayload("payload",
                        "the text message ends in the middle of a UTF-8 character", "RFC 6455 §8.1"), at);
            }
            if (fin) {
                out.append("  completes a ").append(messageType).append(" message of ").append(messageLength)
                        .append(" bytes").append(opcode == Opcode.CONTINUATION ? " (fragmented, RFC 6455 §5.4)" : "")
                        .append('\n');
            } else {
                out.append("  fragment of a ").append(messageType).append(" message; CONTINUATION frames follow (RFC 6455 §5.4)\n");
            }
            return true;
        }

        /** What MASK means for this sender: a client must mask every frame, a server must not (RFC 6455 §5.1). */
        private String maskMeaning(boolean masked) {
            if (sender == null) {
                return masked ? "payload is masked: right for a client's frame, wrong for a server's (RFC 6455 §5.1)"
                        : "payload is not masked: right for a server's frame, wrong for a client's (RFC 6455 §5.1)";
            }
            if (sender == Role.CLIENT) {
                return masked ? "payload is masked: a client masks every frame it sends (RFC 6455 §5.1)"
                        : "payload is not masked, but a client must mask every frame it sends (RFC 6455 §5.1)";
            }
            return masked ? "payload is masked, but a server must not mask the frames it sends (RFC 6455 §5.1)"
                    : "payload is not masked: a server never masks the frames it sends (RFC 6455 §5.1)";
        }

        private String opcodeNote(int opcode) {
            Optional<Opcode> known = Opcode.fromCode(opcode);
            if (known.isEmpty()) {
                return "";
            }
            return switch (known.get()) {
                case CONTINUATION -> ": continues the current fragmented message";
                case TEXT -> ": starts a text message (UTF-8)";
                case BINARY -> ": starts a binary message";
                case CLOSE -> ": control frame, starts or answers the closing handshake";
                case PING -> ": control frame, asks for a Pong with the same data";
                case PONG -> ": control frame, answers a Ping";
            };
        }

        private boolean violation(ProtocolViolation violation, int atByte) {
            firstViolation = violation;
            out.append("  >>> VIOLATION in ").append(violation.field()).append(": ").append(violation.explanation())
                    .append('\n');
            out.append("      ").append(violation.rfcSection()).append("; a receiver fails the connection with ")
                    .append(violation.closeCode().code()).append(' ').append(violation.closeCode().title()).append('\n');
            int rest = bytes.length - atByte;
            if (rest > 0) {
                out.append("      the remaining ").append(rest).append(" bytes are not interpreted\n");
            }
            return false;
        }

        private boolean incomplete(String why) {
            complete = false;
            out.append("  incomplete frame: ").append(why).append('\n');
            return false;
        }

        private void field(String name, String value, String meaning) {
            out.append(String.format("    %-15s = %-10s %s%n", name, value, meaning).stripTrailing()).append('\n');
        }

        private void line(String text, String note) {
            if (!text.isEmpty()) {
                out.append("  ").append(text).append('\n');
            }
            if (!note.isEmpty()) {
                out.append("    ").append(note).append('\n');
            }
        }
    }

    private static String preview(byte[] payload) {
        if (payload.length > PREVIEW_BYTES) {
            return hexPreview(payload, 0, payload.length);
        }
        if (Utf8Validator.isValid(payload)) {
            return Payload.wrap(payload).preview(PREVIEW_BYTES) + " (UTF-8 text; hex " + HEX.formatHex(payload) + ")";
        }
        return HEX.formatHex(payload) + " (not UTF-8)";
    }

    private static String hexPreview(byte[] bytes, int offset, int length) {
        if (length <= PREVIEW_BYTES) {
            return HEX.formatHex(bytes, offset, offset + length);
        }
        return HEX.formatHex(bytes, offset, offset + PREVIEW_BYTES) + " ... (" + length + " bytes)";
    }

    private static String hexByte(int value) {
        return String.format("0x%02x", value);
    }

    private static String bits(int value) {
        String bits = String.format("%8s", Integer.toBinaryString(value)).replace(' ', '0');
        return bits.substring(0, 4) + " " + bits.substring(4);
    }

    private static byte[] withZeroPayload(byte[] header, int payloadLength) {
        return java.util.Arrays.copyOf(header, header.length + payloadLength);
    }
}
