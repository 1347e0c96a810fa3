package dev.wslab.chat.web;

import dev.wslab.chat.auth.Redactor;
import dev.wslab.chat.transport.undertow.WireTap;
import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.HeaderBits;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.codec.Masking;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.deflate.MessageDecompressor;
import dev.wslab.handshake.DeflateParameters;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Watches one WebSocket connection for the inspector: runs a {@link FrameDecoder} over each direction
 * of the raw byte stream (the same decoder the connection uses, so the inspector shows frames exactly
 * as our code split them) and writes one {@link InspectorRecord} per frame into the channel.
 *
 * <p>When the handshake agreed on permessage-deflate (RFC 7692), the decoders accept RSV1 as the
 * connection's do, and each direction inflates its compressed messages with framing's
 * {@link MessageDecompressor} (context kept across messages as the handshake said), so a frame shows
 * its compressed size and bytes on the wire and the text they inflate to.
 *
 * <p>Runs on the connection's IO thread (the {@link WireTap} contract): decoding a frame header is
 * cheap, and each record is appended to a bounded log, never written to a socket here.
 */
final class InspectedConnection implements WireTap.ConnectionTap {

    /** How much of a payload the inspector shows. */
    static final int PREVIEW_CHARS = 160;
    static final int WIRE_BYTES = 16;
    /**
     * A resume token (the {@code session} reply's {@code resumeToken}, a {@code resume} command's
     * {@code token}) is a bearer secret: the inspector shows that one crossed, never its value, as the
     * handshake's token is shown {@code [redacted]}. (The first {@link #WIRE_BYTES} bytes never reach it.)
     */
    private static final java.util.regex.Pattern RESUME_TOKEN =
            java.util.regex.Pattern.compile("(\"(?:resumeToken|token)\"\\s*:\\s*\")[^\"]*(\"?)");
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final InspectorChannel channel;
    private final String connectionId;
    private final Clock clock;
    private final Direction in;
    private final Direction out;

    InspectedConnection(InspectorChannel channel, WireTap.TappedConnection connection, Limits limits, Clock clock) {
        this.channel = channel;
        this.connectionId = connection.connectionId();
        this.clock = clock;
        // Each decoder takes the role of the endpoint that receives those bytes: the server reads what the
        // browser sends (masked, RFC 6455 §5.1), the browser reads what the server sends (unmasked).
        Optional<DeflateParameters> deflate = DeflateParameters.agreedIn(connection.response().extensions());
        int rsv = deflate.isPresent() ? HeaderBits.RSV1 : 0;
        this.in = new Direction("in", new FrameDecoder(Role.SERVER, limits, rsv),
                deflate.map(d -> new MessageDecompressor(d.clientNoContextTakeover())), limits.maxMessageSize());
        this.out = new Direction("out", new FrameDecoder(Role.CLIENT, limits, rsv),
                deflate.map(d -> new MessageDecompressor(d.serverNoContextTakeover())), limits.maxMessageSize());
        channel.connectionOpened();
        channel.publish(new InspectorRecord.Handshake(connectionId, clock.millis(),
                Redactor.redact(new String(connection.request().toBytes(), StandardCharsets.ISO_8859_1)).stripTrailing(),
                new String(connection.response().toResponseBytes(), StandardCharsets.ISO_8859_1).stripTrailing()));
    }

    @Override
    public void bytesIn(ByteBuffer bytes) {
        in.feed(bytes);
    }

    @Override
    public void bytesOut(ByteBuffer bytes) {
        out.feed(bytes);
    }

    @Override
    public void closed(String reason) {
        in.release();
        out.release();
        channel.publish(new InspectorRecord.Closed(connectionId, clock.millis(), reason));
        channel.connectionClosed();
    }

    /**
     * One direction of the stream: its decoder, whether the data message in progress is text, and with
     * permessage-deflate its inflater and whether the message in progress is compressed.
     */
    private final class Direction {
        private final String name;
        private final FrameDecoder decoder;
        private final Optional<MessageDecompressor> inflater;
        /** The inspector stops inflating a message past this size; the connection closes it with 1009 anyway. */
        private final long maxMessageSize;
        private boolean textMessageInProgress;
        private boolean compressedMessageInProgress;
        private boolean inflating = true;

        Direction(String name, FrameDecoder decoder, Optional<MessageDecompressor> inflater, long maxMessageSize) {
            this.name = name;
            this.decoder = decoder;
            this.inflater = inflater;
            this.maxMessageSize = maxMessageSize;
        }

        void release() {
            inflater.ifPresent(MessageDecompressor::close);
        }

