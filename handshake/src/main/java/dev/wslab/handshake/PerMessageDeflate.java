package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The names and value rules of the {@code permessage-deflate} extension (RFC 7692 §7.1), shared by
 * the server's {@link PerMessageDeflateNegotiator} and the client's check of the answer, so each rule
 * is written once.
 *
 * <p>Four parameters exist. The two {@code *_no_context_takeover} take no value; the two
 * {@code *_max_window_bits} take a decimal from 8 to 15 without leading zeros, except that a client's
 * offer may carry {@code client_max_window_bits} without a value ("I can honour a limit").
 */
public final class PerMessageDeflate {
    /** The extension token (RFC 7692 §7). */
    public static final String NAME = "permessage-deflate";
    /** The sender named in the parameter name forgets its history after each message (§7.1.1.1). */
    public static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    /** The client forgets its compression history after each message (§7.1.1.2). */
    public static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    /** The largest LZ77 window, as a power of two, the server may compress with (§7.1.2.1). */
    public static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    /** The largest LZ77 window, as a power of two, the client may compress with (§7.1.2.2). */
    public static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    /** The smallest window a peer may ask for: 2^8 = 256 bytes (§7.1.2.1). */
    public static final int MIN_WINDOW_BITS = 8;
    /** The largest window and the default when nothing is negotiated: 2^15 = 32 KiB (§7.1.2.1). */
    public static final int MAX_WINDOW_BITS = 15;

    private PerMessageDeflate() {
    }

    /**
     * Whether an extension element is {@code permessage-deflate} (tokens compare ignoring case).
     *
     * @param extension one element of {@code Sec-WebSocket-Extensions}
     * @return true for {@code permessage-deflate} in any letter case
     */
    public static boolean isPerMessageDeflate(ExtensionOffer extension) {
        return extension.name().equalsIgnoreCase(NAME);
    }

    /**
     * Reads a window-bits value: a decimal 8 to 15, without leading zeros (RFC 7692 §7.1.2.1).
     *
     * @param value the parameter value as sent, already unquoted
     * @return the number of bits; empty when the text is not such a number
     */
    public static OptionalInt parseWindowBits(String value) {
        if (value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
            return OptionalInt.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        int bits = Integer.parseInt(value);
        return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS ? OptionalInt.of(bits) : OptionalInt.empty();
    }

    /**
     * Checks every parameter of one {@code permessage-deflate} element against RFC 7692 §7.1: known
     * names, no name twice, and the value rules of each — one {@link HandshakeCheck} per parameter, plus
     * one for an element without parameters.
     *
     * @param element  the extension element, offered or answered
     * @param inAnswer true for a server's answer, where {@code client_max_window_bits} needs a value
     *                 (§7.1.2.2); false for a client's offer
     * @return the checks in parameter order; the element is valid only if every check passed
     */
    static List<HandshakeCheck> checkParameters(ExtensionOffer element, boolean inAnswer) {
        List<HandshakeCheck> checks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String where = inAnswer ? "the answer" : "the offer";
        for (ExtensionParameter p : element.parameters()) {
            String name = p.name().toLowerCase(Locale.ROOT);
            String shown = HttpSyntax.quoteForMessage(p.toString());
            if (!seen.add(name)) {
                // RFC 7692 §7.1: an element with one parameter twice is declined (offer) or fails (answer).
                checks.add(fail(shown, "§7.1", p.name() + " appears twice in " + where));
                continue;
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER:
                case CLIENT_NO_CONTEXT_TAKEOVER:
                    checks.add(p.value().isEmpty()
                            ? pass(shown, name.startsWith("server") ? "§7.1.1.1" : "§7.1.1.2", "valid: takes no value")
                            : fail(shown, name.startsWith("server") ? "§7.1.1.1" : "§7.1.1.2",
                                    p.name() + " must not have a value"));
                    break;
                case SERVER_MAX_WINDOW_BITS:
                    checks.add(windowBits(p, shown, "§7.1.2.1", true));
                    break;
                case CLIENT_MAX_WINDOW_BITS:
                    checks.add(windowBits(p, shown, "§7.1.2.2", inAnswer));
                    break;
                default:
                    checks.add(fail(shown, "§7.1", "unknown parameter " + HttpSyntax.quoteForMessage(p.name())
                            + "; permessage-deflate defines only the four *_no_context_takeover and *_max_window_bits"));
            }
        }
        if (element.parameters().isEmpty()) {
            checks.add(pass("(no parameters)", "§7.1", "valid: both sides use context takeover and 15-bit windows"));
        }
        return checks;
    }

    private static HandshakeCheck windowBits(ExtensionParameter p, String shown, String section, boolean valueRequired) {
        if (p.value().isEmpty()) {
            return valueRequired
                    ? fail(shown, section, p.name() + " needs a value from 8 to 15 here")
                    : pass(shown, section, "valid: without a value it says the client can honour a limit");
        }
        OptionalInt bits = parseWindowBits(p.value().get());
        return bits.isPresent()
                ? pass(shown, section, "valid: a window of 2^" + bits.getAsInt() + " = " + (1 << bits.getAsInt()) + " bytes")
                : fail(shown, section, HttpSyntax.quoteForMessage(p.value().get())
                        + " is not a decimal from 8 to 15 without leading zeros");
    }

    static boolean allPassed(List<HandshakeCheck> checks) {
        for (HandshakeCheck c : checks) {
            if (!c.passed()) {
                return false;
            }
        }
        return true;
    }

    static HandshakeCheck pass(String rule, String section, String detail) {
        return new HandshakeCheck(rule, "RFC 7692 " + section, true, detail);
    }

    static HandshakeCheck fail(String rule, String section, String detail) {
        return new HandshakeCheck(rule, "RFC 7692 " + section, false, detail);
    }
}
