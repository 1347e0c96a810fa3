package dev.wslab.chat.transport.polling;

import dev.wslab.chat.http.JsonHttp;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP answer to a poll, one per kind of {@link CursorRead}. Shared by the chat's polling transport
 * and the frame inspector's side channel, so both speak the same cursor protocol:
 *
 * <ul>
 *   <li>{@code 200 {"cursor": 7, "events": [ {...}, {...} ]}}: the items after the request's cursor
 *       (each one JSON object exactly as the WebSocket transport would send it as a text message); an
 *       empty list with the request's own cursor when a long poll timed out.</li>
 *   <li>{@code 410 {"error": "cursor_expired", "reason": …, "oldestCursor", "latestCursor"}}: the cursor
 *       is older than the retained window; resynchronize.</li>
 *   <li>{@code 410 {"error": "session_ended", "reason": …, "cursor"}}: nothing more will come.</li>
 *   <li>{@code 400 {"error": "bad_cursor", "reason": …, "latestCursor"}}: a cursor this log never gave out.</li>
 * </ul>
 */
public final class PollAnswers {

    private PollAnswers() {}

    /** Writes the answer for {@code read}; ends the exchange. Call on the exchange's IO thread or its handler. */
    public static void send(HttpServerExchange exchange, CursorRead read, String resyncHint) {
        if (read instanceof CursorRead.Items items) {
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender().send(itemsJson(items));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (read instanceof CursorRead.Expired expired) {
            body.put("error", "cursor_expired");
            body.put("reason", "cursor " + expired.cursor() + " is older than the retained window (the oldest cursor still "
                    + "served is " + expired.oldestCursor() + "): the events in between are gone. " + resyncHint);
            body.put("oldestCursor", expired.oldestCursor());
            body.put("latestCursor", expired.latestCursor());
            JsonHttp.send(exchange, 410, body);
        } else if (read instanceof CursorRead.Ended ended) {
            body.put("error", "session_ended");
            body.put("reason", ended.reason() + ". " + resyncHint);
            body.put("cursor", ended.cursor());
            JsonHttp.send(exchange, 410, body);
        } else {
            CursorRead.Ahead ahead = (CursorRead.Ahead) read;
            body.put("error", "bad_cursor");
            body.put("reason", "cursor " + ahead.cursor() + " was never handed out here (the newest is "
                    + ahead.latestCursor() + "); send 0 first, then the cursor of each answer");
            body.put("latestCursor", ahead.latestCursor());
            JsonHttp.send(exchange, 400, body);
        }
    }

    /** {@code {"cursor":N,"events":[…]}}; the items are already JSON, so they are joined, not re-encoded. */
    static String itemsJson(CursorRead.Items items) {
        int size = 32;
        for (String item : items.items()) {
            size += item.length() + 1;
        }
        StringBuilder out = new StringBuilder(size);
        out.append("{\"cursor\":").append(items.cursor()).append(",\"events\":[");
        for (int i = 0; i < items.items().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(items.items().get(i));
        }
        return out.append("]}").toString();
    }
}
