package dev.wslab.client;

import java.io.IOException;

/**
 * The server's answer to the upgrade request was not a valid WebSocket acceptance: a {@code 101} that
 * breaks a rule of RFC 6455 §4.1 (wrong {@code Sec-WebSocket-Accept}, a subprotocol we did not offer, …),
 * a malformed HTTP head, or no answer at all before the connection closed. RFC 6455 §4.1 says the client
 * MUST then fail the WebSocket connection; the TCP connection is already closed when this is thrown.
 */
public final class HandshakeFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the rule */
    public HandshakeFailedException(String message) {
        super(message);
    }
}