        /**
         * The bytes this frame's payload inflates to (the last frame also gets what the appended
         * {@code 00 00 ff ff} releases, §7.2.2); null when the frame is not part of a compressed message.
         */
        private Inflated inflate(FrameHeader header, Payload payload, Opcode opcode) {
            if (opcode == Opcode.TEXT || opcode == Opcode.BINARY) {
                compressedMessageInProgress = header.rsv1();
            } else if (opcode != Opcode.CONTINUATION) {
                return null; // control frames are never compressed (RFC 7692 §6.1)
            }
            if (!compressedMessageInProgress || inflater.isEmpty() || !inflating) {
                return null;
            }
            MessageDecompressor zlib = inflater.get();
            Inflated inflated = new Inflated();
            MessageDecompressor.Sink sink = (bytes, offset, length) -> {
                inflated.add(bytes, offset, length);
                return zlib.inflatedSoFar() <= maxMessageSize;
            };
            Optional<?> problem = zlib.inflate(ByteBuffer.wrap(payload.toByteArray()), sink);
            if (problem.isEmpty() && zlib.inflatedSoFar() <= maxMessageSize && header.fin()) {
                problem = zlib.endMessage(sink);
            }
            if (problem.isPresent() || zlib.inflatedSoFar() > maxMessageSize) {
                inflating = false; // the connection is failing this message; the inspector stops inflating
                inflated.stopped = true;
            }
            if (header.fin()) {
                compressedMessageInProgress = false;
            }
            return inflated;
        }

        void feed(ByteBuffer bytes) {
            if (decoder.isFailed()) {
                return; // the connection is being closed for that violation; the rest is not frames
            }
            ByteBuffer view = bytes.duplicate();
            while (view.hasRemaining()) {
                DecodeResult result = decoder.decode(view);
                if (result instanceof DecodeResult.FrameDecoded decoded) {
                    channel.publish(describe(decoded.header(), decoded.frame().payload()));
                } else if (result instanceof DecodeResult.Failed failed) {
                    channel.publish(new InspectorRecord.Violation(connectionId, clock.millis(), name,
                            failed.violation().explanation(), failed.violation().closeCode().code(),
                            failed.violation().rfcSection()));
                    return;
                }
            }
        }

        private InspectorRecord.Frame describe(FrameHeader header, Payload payload) {
            Opcode opcode = header.knownOpcode().orElseThrow();
            boolean text = opcode == Opcode.TEXT || (opcode == Opcode.CONTINUATION && textMessageInProgress);
            if (opcode == Opcode.TEXT || opcode == Opcode.BINARY) {
                textMessageInProgress = opcode == Opcode.TEXT && !header.fin();
            } else if (opcode == Opcode.CONTINUATION && header.fin()) {
                textMessageInProgress = false;
            }
            Inflated inflated = inflate(header, payload, opcode);
            String preview = inflated == null ? preview(opcode, text, payload)
                    : (inflated.stopped ? "(not inflated further: past the message limit or not DEFLATE) " : "")
                            + preview(opcode, text, Payload.of(inflated.preview.toByteArray()));
            return new InspectorRecord.Frame("frame", connectionId, clock.millis(), name, header.fin(), header.rsv1(),
                    header.rsv2(), header.rsv3(), header.opcode(), opcode.name(), header.masked(),
                    header.masked() ? HEX.formatHex(header.maskingKeyBytes()) : null, header.payloadLength(),
                    lengthForm(header.lengthForm()), header.headerLength(), wireHex(header, payload),
                    preview, inflated == null ? null : inflated.length);
        }
    }

    /** What one frame of a compressed message inflated to: its size, and the first bytes for the preview. */
    private static final class Inflated {
        final ByteArrayOutputStream preview = new ByteArrayOutputStream();
        Long length = 0L;
        boolean stopped;

        void add(byte[] bytes, int offset, int n) {
            length += n;
            // Enough bytes for PREVIEW_CHARS characters of UTF-8 (at most 4 bytes each).
            int room = 4 * PREVIEW_CHARS - preview.size();
            if (room > 0) {
                preview.write(bytes, offset, Math.min(room, n));
            }
        }
    }

    /** The first payload bytes as they were on the wire: masking is re-applied to the decoded copy. */
    private static String wireHex(FrameHeader header, Payload payload) {
        int n = Math.min(WIRE_BYTES, payload.length());
        byte[] wire = new byte[n];
        for (int i = 0; i < n; i++) {
            wire[i] = payload.byteAt(i);
        }
        if (header.masked()) {
            // RFC 6455 §5.3: masking is XOR with the key, so applying it again restores the wire bytes.
            Masking.mask(wire, 0, n, header.maskingKey(), 0);
        }
        return HEX.formatHex(wire) + (payload.length() > n ? " …" : "");
    }

    private static String preview(Opcode opcode, boolean text, Payload payload) {
        if (opcode == Opcode.CLOSE) {
            if (payload.isEmpty()) {
                return "no status code (an empty close body)";
            }
            if (CloseStatus.checkBody(payload.toByteArray()).isPresent()) {
                return "malformed close body: " + payload.hex();
            }
            CloseStatus status = CloseStatus.fromBody(payload.toByteArray());
            return status.code() + (status.reason().isEmpty() ? "" : " \"" + status.reason() + "\"");
        }
        if (text) {
            String decoded = RESUME_TOKEN.matcher(payload.asUtf8()).replaceAll("$1[redacted]$2");
            return decoded.length() > PREVIEW_CHARS ? decoded.substring(0, PREVIEW_CHARS) + "…" : decoded;
        }
        return payload.isEmpty() ? "" : payload.preview(WIRE_BYTES);
    }

    private static String lengthForm(LengthForm form) {
        switch (form) {
            case SEVEN_BIT:
                return "7-bit";
            case SIXTEEN_BIT:
                return "16-bit";
            default:
                return "64-bit";
        }
    }
}
