package dev.wslab.framing.codec;

/**
 * The three ways a frame header can encode its payload length (RFC 6455 §5.2).
 *
 * <p>The 7-bit "Payload len" field holds the length itself if it is 0–125; the value 126 means "the real
 * length follows as a 16-bit unsigned integer", and 127 means "it follows as a 64-bit unsigned integer
 * whose most significant bit must be 0". The RFC requires the shortest form that fits: "the minimal
 * number of bytes MUST be used to encode the length".
 */
public enum LengthForm {
    /** Length 0–125 in the 7-bit field itself; no extra bytes. */
    SEVEN_BIT(0, 125),
    /** 7-bit field 126, then 2 bytes: minimal for 126–65535. */
    SIXTEEN_BIT(2, 0xFFFF),
    /** 7-bit field 127, then 8 bytes: minimal for 65536 and above. */
    SIXTY_FOUR_BIT(8, Long.MAX_VALUE);

    private final int extraBytes;
    private final long maxLength;

    LengthForm(int extraBytes, long maxLength) {
        this.extraBytes = extraBytes;
        this.maxLength = maxLength;
    }

    /**
     * Bytes that follow the 7-bit field: 0, 2 or 8.
     *
     * @return the size of the extended payload length field, in bytes (RFC 6455 §5.2)
     */
    public int extraBytes() {
        return extraBytes;
    }

    /**
     * The largest length this form can encode.
     *
     * @return 125, 65,535 or 2<sup>63</sup> − 1 bytes (the 64-bit form's top bit must be 0, RFC 6455 §5.2)
     */
    public long maxLength() {
        return maxLength;
    }

    /**
     * The value of the 7-bit field that announces this form (the length itself for {@link #SEVEN_BIT}).
     *
     * @param payloadLength the payload length in bytes; only used by {@link #SEVEN_BIT}, where it must be 0–125
     * @return 0–125, 126 or 127
     */
    public int sevenBitValue(long payloadLength) {
        return switch (this) {
            case SEVEN_BIT -> (int) payloadLength;
            case SIXTEEN_BIT -> 126;
            case SIXTY_FOUR_BIT -> 127;
        };
    }

    /**
     * The form announced by a 7-bit field value (0–127).
     *
     * @param sevenBitValue the low 7 bits of a frame's second byte
     * @return {@link #SIXTEEN_BIT} for 126, {@link #SIXTY_FOUR_BIT} for 127, otherwise {@link #SEVEN_BIT}
     */
    public static LengthForm announcedBy(int sevenBitValue) {
        if (sevenBitValue == 127) {
            return SIXTY_FOUR_BIT;
        }
        return sevenBitValue == 126 ? SIXTEEN_BIT : SEVEN_BIT;
    }

    /**
     * The form RFC 6455 §5.2 requires for {@code payloadLength}: the shortest that fits.
     *
     * @param payloadLength the payload length in bytes, not negative
     * @return the minimal form; a decoder fails a frame that used a longer one with 1002
     */
    public static LengthForm minimalFor(long payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative length " + payloadLength);
        }
        if (payloadLength <= SEVEN_BIT.maxLength) {
            return SEVEN_BIT;
        }
        return payloadLength <= SIXTEEN_BIT.maxLength ? SIXTEEN_BIT : SIXTY_FOUR_BIT;
    }

    /**
     * For example "16-bit extended length (7-bit field = 126)".
     *
     * @return a short label for annotated dumps
     */
    public String describe() {
        return switch (this) {
            case SEVEN_BIT -> "7-bit length (in the 7-bit field itself)";
            case SIXTEEN_BIT -> "16-bit extended length (7-bit field = 126)";
            case SIXTY_FOUR_BIT -> "64-bit extended length (7-bit field = 127)";
        };
    }
}
