package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code permessage-deflate} offer of a client, as values (RFC 7692 §7.1).
 *
 * @param serverNoContextTakeover     the client asks the server to reset its compressor after every message (§7.1.1.1)
 * @param clientNoContextTakeover     the client announces it resets its own compressor after every message (§7.1.1.2)
 * @param serverMaxWindowBits         the largest window the server may compress with, if the client limits it (§7.1.2.1)
 * @param clientMaxWindowBitsAccepted the client can honour a limit on its own window (§7.1.2.2); a server may
 *                                    answer with {@code client_max_window_bits} only then
 * @param clientMaxWindowBits         a hint: the window the client will use at most, if it said (§7.1.2.2)
 */
public record DeflateOffer(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                           OptionalInt serverMaxWindowBits, boolean clientMaxWindowBitsAccepted,
                           OptionalInt clientMaxWindowBits) {

    /**
     * Checks the window values are 8 to 15 and that a client window value comes with the flag.
     *
     * @param serverNoContextTakeover     whether to send {@code server_no_context_takeover}
     * @param clientNoContextTakeover     whether to send {@code client_no_context_takeover}
     * @param serverMaxWindowBits         8 to 15, or empty to leave the server's window alone
     * @param clientMaxWindowBitsAccepted whether to send {@code client_max_window_bits}
     * @param clientMaxWindowBits         8 to 15, or empty to send the parameter without a value
     * @throws IllegalArgumentException for a value out of range, or a client value without the flag
     */
    public DeflateOffer {
        Objects.requireNonNull(serverMaxWindowBits, "serverMaxWindowBits");
        Objects.requireNonNull(clientMaxWindowBits, "clientMaxWindowBits");
        requireBits(serverMaxWindowBits);
        requireBits(clientMaxWindowBits);
        if (clientMaxWindowBits.isPresent() && !clientMaxWindowBitsAccepted) {
            throw new IllegalArgumentException("a client_max_window_bits value needs clientMaxWindowBitsAccepted");
        }
    }

    /**
     * What browsers offer and what wslab's client offers by default:
     * {@code permessage-deflate; client_max_window_bits} — context takeover both ways, and the server
     * may limit our window (we can honour any limit).
     *
     * @return the default offer
     */
    public static DeflateOffer standard() {
        return new DeflateOffer(false, false, OptionalInt.empty(), true, OptionalInt.empty());
    }

    /**
     * The offer as a header element, parameters in the RFC's order.
     *
     * @return e.g. {@code permessage-deflate; client_max_window_bits}
     */
    public ExtensionOffer toExtension() {
        List<ExtensionParameter> params = new ArrayList<>();
        if (serverNoContextTakeover) {
            params.add(ExtensionParameter.of(PerMessageDeflate.SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            params.add(ExtensionParameter.of(PerMessageDeflate.CLIENT_NO_CONTEXT_TAKEOVER));
        }
        serverMaxWindowBits.ifPresent(b -> params.add(
                ExtensionParameter.of(PerMessageDeflate.SERVER_MAX_WINDOW_BITS, Integer.toString(b))));
        if (clientMaxWindowBitsAccepted) {
            params.add(clientMaxWindowBits.isPresent()
                    ? ExtensionParameter.of(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits.getAsInt()))
                    : ExtensionParameter.of(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS));
        }
        return new ExtensionOffer(PerMessageDeflate.NAME, params);
    }

    /**
     * Reads an offer, checking each parameter (RFC 7692 §7.1).
     *
     * @param element a {@code permessage-deflate} element from a client's {@code Sec-WebSocket-Extensions}
     * @return the checks made, one per parameter, and the offer when all passed
     */
    public static Reading read(ExtensionOffer element) {
        List<HandshakeCheck> checks = PerMessageDeflate.checkParameters(element, false);
        if (!PerMessageDeflate.allPassed(checks)) {
            return new Reading(checks, Optional.empty());
        }
        Optional<String> clientBits = element.parameter(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS).flatMap(ExtensionParameter::value);
        return new Reading(checks, Optional.of(new DeflateOffer(
                element.parameter(PerMessageDeflate.SERVER_NO_CONTEXT_TAKEOVER).isPresent(),
                element.parameter(PerMessageDeflate.CLIENT_NO_CONTEXT_TAKEOVER).isPresent(),
                bits(element, PerMessageDeflate.SERVER_MAX_WINDOW_BITS),
                element.parameter(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS).isPresent(),
                clientBits.isPresent() ? PerMessageDeflate.parseWindowBits(clientBits.get()) : OptionalInt.empty())));
    }

    /**
     * Whether a server's answer is one this offer allows (RFC 7692 §7.1.1.1, §7.1.2.1, §7.1.2.2): the
     * server echoed {@code server_no_context_takeover} if we asked for it, kept its window within our
     * limit, and limits our window only if we said it may, and not above our hint.
     *
     * @param answer the agreed parameters read from the server's answer
     * @return empty when allowed, else why not in one sentence
     */
    public Optional<String> problemWith(DeflateParameters answer) {
        if (serverNoContextTakeover && !answer.serverNoContextTakeover()) {
            return Optional.of("we asked for server_no_context_takeover and the answer lacks it (§7.1.1.1)");
        }
        if (serverMaxWindowBits.isPresent() && answer.serverMaxWindowBits() > serverMaxWindowBits.getAsInt()) {
            return Optional.of("server_max_window_bits=" + answer.serverMaxWindowBits() + " is above the "
                    + serverMaxWindowBits.getAsInt() + " we offered (§7.1.2.1)");
        }
        if (answer.clientMaxWindowBits() < PerMessageDeflate.MAX_WINDOW_BITS || answer.clientWindowAnswered()) {
            if (!clientMaxWindowBitsAccepted) {
                return Optional.of("the answer has client_max_window_bits, which we did not offer (§7.1.2.2)");
            }
            if (clientMaxWindowBits.isPresent() && answer.clientMaxWindowBits() > clientMaxWindowBits.getAsInt()) {
                return Optional.of("client_max_window_bits=" + answer.clientMaxWindowBits() + " is above the "
                        + clientMaxWindowBits.getAsInt() + " we offered (§7.1.2.2)");
            }
        }
        return Optional.empty();
    }

    private static OptionalInt bits(ExtensionOffer element, String name) {
        Optional<String> value = element.parameter(name).flatMap(ExtensionParameter::value);
        return value.isPresent() ? PerMessageDeflate.parseWindowBits(value.get()) : OptionalInt.empty();
    }

    private static void requireBits(OptionalInt bits) {
        if (bits.isPresent() && (bits.getAsInt() < PerMessageDeflate.MIN_WINDOW_BITS
                || bits.getAsInt() > PerMessageDeflate.MAX_WINDOW_BITS)) {
            throw new IllegalArgumentException("window bits must be 8 to 15 (RFC 7692 §7.1.2), was " + bits.getAsInt());
        }
    }

    /**
     * The outcome of reading one offer.
     *
     * @param checks one verdict per parameter, in order
     * @param offer  the offer; empty when a check failed and the offer must be declined (§7.1)
     */
    public record Reading(List<HandshakeCheck> checks, Optional<DeflateOffer> offer) {
        /**
         * Copies {@code checks}.
         *
         * @param checks one verdict per parameter; copied
         * @param offer  the offer when every check passed
         */
        public Reading {
            checks = List.copyOf(checks);
            Objects.requireNonNull(offer, "offer");
        }
    }
}
