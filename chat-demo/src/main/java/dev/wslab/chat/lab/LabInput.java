package dev.wslab.chat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;

/** Reading the fields of a lab request, with messages a student understands. */
final class LabInput {
    /** The most bytes a pasted frame may have: enough for every example, small enough to answer at once. */
    static final int MAX_FRAME_BYTES = 16 * 1024;
    /** The longest request head the handshake lab takes (twice wslab's parser limit, so its 431 can be seen). */
    static final int MAX_REQUEST_CHARS = 16 * 1024;

    private LabInput() {}

    static String text(JsonNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new LabInputException("bad_input", "'" + field + "' must be a string");
        }
        return node.asText();
    }

    static String requiredText(JsonNode body, String field) {
        String value = text(body, field, null);
        if (value == null) {
            throw new LabInputException("bad_input", "'" + field + "' is missing");
        }
        return value;
    }

    static boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new LabInputException("bad_input", "'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    /**
     * Bytes written as hex: pairs of digits, with any spaces, line breaks, commas, colons or {@code 0x} between.
     *
     * @throws LabInputException naming the first character that is not a hex digit, or an odd count
     */
    static byte[] hex(String text, String what, int maxBytes) {
        String digits = text.replaceAll("0[xX]", "").replaceAll("[\\s,:]+", "");
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (Character.digit(c, 16) < 0) {
                throw new LabInputException("not_hex", what + " is not hex: '" + printable(c)
                        + "' is not a hex digit (use 0-9 and a-f, two digits per byte, e.g. 81 05 48 65 6c 6c 6f)");
            }
        }
        if (digits.length() % 2 != 0) {
            throw new LabInputException("not_hex", what + " has an odd number of hex digits (" + digits.length()
                    + "): every byte is two digits");
        }
        if (digits.length() / 2 > maxBytes) {
            throw new LabInputException("too_large", what + " has " + digits.length() / 2 + " bytes; the lab takes at most "
                    + maxBytes);
        }
        return HexFormat.of().parseHex(digits);
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
