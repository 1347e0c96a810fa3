package dev.wslab.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.RateLimit;

/** The {@code error rate_limited} reply to a command the session's rate limit refused. */
public final class RateLimitReply {

    private RateLimitReply() {}

    /**
     * The refusal of {@code text}, carrying the command's {@code id} when it has a readable one so the
     * client can tell which command was dropped.
     *
     * @param codec  the chat's codec
     * @param text   the refused command as the client sent it
     * @param limits the limits in force (named in the reason)
     * @return the error event
     */
    public static ServerEvent.Error refusal(ProtocolCodec codec, String text, ChatLimits limits) {
        String id = null;
        try {
            JsonNode idNode = codec.mapper().readTree(text).get("id");
            if (idNode != null && (idNode.isTextual() || idNode.isNumber())) {
                id = idNode.asText();
            }
        } catch (Exception unreadable) {
            // no id to echo
        }
        RateLimit rate = limits.messageRate();
        return ServerEvent.Error.of(id, ErrorCode.RATE_LIMITED, "too many commands: at most " + rate.permits()
                + " per " + rate.period().toMillis() / 1000.0 + " s; this one was dropped, slow down"
                + " (ignoring this ends the session)");
    }
}
