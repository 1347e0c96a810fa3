package dev.wslab.chat.transport.undertow;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.framing.deflate.PerMessageDeflateExtension;
import dev.wslab.handshake.DeflateParameters;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.PerMessageDeflateNegotiator;

import java.util.Optional;

/**
 * The chat server's permessage-deflate policy (RFC 7692), in one place: which offers the handshake
 * accepts, and how a connection whose handshake agreed on it compresses. The choices and what they cost
 * (memory per connection against bytes on the wire) are measured and justified in the chat-demo README,
 * section <i>Compression (permessage-deflate)</i>; {@code --no-deflate} declines every offer.
 */
final class DeflatePolicy {
    /**
     * The handshake module's defaults: the first valid offer is accepted with context takeover both ways and
     * every window a client asks for, 8 to 15 bits.
     */
    static final PerMessageDeflateNegotiator NEGOTIATOR = PerMessageDeflateNegotiator.withDefaults();
    /** zlib's own balance of speed and ratio. */
    static final int LEVEL = PerMessageDeflateExtension.DEFAULT_LEVEL;
    /** Shorter messages go out uncompressed (RSV1 = 0): DEFLATE's block overhead would outweigh the gain. */
    static final int MIN_MESSAGE_SIZE = PerMessageDeflateExtension.DEFAULT_MIN_MESSAGE_SIZE;

    private DeflatePolicy() {
    }

    /**
     * The server's connection for a handshake it accepted: with permessage-deflate when the answer carries
     * it (the agreed windows and context takeover, §7.1), plain otherwise.
     *
     * @param accepted the handshake's answer
     * @param limits   frame and message limits; an inflated message counts against the message limit
     * @return the sans-IO connection; it frees zlib's native memory on every way it ends
     */
    static WebSocketConnection connection(HandshakeDecision.Accepted accepted, Limits limits) {
        Optional<DeflateParameters> agreed = DeflateParameters.agreedIn(accepted.extensions());
        if (agreed.isEmpty()) {
            return new WebSocketConnection(Role.SERVER, limits);
        }
        DeflateParameters p = agreed.get();
        return WebSocketConnection.withExtension(Role.SERVER, limits, MaskingKeySource.fixed(0),
                PerMessageDeflateExtension.agreed(Role.SERVER, p.serverNoContextTakeover(), p.clientNoContextTakeover(),
                        p.serverMaxWindowBits(), p.clientMaxWindowBits(), LEVEL, MIN_MESSAGE_SIZE));
    }
}
