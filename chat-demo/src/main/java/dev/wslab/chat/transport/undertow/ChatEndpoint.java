package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.CommandThrottle;
import dev.wslab.chat.metrics.ChatMetrics;
import dev.wslab.chat.protocol.RateLimitReply;
import dev.wslab.chat.rooms.ChatService;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.session.Session;
import dev.wslab.chat.session.SessionConnection;
import dev.wslab.chat.session.SessionRegistry;
import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Limits;
import dev.wslab.framing.codec.Payload;
import dev.wslab.handshake.ServerHandshake;

/**
 * The chat over WebSocket: each connection carries one {@link Session} (a fresh one, or a resumed one).
 * The session's sink is the connection's bounded inbox, so broadcasts from other connections' threads never block; each text
 * message is a command whose reply goes back on the same connection, after any broadcast it caused.
 */
final class ChatEndpoint implements Endpoint {

    /** The subprotocol of this chat's JSON messages (RFC 6455 §1.9). */
    static final String SUBPROTOCOL = "wslab.chat.v1";

    /** The close code for an expired token: the chat's own, from the private range (RFC 6455 §7.4.2). */
    static final int TOKEN_EXPIRED = 4001;

    /** The close code for a connection whose session a newer connection resumed (a half-open one). */
    static final int SESSION_RESUMED_ELSEWHERE = 4002;

    private final ChatService chat;
    private final SessionRegistry sessions;
    private final ServerHandshake handshake;
    private final Limits limits;
    private final long maxOutboundBytes;
    private final ChatLimits chatLimits;
    private final ChatMetrics metrics;

    ChatEndpoint(ChatService chat, SessionRegistry sessions, ServerHandshake handshake, Limits limits, long maxOutboundBytes,
                 ChatLimits chatLimits, ChatMetrics metrics) {
        this.metrics = metrics;
        this.sessions = sessions;
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
        // The connection carries a session (SessionConnection): a fresh one, or after a 'resume' the one
        // the client had before its connection dropped. Presence and resume rules live there.
        SessionConnection session = new SessionConnection(sessions, chat.codec(), auth.user(), new Session.Attachment() {
            @Override
            public void send(String json) {
                peer.sendText(json);
            }

            @Override
            public void replaced(String why) {
                peer.close(SESSION_RESUMED_ELSEWHERE, why);
            }
        });
        // The token that opened the connection bounds its life: when it expires, the chat closes with 4001.
        peer.closeAt(auth.expiresAt(), TOKEN_EXPIRED, "token expired");
        CommandThrottle throttle = new CommandThrottle(chatLimits);
        return new Application() {
            @Override
            public void onText(String text) {
                CommandThrottle.Verdict verdict = throttle.next();
                if (verdict == CommandThrottle.Verdict.ALLOW) {
                    EncodedEvent reply = session.handleText(text);
                    if (reply != null) { // null: the reply goes (or will go, on a cluster) through the session's sink
                        peer.sendText(reply.json());
                    }
                    return;
                }
                metrics.rateLimited(ChatMetrics.Limit.MESSAGE_RATE, ChatMetrics.WEBSOCKET);
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
                session.closed(reason);
            }

            @Override
            public void onDropped(String reason) {
                session.dropped(reason);
            }
        };
    }
}
