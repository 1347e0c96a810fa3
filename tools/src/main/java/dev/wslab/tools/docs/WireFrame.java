package dev.wslab.tools.docs;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.codec.Masking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds frame bytes exactly as asked, broken ones included, with the framing module's own header writer.
 * The gallery uses it to write the bad inputs a correct encoder refuses to produce.
 */
final class WireFrame {
    /** The masking key of the RFC 6455 §5.7 examples; every client frame in the docs uses it. */
    static final int RFC_MASKING_KEY = 0x37fa213d;

    private boolean fin = true;
    private boolean rsv1;
    private int opcode;
    private boolean masked;
    private int maskingKey;
    private byte[] payload = new byte[0];
    private long announcedLength = -1;
    private LengthForm lengthForm;

    private WireFrame(int opcode) {
        this.opcode = opcode;
    }

    static WireFrame of(Opcode opcode) {
        return new WireFrame(opcode.code());
    }

    /** A frame with any 4-bit opcode, reserved ones included. */
    static WireFrame ofRawOpcode(int opcode) {
        return new WireFrame(opcode);
    }

    WireFrame notFinal() {
        fin = false;
        return this;
    }

    WireFrame rsv1() {
        rsv1 = true;
        return this;
    }

    /** Masked with the RFC example key, as a client sends. */
    WireFrame maskedByClient() {
        masked = true;
        maskingKey = RFC_MASKING_KEY;
        return this;
    }

    WireFrame payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    WireFrame text(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Announce this length in the header but send only the header (the receiver must decide from it). */
    WireFrame announceOnly(long length) {
        announcedLength = length;
        return this;
    }

    /** Use this length form even when a shorter one fits. */
    WireFrame lengthForm(LengthForm form) {
        lengthForm = form;
        return this;
    }

    byte[] bytes() {
        long length = announcedLength >= 0 ? announcedLength : payload.length;
        LengthForm form = lengthForm != null ? lengthForm : LengthForm.minimalFor(length);
        FrameHeader header = new FrameHeader(fin, rsv1, false, false, opcode, masked, length, form, maskingKey);
        int sent = announcedLength >= 0 ? 0 : payload.length;
        ByteBuffer out = ByteBuffer.allocate(header.headerLength() + sent);
        FrameEncoder.writeHeader(header, out);
        int start = out.position();
        out.put(payload, 0, sent);
        if (masked) {
            Masking.mask(out.array(), start, sent, maskingKey, 0);
        }
        return out.array();
    }

    /**
     * The header bytes of a 64-bit length whose most significant bit is set: no {@link FrameHeader} can hold
     * that length, so these bytes are written by hand.
     */
    static byte[] binaryWithTopBitLength() {
        ByteBuffer out = ByteBuffer.allocate(14);
        out.put((byte) 0x82).put((byte) (0x80 | 127)).putLong(0x8000_0000_0000_0005L).putInt(RFC_MASKING_KEY);
        return out.array();
    }
}
