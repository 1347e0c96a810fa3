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
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.codec.Masking;
import dev.wslab.framing.codec.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Watches one WebSocket connection for the inspector: runs a {@link FrameDecoder} over each direction
 * of the raw byte stream (the same decoder the connection uses, so the inspector shows frames exactly
 * as our code split them) and writes one {@link InspectorRecord} per frame into the channel.
 *
 * <p>Runs on the connection's IO thread (the {@link WireTap} contract): decoding a frame header is
 * cheap, and each record is appended to a bounded log, never written to a socket here.
 */
final class InspectedConnection implements WireTap.ConnectionTap {

    /** How much of a payload the inspector shows. */
    static final int PREVIEW_CHARS = 160;
    static final int WIRE_BYTES = 16;
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
        this.in = new Direction("in", new FrameDecoder(Role.SERVER, limits));
        this.out = new Direction("out", new FrameDecoder(Role.CLIENT, limits));
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
        channel.publish(new InspectorRecord.Closed(connectionId, clock.millis(), reason));
        channel.connectionClosed();
    }

    /** One direction of the stream: its decoder, and whether the data message in progress is text. */
    private final class Direction {
        private final String name;
        private final FrameDecoder decoder;
        private boolean textMessageInProgress;

        Direction(String name, FrameDecoder decoder) {
            this.name = name;
            this.decoder = decoder;
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
            return new InspectorRecord.Frame("frame", connectionId, clock.millis(), name, header.fin(), header.rsv1(),
                    header.rsv2(), header.rsv3(), header.opcode(), opcode.name(), header.masked(),
                    header.masked() ? HEX.formatHex(header.maskingKeyBytes()) : null, header.payloadLength(),
                    lengthForm(header.lengthForm()), header.headerLength(), wireHex(header, payload),
                    preview(opcode, text, payload));
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
            String decoded = payload.asUtf8();
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
