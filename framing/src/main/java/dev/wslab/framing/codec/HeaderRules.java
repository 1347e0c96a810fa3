package dev.wslab.framing.codec;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.ProtocolViolation;
import dev.wslab.framing.Role;

import java.util.Optional;

/**
 * The header-level rules of RFC 6455 §5.1–§5.5: the only place they are written. The {@link FrameDecoder}
 * applies them; everything else that judges a header (the connection, the annotator) gets its verdict from
 * the decoder. Rules that need more than one frame (fragment order) or the payload (UTF-8, Close bodies,
 * message size) belong to the message layer in {@code connection}.
 */
final class HeaderRules {

    private HeaderRules() {
    }

    /**
     * Rules decidable from the first two bytes.
     *
     * @param receiver       the role of the endpoint receiving the frame (decides the MASK rule)
     * @param allowedRsvBits the RSV bits ({@link HeaderBits#RSV1} ...) that negotiated extensions give a meaning
     */
    static Optional<ProtocolViolation> checkFirstTwoBytes(int byte0, int byte1, Role receiver, int allowedRsvBits) {
        boolean fin = (byte0 & HeaderBits.FIN) != 0;
        int opcode = byte0 & HeaderBits.OPCODE;
        boolean masked = (byte1 & HeaderBits.MASK) != 0;
        int sevenBitLength = byte1 & HeaderBits.PAYLOAD_LENGTH;
        for (int bit = 1; bit <= 3; bit++) {
            int rsv = HeaderBits.rsv(bit);
            if ((byte0 & rsv) != 0 && (allowedRsvBits & rsv) == 0) {
                // RFC 6455 §5.2: "MUST be 0 unless an extension is negotiated that defines meanings".
                return Optional.of(ProtocolViolation.protocolError("RSV" + bit,
                        "RSV" + bit + " is set, but no extension was negotiated that gives it a meaning, so it must be 0",
                        "RFC 6455 §5.2"));
            }
        }
        if (Opcode.isReserved(opcode)) {
            // RFC 6455 §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail_".
            return Optional.of(ProtocolViolation.protocolError("opcode",
                    "the opcode is " + Opcode.describe(opcode) + "; reserved opcodes have no meaning without an extension",
                    "RFC 6455 §5.2"));
        }
        Opcode known = Opcode.fromCode(opcode).orElseThrow();
        if (known.isControl() && !fin) {
            // RFC 6455 §5.5: "Control frames ... MUST NOT be fragmented."
            return Optional.of(ProtocolViolation.protocolError("FIN",
                    "a " + known + " frame has FIN=0, but control frames must not be fragmented",
                    "RFC 6455 §5.5"));
        }
        if (known.isControl() && sevenBitLength > 125) {
            // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less".
            return Optional.of(ProtocolViolation.protocolError("payload length",
                    "a " + known + " frame announces an extended length (7-bit field " + sevenBitLength
                            + "), but control frames carry at most 125 bytes",
                    "RFC 6455 §5.5"));
        }
        if (masked != receiver.expectsMaskedIncomingFrames()) {
            // RFC 6455 §5.1: a server MUST close on an unmasked frame, a client MUST close on a masked frame.
            return Optional.of(ProtocolViolation.protocolError("MASK", receiver == Role.SERVER
                            ? "the client sent an unmasked frame; every frame from a client must be masked"
                            : "the server sent a masked frame; frames from a server must never be masked",
                    "RFC 6455 §5.1"));
        }
        return Optional.empty();
    }

    /**
     * Rules about the extended length, once it is read.
     *
     * @param rawLength the extended length as read (for the 64-bit form, a negative value means the most
     *                  significant bit is set)
     */
    static Optional<ProtocolViolation> checkLength(LengthForm form, long rawLength) {
        if (form == LengthForm.SIXTY_FOUR_BIT && rawLength < 0) {
            // RFC 6455 §5.2: "the most significant bit MUST be 0".
            return Optional.of(ProtocolViolation.protocolError("payload length",
                    "the 64-bit length has its most significant bit set; it must be 0 (lengths stop at 2^63-1)",
                    "RFC 6455 §5.2"));
        }
        if (form != LengthForm.minimalFor(rawLength)) {
            // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length". We refuse
            // non-minimal forms rather than accept them: every correct encoder writes the minimal form, so
            // strictness costs no interoperability, and it catches broken encoders early.
            return Optional.of(ProtocolViolation.protocolError("payload length",
                    "the length " + rawLength + " is written in the " + form.describe() + ", but it fits the "
                            + LengthForm.minimalFor(rawLength).describe() + "; the shortest form must be used",
                    "RFC 6455 §5.2"));
        }
        return Optional.empty();
    }

    /**
     * The frame size limit, decided from the header before anything is allocated for the payload.
     *
     * @param length          the announced payload length
     * @param maxFramePayload the largest payload this endpoint accepts in one frame
     */
    static Optional<ProtocolViolation> checkFrameSize(long length, int maxFramePayload) {
        if (length > maxFramePayload) {
            // RFC 6455 §10.4: implementations SHOULD limit frame sizes; §7.4.1: 1009 says "too big".
            return Optional.of(ProtocolViolation.tooBig("payload length",
                    "the frame announces a payload of " + length + " bytes, more than this endpoint accepts ("
                            + maxFramePayload + " bytes per frame)",
                    "RFC 6455 §7.4.1, §10.4"));
        }
        return Optional.empty();
    }
}
