package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server's choice among {@code permessage-deflate} offers (RFC 7692 §5, §7.1): the first offer, in
 * the client's order of preference, that is valid and that this server can honour is accepted; every
 * other is declined, which is always allowed (§5: the server answers without the extension).
 *
 * <p>An offer is declined when it has an unknown parameter, a parameter twice, or a value out of range
 * (§7.1), or asks for a server window smaller than {@link Builder#minServerWindowBits(int)}.
 *
 * <p>Defaults, and why (memory per connection against compression ratio):
 * <ul>
 * <li>context takeover both ways (no {@code *_no_context_takeover} asked): chat lines repeat the
 *     same JSON keys, so a compressor that remembers earlier messages shrinks them several times
 *     more; the price is keeping one compressor and one decompressor per connection (the JDK's
 *     zlib: about 256 KiB and 40 KiB of native memory), which we hold anyway;</li>
 * <li>windows of 2^15: the most the RFC allows and the only size the JDK's {@code Deflater} has;</li>
 * <li>every window a client asks for, 8 to 15, is honoured ({@code minServerWindowBits} = 8): the
 *     compressor in {@code framing} keeps its back-references inside a smaller window by flushing
 *     the dictionary every 2^n bytes of input, costing ratio but never correctness.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class PerMessageDeflateNegotiator implements ExtensionNegotiator {
    private final boolean requestServerNoContextTakeover;
    private final boolean requestClientNoContextTakeover;
    private final int serverWindowBits;
    private final int clientWindowBits;
    private final int minServerWindowBits;

    private PerMessageDeflateNegotiator(Builder b) {
        this.requestServerNoContextTakeover = b.serverNoContextTakeover;
        this.requestClientNoContextTakeover = b.clientNoContextTakeover;
        this.serverWindowBits = b.serverWindowBits;
        this.clientWindowBits = b.clientWindowBits;
        this.minServerWindowBits = b.minServerWindowBits;
    }

    /**
     * A negotiator with the defaults in the class comment.
     *
     * @return a negotiator that accepts every valid offer with context takeover both ways
     */
    public static PerMessageDeflateNegotiator withDefaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults in the class comment.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ExtensionOffer> negotiate(List<ExtensionOffer> offers) {
        return decide(offers).accepted().map(p -> List.of(p.toAnswer())).orElse(List.of());
    }

    @Override
    public List<HandshakeCheck> explain(List<ExtensionOffer> offers) {
        return decide(offers).checks();
    }

    /**
     * The decision with its reasons: every offer considered, each parameter checked, and the answer.
     *
     * @param offers every extension the client offered, most preferred first; other extensions are skipped
     * @return the checks in order and the accepted parameters, if any offer was accepted
     */
    public Negotiation decide(List<ExtensionOffer> offers) {
        List<HandshakeCheck> checks = new ArrayList<>();
        int number = 0;
        for (ExtensionOffer offer : offers) {
            if (!PerMessageDeflate.isPerMessageDeflate(offer)) {
                checks.add(PerMessageDeflate.fail("offer " + HttpSyntax.quoteForMessage(offer.toHeaderValue()), "§5",
                        "declined: this server implements no extension " + HttpSyntax.quoteForMessage(offer.name())));
                continue;
            }
            number++;
            String label = "permessage-deflate offer " + number + ": " + offer.toHeaderValue();
            DeflateOffer.Reading reading = DeflateOffer.read(offer);
            for (HandshakeCheck c : reading.checks()) {
                checks.add(new HandshakeCheck("offer " + number + " parameter " + c.rule(), c.rfcSection(), c.passed(), c.detail()));
            }
            if (reading.offer().isEmpty()) {
                checks.add(PerMessageDeflate.fail(label, "§7.1", "declined: a parameter above is invalid"));
                continue;
            }
            DeflateOffer valid = reading.offer().get();
            if (valid.serverMaxWindowBits().isPresent() && valid.serverMaxWindowBits().getAsInt() < minServerWindowBits) {
                checks.add(PerMessageDeflate.fail(label, "§7.1.2.1", "declined: the client asks for a server window of 2^"
                        + valid.serverMaxWindowBits().getAsInt() + ", below this server's minimum of 2^" + minServerWindowBits));
                continue;
            }
            DeflateParameters answer = answerTo(valid);
            checks.add(PerMessageDeflate.pass(label, "§7.1", "accepted: answer "
                    + HttpSyntax.quoteForMessage(answer.toAnswer().toHeaderValue())));
            return new Negotiation(checks, Optional.of(answer));
        }
        return new Negotiation(checks, Optional.empty());
    }

    /** The answer to an offer we can honour: the offer's limits, tightened by our own policy. */
    private DeflateParameters answerTo(DeflateOffer offer) {
        // §7.1.1.1: a server_no_context_takeover in the offer must be echoed; we may add it unasked.
        boolean serverReset = offer.serverNoContextTakeover() || requestServerNoContextTakeover;
        // §7.1.1.2: the server may always ask the client to reset; the client may also have announced it.
        boolean clientReset = offer.clientNoContextTakeover() || requestClientNoContextTakeover;
        // §7.1.2.1: answer with the offered limit or smaller.
        int serverBits = Math.min(serverWindowBits, offer.serverMaxWindowBits().orElse(PerMessageDeflate.MAX_WINDOW_BITS));
        // §7.1.2.2: limit the client only if it said it can honour a limit, and never above its hint.
        int clientBits = PerMessageDeflate.MAX_WINDOW_BITS;
        boolean answerClientBits = false;
        if (offer.clientMaxWindowBitsAccepted() && clientWindowBits < PerMessageDeflate.MAX_WINDOW_BITS) {
            clientBits = Math.min(clientWindowBits, offer.clientMaxWindowBits().orElse(PerMessageDeflate.MAX_WINDOW_BITS));
            answerClientBits = true;
        }
        return new DeflateParameters(serverReset, clientReset, serverBits, clientBits, answerClientBits);
    }

    /**
     * The outcome of negotiating {@code permessage-deflate}.
     *
     * @param checks   every offer and parameter considered, in order, with its verdict
     * @param accepted the agreed parameters; empty when every offer was declined
     */
    public record Negotiation(List<HandshakeCheck> checks, Optional<DeflateParameters> accepted) {
        /**
         * Copies {@code checks}.
         *
         * @param checks   the verdicts in order; copied
         * @param accepted the agreed parameters, if any offer was accepted
         */
        public Negotiation {
            checks = List.copyOf(checks);
            java.util.Objects.requireNonNull(accepted, "accepted");
        }
    }

    /** Configures a {@link PerMessageDeflateNegotiator}. */
    public static final class Builder {
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int serverWindowBits = PerMessageDeflate.MAX_WINDOW_BITS;
        private int clientWindowBits = PerMessageDeflate.MAX_WINDOW_BITS;
        private int minServerWindowBits = PerMessageDeflate.MIN_WINDOW_BITS;

        private Builder() {
        }

        /**
         * Whether the server resets its compressor after every message even when not asked (§7.1.1.1).
         *
         * @param on true to always answer {@code server_no_context_takeover}; default false
         * @return this builder, for chaining
         */
        public Builder serverNoContextTakeover(boolean on) {
            this.serverNoContextTakeover = on;
            return this;
        }

        /**
         * Whether to ask every client to reset its compressor after every message (§7.1.1.2), which
         * lets the server's decompressor forget between messages.
         *
         * @param on true to always answer {@code client_no_context_takeover}; default false
         * @return this builder, for chaining
         */
        public Builder clientNoContextTakeover(boolean on) {
            this.clientNoContextTakeover = on;
            return this;
        }

        /**
         * The window the server compresses with at most (§7.1.2.1); below 15 it is announced in the answer.
         *
         * @param bits 8 to 15; default 15
         * @return this builder, for chaining
         */
        public Builder serverWindowBits(int bits) {
            this.serverWindowBits = requireBits(bits);
            return this;
        }

        /**
         * The window to ask clients to compress with at most (§7.1.2.2); asked only of clients whose
         * offer carries {@code client_max_window_bits}.
         *
         * @param bits 8 to 15; default 15 (ask nothing)
         * @return this builder, for chaining
         */
        public Builder clientWindowBits(int bits) {
            this.clientWindowBits = requireBits(bits);
            return this;
        }

        /**
         * The smallest server window a client may ask for; offers asking for less are declined (§7.1.2.1
         * allows declining). 15 behaves like a compressor that cannot shrink its window.
         *
         * @param bits 8 to 15; default 8 (honour every request)
         * @return this builder, for chaining
         */
        public Builder minServerWindowBits(int bits) {
            this.minServerWindowBits = requireBits(bits);
            return this;
        }

        /**
         * Freezes the policy.
         *
         * @return the negotiator
         */
        public PerMessageDeflateNegotiator build() {
            return new PerMessageDeflateNegotiator(this);
        }

        private static int requireBits(int bits) {
            if (bits < PerMessageDeflate.MIN_WINDOW_BITS || bits > PerMessageDeflate.MAX_WINDOW_BITS) {
                throw new IllegalArgumentException("window bits must be 8 to 15 (RFC 7692 §7.1.2), was " + bits);
            }
            return bits;
        }
    }
}
