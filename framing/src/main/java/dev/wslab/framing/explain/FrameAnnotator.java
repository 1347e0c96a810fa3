package dev.wslab.framing.explain;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.HeaderBits;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.FrameObserver;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.framing.deflate.PerMessageDeflateExtension;
import dev.wslab.framing.utf8.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * <p>It judges nothing itself. The bytes go through a real {@link WebSocketConnection} (receiving as the
 * sender's peer, with {@link Limits#DEFAULTS}) that the annotator observes ({@link FrameObserver}): the codec's
 * accepted headers and payload bytes are explained, and the first {@link Event.Violation} is the verdict. So
 * every rule and every reason string exists once, in the layer that owns it (codec, message layer, Close
 * body), and the annotator and a wslab endpoint cannot disagree.
 *
 * <p>With {@link #withPerMessageDeflate} the receiving connection runs the permessage-deflate extension
 * (RFC 7692) with the parameters a handshake agreed on: RSV1 on a message's first frame then means
 * "compressed", and the annotation shows each compressed message inflated — by the very extension a wslab
 * endpoint runs, so a decompression bomb stops at the same 1009 and corrupt data gets the same 1007.
 *
 * <p>Nothing is allocated in proportion to a <em>claimed</em> length beyond the connection's limits: a
 * header announcing more than 64 KiB is a 1009 verdict, as it would be for a wslab endpoint.
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
     * @param messages  the whole data messages the connection delivered, in order (a compressed one inflated)
     */
    public record Annotation(String text, int frames, Optional<ProtocolViolation> violation, boolean complete,
                             List<Message> messages) {
        /**
         * Requires the text; {@code violation} is empty when no rule was broken.
         *
         * @param text      the explanation, one block per frame, never null
         * @param frames    how many frames were read completely, 0 or more
         * @param violation the first broken rule, never null; empty when no rule was broken
         * @param complete  false if the bytes ended in the middle of a frame, or there were no bytes
         * @param messages  the whole data messages delivered, never null; copied
         */
        public Annotation {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(violation, "violation");
            messages = List.copyOf(messages);
        }

        /**
         * An annotation without messages.
         *
         * @param text      the explanation, never null
         * @param frames    how many frames were read completely
         * @param violation the first broken rule, never null
         * @param complete  false if the bytes ended in the middle of a frame
         */
        public Annotation(String text, int frames, Optional<ProtocolViolation> violation, boolean complete) {
            this(text, frames, violation, complete, List.of());
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

    /**
     * One whole data message as the receiving connection delivered it.
     *
     * @param type       TEXT or BINARY
     * @param compressed whether RSV1 marked it compressed (RFC 7692 §6), so {@code payload} is what it inflated to
     * @param payload    the message's bytes as delivered (inflated when compressed)
     */
    public record Message(Opcode type, boolean compressed, byte[] payload) {
        /**
         * Copies {@code payload}.
         *
         * @param type       TEXT or BINARY, never null
         * @param compressed whether the message was compressed
         * @param payload    the delivered bytes, never null; copied
         */
        public Message {
            Objects.requireNonNull(type, "type");
            payload = payload.clone();
        }

        /**
         * A copy of the delivered bytes.
         *
         * @return the message's bytes, inflated when it was compressed
         */
        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final int PREVIEW_BYTES = 24;
    /** An inflated message is what a reader wants to see: more of it is shown. */
    private static final int INFLATED_PREVIEW_BYTES = 120;

    private final Role sender;
    /** The agreed permessage-deflate parameters, or null: none negotiated. */
    private final DeflateSettings deflate;

    private FrameAnnotator(Role sender, DeflateSettings deflate) {
        this.sender = sender;
        this.deflate = deflate;
    }

    /** permessage-deflate's parameters as a handshake agreed on them (RFC 7692 §7.1). */
    private record DeflateSettings(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                   int serverMaxWindowBits, int clientMaxWindowBits) {
    }

    /**
     * This annotator, reading the bytes as a connection that agreed on permessage-deflate (RFC 7692) — the
     * fields of a handshake's {@code DeflateParameters}, which this module does not depend on.
     *
     * @param serverNoContextTakeover {@code server_no_context_takeover} was agreed
     * @param clientNoContextTakeover {@code client_no_context_takeover} was agreed
     * @param serverMaxWindowBits     the server's window, 8-15 (15 when not negotiated)
     * @param clientMaxWindowBits     the client's window, 8-15 (15 when not negotiated)
     * @return an annotator that inflates compressed messages and explains RSV1 as the extension defines it
     */
    public FrameAnnotator withPerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                                int serverMaxWindowBits, int clientMaxWindowBits) {
        return new FrameAnnotator(sender, new DeflateSettings(serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits));
    }

    /**
     * An annotator that does not know who sent the bytes: the first frame's MASK bit decides (masked: a
     * client sent them), and the rest of the bytes must agree (RFC 6455 §5.1).
     *
     * @return an annotator that takes the sender from the first frame
     */
    public static FrameAnnotator forUnknownSender() {
        return new FrameAnnotator(null, null);
    }

    /**
     * An annotator for bytes sent by {@code sender}; it applies the masking rule of RFC 6455 §5.1.
     *
     * @param sender who sent the bytes, never null: a client must mask every frame, a server must not
     * @return an annotator that applies every rule, masking included
     */
    public static FrameAnnotator forSender(Role sender) {
        return new FrameAnnotator(Objects.requireNonNull(sender, "sender"), null);
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

    /** One frame as the connection's codec accepted it, and the payload bytes it read. */
    private static final class SeenFrame {
        final FrameHeader header;
        final long offset;
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        final List<Event> events = new ArrayList<>(2);

        SeenFrame(FrameHeader header, long offset) {
            this.header = header;
            this.offset = offset;
        }

        int headerLength() {
            return header.headerLength();
        }

        boolean payloadComplete() {
            return payload.size() == header.payloadLength();
        }
    }

    /** One pass over the bytes: feed a connection, watch its layers, then explain what they saw. */
    private final class Walk implements FrameObserver {
        private final byte[] bytes;
        private final StringBuilder out = new StringBuilder();
        private final List<SeenFrame> frames = new ArrayList<>();
        /** Events that came before any frame was accepted (a broken first header). */
        private final List<Event> headerEvents = new ArrayList<>(2);
        private Role senderRole;
        private String senderNote = "";
        private ProtocolViolation firstViolation;
        private boolean complete = true;
        private int framesRead;
        private Opcode messageType;
        private long messageLength;
        /** Whether the message in progress is compressed (RSV1 on its first frame, RFC 7692 §6.1). */
        private boolean messageCompressed;
        /** The connection's whole messages, in order: a compressed one holds the inflated payload. */
        private final Deque<Event> messages = new ArrayDeque<>();
        /** The whole messages explained so far, for {@link Annotation#messages()}. */
        private final List<Message> delivered = new ArrayList<>();

        Walk(byte[] bytes) {
            this.bytes = bytes;
        }

        /** True from an accepted header until its frame ended: events until then are that frame's. */
        private boolean frameOpen;

        @Override
        public void onHeader(FrameHeader header, long frameOffset) {
            frames.add(new SeenFrame(header, frameOffset));
            frameOpen = true;
        }

        @Override
        public void onFrameEnd() {
            frameOpen = false;
        }

        @Override
        public void onPayload(byte[] chunk, int offset, int length) {
            frames.get(frames.size() - 1).payload.write(chunk, offset, length);
        }

        Annotation run() {
            if (bytes.length == 0) {
                out.append("no bytes to annotate\n");
                return new Annotation(out.toString(), 0, Optional.empty(), false);
            }
            senderRole = sender;
            if (senderRole == null) {
                boolean masked = bytes.length > 1 && (bytes[1] & HeaderBits.MASK) != 0;
                senderRole = masked ? Role.CLIENT : Role.SERVER;
                senderNote = "sender not given: the first frame is " + (masked ? "masked, so a client" : "unmasked, so a server")
                        + " sent these bytes (RFC 6455 §5.1)\n";
            }
            Role receiverRole = senderRole.peer();
            WebSocketConnection receiver = deflate == null
                    ? new WebSocketConnection(receiverRole, Limits.DEFAULTS, MaskingKeySource.fixed(0))
                    : WebSocketConnection.withExtension(receiverRole, Limits.DEFAULTS, MaskingKeySource.fixed(0),
                            PerMessageDeflateExtension.agreed(receiverRole, deflate.serverNoContextTakeover(),
                                    deflate.clientNoContextTakeover(), deflate.serverMaxWindowBits(),
                                    deflate.clientMaxWindowBits(), PerMessageDeflateExtension.DEFAULT_LEVEL,
                                    PerMessageDeflateExtension.DEFAULT_MIN_MESSAGE_SIZE));
            receiver.observe(this);
            ByteBuffer input = ByteBuffer.wrap(bytes);
            receiver.receive(input, 0, event -> {
                if (event instanceof Event.Text || event instanceof Event.Binary) {
                    messages.add(event);
                }
                (frameOpen ? frames.get(frames.size() - 1).events : headerEvents).add(event);
            });
            receiver.onTransportClosed(); // ends the connection, which frees the extension's zlib memory
            out.append(senderNote);
            long end = 0;
            int number = 1;
            for (SeenFrame frame : frames) {
                if (!explain(frame, number++)) {
                    return finish();
                }
                end = frame.offset + frame.headerLength() + frame.header.payloadLength();
            }
            if (firstViolation == null) {
                Optional<ProtocolViolation> broken = violationIn(headerEvents);
                if (broken.isPresent()) {
                    brokenHeader((int) end, number, broken.get());
                    return finish();
                }
            }
            if (end < bytes.length && firstViolation == null && !closed()) {
                out.append("Frame ").append(number).append(" at byte ").append(end).append(":\n");
                incompleteHeader((int) end);
            } else if (end < bytes.length && closed()) {
                out.append("the remaining ").append(bytes.length - end)
                        .append(" bytes are not interpreted: after a Close, the receiver processes nothing more (RFC 6455 §5.5.1)\n");
            }
            return finish();
        }

        private boolean closed() {
            return frames.stream().anyMatch(f -> f.events.stream().anyMatch(e -> e instanceof Event.CloseReceived));
        }

        private Annotation finish() {
            if (complete && firstViolation == null && messageType != null && !closed()) {
                out.append("note: the ").append(messageType).append(" message is not finished: its last frame had FIN=0\n");
            }
            return new Annotation(out.toString(), framesRead, Optional.ofNullable(firstViolation), complete, delivered);
        }

        /** Explains one accepted frame; false if the walk stops here (violation or incomplete input). */
        private boolean explain(SeenFrame frame, int number) {
            int start = (int) frame.offset;
            FrameHeader h = frame.header;
            out.append("Frame ").append(number).append(" at byte ").append(start).append(":\n");
            firstTwoBytes(start);
            LengthForm form = h.lengthForm();
            if (form != LengthForm.SEVEN_BIT) {
                line("bytes " + (start + 2) + "-" + (start + 1 + form.extraBytes()) + " = "
                        + HEX.formatHex(bytes, start + 2, start + 2 + form.extraBytes()), "");
                field("extended length", Long.toString(h.payloadLength()), form.describe());
            } else {
                line("", "payload length " + h.payloadLength() + ", " + form.describe());
            }
            if (h.masked()) {
                int keyAt = start + 2 + form.extraBytes();
                line("bytes " + keyAt + "-" + (keyAt + 3) + " = " + HEX.formatHex(bytes, keyAt, keyAt + 4), "");
                field("masking key", String.format("0x%08x", h.maskingKey()), "payload byte i is XORed with key byte i mod 4 (RFC 6455 §5.3)");
            }
            Optional<ProtocolViolation> verdict = violationIn(frame.events);
            byte[] unmasked = frame.payload.toByteArray();
            if (!frame.payloadComplete() && verdict.isEmpty()) {
                return incomplete("the payload is announced as " + h.payloadLength() + " bytes, only "
                        + (bytes.length - start - frame.headerLength()) + " are present");
            }
            if (unmasked.length < h.payloadLength() && verdict.isPresent()) {
                // The message layer refused the header (fragment order, size) before reading the payload.
                return violation(verdict.get(), start + frame.headerLength());
            }
            int payloadStart = start + frame.headerLength();
            int n = unmasked.length;
            out.append("  payload: ").append(n).append(" bytes (frame total ").append(frame.headerLength() + n)
                    .append(" bytes, header ").append(frame.headerLength()).append(")\n");
            if (h.masked() && n > 0) {
                out.append("    as sent (masked): ").append(hexPreview(bytes, payloadStart, n)).append('\n');
                out.append("    unmasked:         ").append(preview(unmasked)).append('\n');
            } else if (n > 0) {
                out.append("    data: ").append(preview(unmasked)).append('\n');
            }
            if (deflate != null && n > 0 && (h.rsv1() || (h.opcode() == 0 && messageCompressed))) {
                out.append("    (DEFLATE data: the message is inflated when it is complete, RFC 7692 §7.2.2)\n");
            }
            if (verdict.isPresent()) {
                return violation(verdict.get(), payloadStart + n);
            }
            framesRead++;
            content(frame, h.knownOpcode().orElseThrow(), n);
            return true;
        }

        /** What the frame meant, from the connection's events. */
        private void content(SeenFrame frame, Opcode opcode, int length) {
            for (Event event : frame.events) {
                if (event instanceof Event.CloseReceived close) {
                    CloseStatus status = close.status();
                    out.append("  close: ").append(status.isEmptyBody() ? "no status code (reported as 1005)"
                            : CloseCode.describe(status.code()) + (status.reason().isEmpty() ? ", no reason"
                            : ", reason \"" + status.reason() + "\"")).append('\n');
                    out.append("  after a Close, the sender sends nothing more (RFC 6455 §5.5.1)\n");
                }
            }
            if (opcode.isControl()) {
                return;
            }
            if (opcode != Opcode.CONTINUATION) {
                messageType = opcode;
                messageLength = 0;
                messageCompressed = frame.header.rsv1();
            }
            messageLength += length;
            if (frame.header.fin()) {
                out.append("  completes a ").append(messageType).append(" message of ").append(messageLength)
                        .append(" bytes").append(opcode == Opcode.CONTINUATION ? " (fragmented, RFC 6455 §5.4)" : "")
                        .append(messageCompressed ? " on the wire, compressed" : "")
                        .append('\n');
                Event message = messages.poll();
                if (message != null) {
                    delivered.add(new Message(messageType, messageCompressed, message instanceof Event.Text text
                            ? text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            : ((Event.Binary) message).payload().toByteArray()));
                }
                if (messageCompressed && message != null) {
                    byte[] inflated = delivered.get(delivered.size() - 1).payload();
                    out.append("  inflated (00 00 ff ff appended, RFC 7692 §7.2.2): ").append(inflated.length)
                            .append(" bytes; on the wire ").append(messageLength).append(" bytes, ")
                            .append(String.format(java.util.Locale.ROOT, "%.2f", messageLength / (double) Math.max(1, inflated.length)))
                            .append(" of the message size\n");
                    out.append("    data: ").append(Utf8Validator.isValid(inflated)
                            ? Payload.wrap(inflated).preview(INFLATED_PREVIEW_BYTES) + " (UTF-8 text)" : preview(inflated)).append('\n');
                }
                messageType = null;
                messageCompressed = false;
            } else {
                out.append("  fragment of a ").append(messageType).append(" message; CONTINUATION frames follow (RFC 6455 §5.4)\n");
            }
        }

        /** A header the codec refused: show the fields that are present, then the verdict. */
        private void brokenHeader(int start, int number, ProtocolViolation violation) {
            out.append("Frame ").append(number).append(" at byte ").append(start).append(":\n");
            if (bytes.length - start >= 2) {
                firstTwoBytes(start);
                LengthForm form = LengthForm.announcedBy(bytes[start + 1] & HeaderBits.PAYLOAD_LENGTH);
                if (form != LengthForm.SEVEN_BIT && bytes.length - start >= 2 + form.extraBytes()
                        && violation.field().equals("payload length")) {
                    long length = 0;
                    for (int i = 0; i < form.extraBytes(); i++) {
                        length = (length << 8) | (bytes[start + 2 + i] & 0xFF);
                    }
                    line("bytes " + (start + 2) + "-" + (start + 1 + form.extraBytes()) + " = "
                            + HEX.formatHex(bytes, start + 2, start + 2 + form.extraBytes()), "");
                    field("extended length", length < 0 ? "2^63 or more" : Long.toString(length), form.describe());
                    violation(violation, start + 2 + form.extraBytes());
                    return;
                }
            }
            violation(violation, Math.min(bytes.length, start + 2));
        }

        private void incompleteHeader(int start) {
            if (bytes.length - start < 2) {
                incomplete("a header has at least 2 bytes, only " + (bytes.length - start) + " left");
                return;
            }
            firstTwoBytes(start);
            int headerLength = 2 + LengthForm.announcedBy(bytes[start + 1] & HeaderBits.PAYLOAD_LENGTH).extraBytes()
                    + ((bytes[start + 1] & HeaderBits.MASK) != 0 ? 4 : 0);
            incomplete("this header is " + headerLength + " bytes long, only " + (bytes.length - start) + " are present");
        }

        /** The fields of a header's first two bytes, as they are on the wire (explaining, not judging). */
        private void firstTwoBytes(int start) {
            int byte0 = bytes[start] & 0xFF;
            int byte1 = bytes[start + 1] & 0xFF;
            boolean fin = (byte0 & HeaderBits.FIN) != 0;
            int opcode = byte0 & HeaderBits.OPCODE;
            boolean masked = (byte1 & HeaderBits.MASK) != 0;
            int sevenBit = byte1 & HeaderBits.PAYLOAD_LENGTH;
            line("byte " + start + " = " + hexByte(byte0) + " = " + bits(byte0), "");
            field("FIN", fin ? "1" : "0", fin ? "final fragment of its message" : "more fragments follow");
            for (int bit = 1; bit <= 3; bit++) {
                boolean set = (byte0 & HeaderBits.rsv(bit)) != 0;
                String meaning = set ? "set (only an extension may set it)" : "";
                if (bit == 1 && deflate != null) {
                    meaning = set ? "set: permessage-deflate, this message is compressed (RFC 7692 §6)"
                            : "permessage-deflate agreed; not set: " + ((opcode(byte0) == 0 || (opcode(byte0) & 0x8) != 0)
                            ? "never set on a continuation or control frame (RFC 7692 §6.1)" : "this message is not compressed");
                }
                field("RSV" + bit, set ? "1" : "0", meaning);
            }
            field("opcode", String.format("0x%X", opcode), Opcode.describe(opcode) + opcodeNote(opcode));
            line("byte " + (start + 1) + " = " + hexByte(byte1) + " = " + bits(byte1), "");
            field("MASK", masked ? "1" : "0", maskMeaning(masked));
            field("payload len", Integer.toString(sevenBit), sevenBit <= 125 ? "the length itself"
                    : sevenBit == 126 ? "the real length follows in 2 bytes" : "the real length follows in 8 bytes");
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

        private Optional<ProtocolViolation> violationIn(List<Event> events) {
            return events.stream().filter(e -> e instanceof Event.Violation).map(e -> ((Event.Violation) e).cause())
                    .findFirst();
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

    private static int opcode(int byte0) {
        return byte0 & HeaderBits.OPCODE;
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
