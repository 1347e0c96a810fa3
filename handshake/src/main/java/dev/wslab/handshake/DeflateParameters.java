package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code permessage-deflate} settings both sides agreed on: what the server's answer says
 * (RFC 7692 §7.1). A parameter the answer leaves out has its default: context takeover on, a 15-bit
 * (32 KiB) window.
 *
 * @param serverNoContextTakeover the server resets its compressor after every message (§7.1.1.1)
 * @param clientNoContextTakeover the client resets its compressor after every message (§7.1.1.2)
 * @param serverMaxWindowBits     the server compresses with a window of at most 2^n bytes (§7.1.2.1)
 * @param clientMaxWindowBits     the client compresses with a window of at most 2^n bytes (§7.1.2.2)
 * @param clientWindowAnswered    whether the answer carries {@code client_max_window_bits} (even with 15),
 *                                which is allowed only if the client offered it
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits, boolean clientWindowAnswered) {

    /** Both sides with context takeover and 15-bit windows: the answer {@code permessage-deflate} alone. */
    public static final DeflateParameters DEFAULTS = new DeflateParameters(false, false, 15, 15, false);

    /**
     * Checks both window sizes are 8 to 15.
     *
     * @param serverNoContextTakeover whether the server resets per message
     * @param clientNoContextTakeover whether the client resets per message
     * @param serverMaxWindowBits     8 to 15
     * @param clientMaxWindowBits     8 to 15
     * @param clientWindowAnswered    whether {@code client_max_window_bits} is written in the answer
     * @throws IllegalArgumentException for a window out of range
     */
    public DeflateParameters {
        for (int bits : new int[] {serverMaxWindowBits, clientMaxWindowBits}) {
            if (bits < PerMessageDeflate.MIN_WINDOW_BITS || bits > PerMessageDeflate.MAX_WINDOW_BITS) {
                throw new IllegalArgumentException("window bits must be 8 to 15 (RFC 7692 §7.1.2), was " + bits);
            }
        }
    }

    /**
     * Reads a server's answer, checking each parameter (RFC 7692 §7.1).
     *
     * @param answer the {@code permessage-deflate} element of a 101 response
     * @return the checks, one per parameter, and the parameters when every check passed
     */
    public static Reading read(ExtensionOffer answer) {
        List<HandshakeCheck> checks = PerMessageDeflate.checkParameters(answer, true);
        if (!PerMessageDeflate.allPassed(checks)) {
            return new Reading(checks, Optional.empty());
        }
        return new Reading(checks, Optional.of(new DeflateParameters(
                answer.parameter(PerMessageDeflate.SERVER_NO_CONTEXT_TAKEOVER).isPresent(),
                answer.parameter(PerMessageDeflate.CLIENT_NO_CONTEXT_TAKEOVER).isPresent(),
                bits(answer, PerMessageDeflate.SERVER_MAX_WINDOW_BITS),
                bits(answer, PerMessageDeflate.CLIENT_MAX_WINDOW_BITS),
                answer.parameter(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS).isPresent())));
    }

    /**
     * The agreed parameters in a list of extensions in use — the list of
     * {@link HandshakeDecision.Accepted#extensions()} or {@link ClientHandshakeResult.Established#extensions()}.
     *
     * @param inUse the extensions the handshake agreed on
     * @return the parameters when {@code permessage-deflate} is among them with valid parameters; else empty
     */
    public static Optional<DeflateParameters> agreedIn(List<ExtensionOffer> inUse) {
        for (ExtensionOffer e : inUse) {
            if (PerMessageDeflate.isPerMessageDeflate(e)) {
                return read(e).parameters();
            }
        }
        return Optional.empty();
    }

    /**
     * The answer element a server sends; parameters at their default are left out.
     *
     * @return e.g. {@code permessage-deflate; server_no_context_takeover; client_max_window_bits=10}
     */
    public ExtensionOffer toAnswer() {
        List<ExtensionParameter> params = new ArrayList<>();
        if (serverNoContextTakeover) {
            params.add(ExtensionParameter.of(PerMessageDeflate.SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            params.add(ExtensionParameter.of(PerMessageDeflate.CLIENT_NO_CONTEXT_TAKEOVER));
        }
        if (serverMaxWindowBits < PerMessageDeflate.MAX_WINDOW_BITS) {
            params.add(ExtensionParameter.of(PerMessageDeflate.SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        if (clientWindowAnswered || clientMaxWindowBits < PerMessageDeflate.MAX_WINDOW_BITS) {
            params.add(ExtensionParameter.of(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits)));
        }
        return new ExtensionOffer(PerMessageDeflate.NAME, params);
    }

    /**
     * Whether the endpoint in {@code serverSide}'s role resets its compressor after each message.
     *
     * @param serverSide true for the server's compressor, false for the client's
     * @return the matching {@code *_no_context_takeover}
     */
    public boolean noContextTakeoverFor(boolean serverSide) {
        return serverSide ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /**
     * The window the endpoint in {@code serverSide}'s role compresses with at most.
     *
     * @param serverSide true for the server's compressor, false for the client's
     * @return the matching {@code *_max_window_bits}, 8 to 15
     */
    public int windowBitsFor(boolean serverSide) {
        return serverSide ? serverMaxWindowBits : clientMaxWindowBits;
    }

    private static int bits(ExtensionOffer element, String name) {
        Optional<String> value = element.parameter(name).flatMap(ExtensionParameter::value);
        return value.isPresent() ? PerMessageDeflate.parseWindowBits(value.get()).orElseThrow()
                : PerMessageDeflate.MAX_WINDOW_BITS;
    }

    /**
     * The outcome of reading one answer.
     *
     * @param checks     one verdict per parameter, in order
     * @param parameters the agreed settings; empty when a check failed and the client must fail the connection
     */
    public record Reading(List<HandshakeCheck> checks, Optional<DeflateParameters> parameters) {
        /**
         * Copies {@code checks}.
         *
         * @param checks     one verdict per parameter; copied
         * @param parameters the settings when every check passed
         */
        public Reading {
            checks = List.copyOf(checks);
            java.util.Objects.requireNonNull(parameters, "parameters");
        }
    }
}
