/**
 * The chat's wire protocol: one JSON object per WebSocket text message (or per HTTP polling item),
 * always with a {@code type} field.
 *
 * <p>Client to server ({@link dev.wslab.chat.protocol.ClientCommand}):
 * <pre>
 * {"type":"join",    "room":"lobby",                  "id":"c1"}
 * {"type":"exit",    "room":"lobby",                  "id":"c2"}
 * {"type":"message", "room":"lobby", "message":"hi",  "id":"c3"}
 * {"type":"users",                                    "id":"c4"}
 * </pre>
 * The {@code id} is optional; when present the server answers with a reply that carries the same id:
 * {@code {"type":"ok","id":"c3","messageId":"17"}} or
 * {@code {"type":"error","id":"c3","code":"not_joined","reason":"you have not joined room 'lobby'"}}.
 * A command without an id still gets its reply (without an id), so an error is never silence.
 *
 * <p>Server to client ({@link dev.wslab.chat.protocol.ServerEvent}):
 * <pre>
 * {"type":"message",    "id":"17", "room":"lobby", "sender":{"userId":"…","userName":"ada"}, "message":"hi", "ts":1764000000000}
 * {"type":"userJoined", "room":"lobby", "userName":"ada"}     (a user's first session entered)
 * {"type":"userLeft",   "room":"lobby", "userName":"ada"}     (a user's last session left)
 * {"type":"members",    "room":"lobby", "users":["ada","bob"]}    (to a joiner, once, before its ok)
 * {"type":"users",      "id":"c4", "users":["ada","bob","eve"]}  (the reply to a users request)
 * {"type":"ok", …} / {"type":"error", …}
 * </pre>
 *
 * <p>{@link dev.wslab.chat.protocol.ProtocolCodec} turns text into commands (with a precise
 * {@link dev.wslab.chat.protocol.ErrorCode} when it cannot) and events into text.
 */
package dev.wslab.chat.protocol;
