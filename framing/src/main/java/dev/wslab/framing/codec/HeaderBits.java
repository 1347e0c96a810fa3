package dev.wslab.framing.codec;

/**
 * The bits of a frame header's first two bytes (RFC 6455 §5.2), named once so that no file spells
 * {@code 0x80} or {@code 0x7F} with a different meaning in mind.
 */
public final class HeaderBits {
    /** Byte 0: FIN, the final fragment of a message. */
    public static final int FIN = 0x80;
    /** Byte 0: RSV1, reserved for an extension (permessage-deflate uses it, RFC 7692 §6). */
    public static final int RSV1 = 0x40;
    /** Byte 0: RSV2, reserved for an extension. */
    public static final int RSV2 = 0x20;
    /** Byte 0: RSV3, reserved for an extension. */
    public static final int RSV3 = 0x10;
    /** Byte 0: the three RSV bits together. */
    public static final int RSV_ALL = RSV1 | RSV2 | RSV3;
    /** Byte 0: the 4-bit opcode. */
    public static final int OPCODE = 0x0F;
    /** Byte 1: MASK, set on every frame a client sends (§5.1). */
    public static final int MASK = 0x80;
    /** Byte 1: the 7-bit payload length (126 and 127 announce an extended length). */
    public static final int PAYLOAD_LENGTH = 0x7F;

    private HeaderBits() {
    }

    /**
     * The RSV bit numbered {@code n}.
     *
     * @param n 1, 2 or 3
     * @return its mask in byte 0
     */
    public static int rsv(int n) {
        return FIN >>> n;
    }
}
