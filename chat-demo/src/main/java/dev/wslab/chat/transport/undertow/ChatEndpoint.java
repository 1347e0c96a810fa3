package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.CommandThrottle;
import dev.wslab.chat.protocol.RateLimitReply;
import dev.wslab.chat.rooms.ChatService;
import dev.wslab.chat.rooms.ChatSession;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Limits;
import dev.wslab.framing.codec.Payload;
import dev.wslab.handshake.ServerHandshake;

/**
 * The chat over WebSocket: one {@link ChatSession} per connection. The session's sink is the
 * connection's bounded inbox, so broadcasts from other connections' threads never block; each text
 * message is a command whose reply goes back on the same connection, after any broadcast it caused.
 */
final class ChatEndpoint implements Endpoint {

    /** The subprotocol of this chat's JSON messages (RFC 6455 §1.9). */
    static final String SUBPROTOCOL = "wslab.chat.v1";

    /** The close code for an expired token: the chat's own, from the private range (RFC 6455 §7.4.2). */
    static final int TOKEN_EXPIRED = 4001;

    private final ChatService chat;
    private final ServerHandshake handshake;
    private final Limits limits;
    private final long maxOutboundBytes;
    private final ChatLimits chatLimits;

    ChatEndpoint(ChatService chat, ServerHandshake handshake, Limits limits, long maxOutboundBytes, ChatLimits chatLimits) {
        this.chatLimits = chatLimits;
        this.chat = chat;
        this.handshake = handshake;
        this.limits = limits;
        this.maxOutboundBytes = maxOutboundBytes;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public boolean requiresToken() {
        return true;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    @Override
    public Application open(WebSocketPeer peer, TokenCheck.Valid auth) {
        ChatSession session = chat.connect(auth.user(), event -> peer.sendText(event.json()));
        // The token that opened the connection bounds its life: when it expires, the chat closes with 4001.
        peer.closeAt(auth.expiresAt(), TOKEN_EXPIRED, "token expired");
        CommandThrottle throttle = new CommandThrottle(chatLimits);
        return new Application() {
            @Override
            public void onText(String text) {
                CommandThrottle.Verdict verdict = throttle.next();
                if (verdict == CommandThrottle.Verdict.ALLOW) {
                    peer.sendText(session.handleText(text).json());
                    return;
                }
                peer.sendText(chat.codec().encode(RateLimitReply.refusal(chat.codec(), text, chatLimits)).json());
                if (verdict == CommandThrottle.Verdict.ABUSE) {
                    // RFC 6455 §7.4.1: 1008, the client broke our policy (it ignores rate_limited).
                    peer.close(CloseCode.POLICY_VIOLATION.code(), "too many commands: rate limit ignored");
                }
            }

            @Override
            public void onBinary(Payload payload) {
                // RFC 6455 §7.4.1: 1003 tells the peer we cannot accept this type of data.
                peer.close(CloseCode.UNSUPPORTED_DATA.code(), "this chat speaks JSON text messages only");
            }

            @Override
            public void onClosed(String reason) {
                session.disconnect(reason);
            }
        };
    }
}
