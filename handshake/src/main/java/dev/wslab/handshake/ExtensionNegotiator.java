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

    /** The extensions to accept, in the order they apply; an empty list declines all. */
    List<ExtensionOffer> negotiate(List<ExtensionOffer> offers);

    /** Declines every extension: the right answer for a server that implements none. */
    static ExtensionNegotiator declineAll() {
        return offers -> List.of();
    }
}
