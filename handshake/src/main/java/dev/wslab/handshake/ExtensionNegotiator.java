package dev.wslab.handshake;

import java.util.List;

/**
 * The server's decision about which offered extensions to use (RFC 6455 §4.2.2 step 5.6, §9.1).
 *
 * <p>Given the client's offers in the client's order of preference, return the extensions to accept,
 * with the parameters the server answers with; they are sent back in
 * {@code Sec-WebSocket-Extensions}. Return only extensions that were offered and that this server
 * really implements on its frames: anything else makes a conforming client fail the connection
 * (RFC 6455 §4.1, client check 5). {@link ServerHandshake} enforces that the names were offered.
 */
@FunctionalInterface
public interface ExtensionNegotiator {

    /**
     * The extensions to accept, in the order they apply; an empty list declines all.
     *
     * @param offers the client's offers from {@code Sec-WebSocket-Extensions}, most preferred first;
     *               empty when the client offered none
     * @return a subset of the offered names with the parameters to answer with; never null
     */
    List<ExtensionOffer> negotiate(List<ExtensionOffer> offers);

    /**
     * The reasons for {@link #negotiate(List)}'s answer, for reports such as {@code ./wslab explain}:
     * each offer and parameter considered, with its verdict. A failed check here declines an offer; it
     * never refuses the handshake.
     *
     * @param offers the client's offers, most preferred first
     * @return the verdicts in order; empty for a negotiator that gives no reasons
     */
    default List<HandshakeCheck> explain(List<ExtensionOffer> offers) {
        return List.of();
    }

    /**
     * Declines every extension: the right answer for a server that implements none.
     *
     * @return a negotiator that always answers with an empty list, so no extension header is sent
     */
    static ExtensionNegotiator declineAll() {
        return offers -> List.of();
    }
}
