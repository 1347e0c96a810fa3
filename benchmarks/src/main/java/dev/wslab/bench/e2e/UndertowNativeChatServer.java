package dev.wslab.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline the wslab chat is compared with: the same chat, written on Undertow's own
 * {@code io.undertow.websockets} support (its handshake, its framing, its channels).
 *
 * <p>It speaks the same JSON as the wslab chat for the commands the runner uses — {@code join}
 * and {@code message} in, {@code message} broadcasts and {@code ok} replies (with the
 * {@code messageId}, after the broadcast) out — so both servers put the same payloads into their
 * frames and the comparison is about the WebSocket stack, not the application. (The wslab chat
 * also broadcasts presence events when users connect and join; they happen before the measured
 * window.) There is no authentication: the user name comes from the {@code name} query
 * parameter (the wslab chat checks a JWT once, at the handshake, outside the measured window).
 */
public final class UndertowNativeChatServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Undertow undertow;
    private final Map<String, Set<WebSocketChannel>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong();

    private UndertowNativeChatServer(Undertow undertow) {
        this.undertow = undertow;
    }

    /** Starts the server on 127.0.0.1 and {@code port} (0 picks a free one). */
    public static UndertowNativeChatServer start(int port) {
        UndertowNativeChatServer[] self = new UndertowNativeChatServer[1];
        WebSocketConnectionCallback callback = (exchange, channel) -> self[0].onConnect(exchange, channel);
        WebSocketProtocolHandshakeHandler websocket = new WebSocketProtocolHandshakeHandler(
                List.of(new Hybi13Handshake(Set.of(ChatWire.SUBPROTOCOL), false)), callback);
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setServerOption(UndertowOptions.ENABLE_STATISTICS, false)
                .setHandler(websocket)
                .build();
        self[0] = new UndertowNativeChatServer(undertow);
        undertow.start();
        return self[0];
    }

    /** The port the server listens on. */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        List<String> names = exchange.getRequestParameters().get("name");
        String userName = names == null || names.isEmpty() ? "anonymous" : names.get(0);
        // A UUID like the wslab chat's account ids, so that both servers send events of the same size.
        String userId = UUID.randomUUID().toString();
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel from, BufferedTextMessage message) {
                onCommand(from, userId, userName, message.getData());
            }

            @Override
            protected void onError(WebSocketChannel from, Throwable error) {
                leaveAll(from);
                super.onError(from, error);
            }
        });
        channel.addCloseTask(this::leaveAll);
        channel.resumeReceives();
    }

    private void onCommand(WebSocketChannel from, String userId, String userName, String text) {
        JsonNode command;
        try {
            command = JSON.readTree(text);
        } catch (java.io.IOException e) {
            send(from, error(null, "bad_json", "not a JSON object"));
            return;
        }
        String type = command.path("type").asText();
        JsonNode id = command.get("id");
        String room = command.path("room").asText();
        if ("join".equals(type)) {
            rooms.computeIfAbsent(room, r -> new CopyOnWriteArraySet<>()).add(from);
            reply(from, id);
        } else if ("message".equals(type)) {
            Set<WebSocketChannel> members = rooms.get(room);
            if (members == null || !members.contains(from)) {
                send(from, error(id, "not_joined", "join the room before sending to it"));
                return;
            }
            String messageId = Long.toString(messageIds.incrementAndGet());
            ObjectNode event = JSON.createObjectNode();
            event.put("type", "message");
            event.put("id", messageId);
            event.put("room", room);
            ObjectNode sender = event.putObject("sender");
            sender.put("userId", userId);
            sender.put("userName", userName);
            event.put("message", command.path("message").asText());
            event.put("ts", System.currentTimeMillis());
            // Encoded once, sent to every member: the baseline should be as good as Undertow allows.
            ByteBuffer broadcast = StandardCharsets.UTF_8.encode(event.toString());
            for (WebSocketChannel member : members) {
                WebSockets.sendText(broadcast.duplicate(), member, null);
            }
            // Like the wslab chat: the sender's reply comes after the broadcast, with the message id.
            ObjectNode ok = JSON.createObjectNode();
            ok.put("type", "ok");
            if (id != null) {
                ok.set("id", id);
            }
            ok.put("messageId", messageId);
            send(from, ok.toString());
        } else {
            send(from, error(id, "unknown_command", "unknown command type"));
        }
    }

    private void reply(WebSocketChannel to, JsonNode id) {
        if (id != null) {
            ObjectNode ok = JSON.createObjectNode();
            ok.put("type", "ok");
            ok.set("id", id);
            send(to, ok.toString());
        }
    }

    private static String error(JsonNode id, String code, String reason) {
        ObjectNode error = JSON.createObjectNode();
        error.put("type", "error");
        if (id != null) {
            error.set("id", id);
        }
        error.put("code", code);
        error.put("reason", reason);
        return error.toString();
    }

    private static void send(WebSocketChannel to, String text) {
        WebSockets.sendText(text, to, null);
    }

    private void leaveAll(WebSocketChannel channel) {
        for (Set<WebSocketChannel> members : rooms.values()) {
            members.remove(channel);
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
