package dev.wslab.chat.web;

import dev.wslab.chat.ServerContext;
import dev.wslab.chat.ServerExtension;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.rooms.ChatService;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code GET /api/rooms} with {@code Authorization: Bearer <jwt>}: the rooms that have members now and
 * who is in each, for the page's room list (the chat protocol announces joins and leaves, but a page
 * that just joined also needs to know who was there before it).
 *
 * <p>Paginated, sorted by name: {@code ?limit=N} (1 to {@code roomsPageSize}, default the page size)
 * and {@code ?after=<the previous page's next>}:
 * <pre>{"rooms": [{"name": "lobby", "memberCount": 2, "members": ["ada", "bob"]}, …],
 *  "total": 120, "next": "lobby"}</pre>
 * {@code next} is {@code null} on the last page; {@code total} counts every room now.
 */
public final class RoomDirectory implements ServerExtension {

    public static final String PATH = "/api/rooms";

    @Override
    public void register(ServerContext context, PathHandler routes) {
        ChatService chat = context.chat();
        routes.addExactPath(PATH, exchange -> {
            if (!exchange.getRequestMethod().equals(Methods.GET)) {
                exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
                JsonHttp.sendError(exchange, 405, "method_not_allowed", "use GET");
                return;
            }
            TokenCheck check = context.authenticator().check(exchange);
            if (check instanceof TokenCheck.Invalid invalid) {
                BearerAuthenticator.sendUnauthorized(exchange, invalid.description());
                return;
            }
            int pageSize = context.config().limits().roomsPageSize();
            int limit = pageSize;
            String limitText = first(exchange, "limit");
            if (limitText != null) {
                try {
                    limit = Integer.parseInt(limitText);
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > pageSize) {
                    JsonHttp.sendError(exchange, 400, "bad_limit", "limit is a whole number from 1 to " + pageSize);
                    return;
                }
            }
            String after = first(exchange, "after");
            TreeSet<String> names = new TreeSet<>(chat.roomNames());
            SortedSet<String> rest = after == null ? names : names.tailSet(after, false);
            List<Map<String, Object>> rooms = new ArrayList<>();
            String next = null;
            for (String name : rest) {
                if (rooms.size() == limit) {
                    next = rooms.get(rooms.size() - 1).get("name").toString();
                    break;
                }
                List<String> members = chat.members(name);
                if (members.isEmpty()) {
                    continue; // emptied between the two calls
                }
                Map<String, Object> room = new LinkedHashMap<>();
                room.put("name", name);
                room.put("memberCount", members.size());
                room.put("members", members);
                rooms.add(room);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rooms", rooms);
            body.put("total", names.size());
            body.put("next", next);
            JsonHttp.send(exchange, 200, body);
        });
    }

    private static String first(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
