package dev.wslab.chat.web;

import dev.wslab.chat.ServerContext;
import dev.wslab.chat.ServerExtension;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.rooms.ChatService;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/rooms} with {@code Authorization: Bearer <jwt>}: the rooms that have members now and
 * who is in each, for the page's room list (the chat protocol announces joins and leaves, but a page
 * that just joined also needs to know who was there before it).
 *
 * <pre>{"rooms": [{"name": "lobby", "members": ["ada", "bob"]}, …]}</pre>
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
            List<Map<String, Object>> rooms = new ArrayList<>();
            for (String name : new TreeSet<>(chat.roomNames())) {
                List<String> members = chat.members(name);
                if (members.isEmpty()) {
                    continue; // emptied between the two calls
                }
                Map<String, Object> room = new LinkedHashMap<>();
                room.put("name", name);
                room.put("members", members);
                rooms.add(room);
            }
            JsonHttp.send(exchange, 200, Map.of("rooms", rooms));
        });
    }
}
