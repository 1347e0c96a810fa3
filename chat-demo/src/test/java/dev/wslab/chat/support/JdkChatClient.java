package dev.wslab.chat.support;

import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A chat client on the JDK's own {@code java.net.http.WebSocket}: an independent implementation of
 * RFC 6455 talking to our server. Collects every event; fails loudly on timeouts.
 */
public final class JdkChatClient implements AutoCloseable {

    private static final HttpClient SHARED = HttpClient.newHttpClient();
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private final LinkedBlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final WebSocket socket;
    private final List<ServerEvent> seen = new ArrayList<>();

    private JdkChatClient(WebSocket.Builder builder, URI uri) {
        this.socket = builder.connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Listener()).join();
    }

    /** Connects offering {@code wslab.chat.v1, bearer.<token>}, as a browser does. */
    public static JdkChatClient connectWithSubprotocol(URI uri, String token) {
        return new JdkChatClient(SHARED.newWebSocketBuilder().subprotocols("wslab.chat.v1", "bearer." + token), uri);
    }

    /** Connects through {@code http} (e.g. one trusting a test certificate, for wss://), as a browser does. */
    public static JdkChatClient connectWithSubprotocol(HttpClient http, URI uri, String token) {
        return new JdkChatClient(http.newWebSocketBuilder().subprotocols("wslab.chat.v1", "bearer." + token), uri);
    }

    /** Connects with {@code Authorization: Bearer <token>}. */
    public static JdkChatClient connectWithHeader(URI uri, String token) {
        return new JdkChatClient(SHARED.newWebSocketBuilder().header("Authorization", "Bearer " + token), uri);
    }

    /** The subprotocol the server selected. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    public void join(String room, String id) {
        send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"" + id + "\"}");
    }

    public void message(String room, String text, String id) {
        send(CODEC.mapper().createObjectNode().put("type", "message").put("room", room).put("message", text)
                .put("id", id).toString());
    }

    /** Waits for the next event matching {@code test}, remembering the ones skipped. */
    public <T extends ServerEvent> T await(Class<T> type, Predicate<T> test) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            long left = deadline - System.nanoTime();
            ServerEvent event;
            try {
                event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (event == null) {
                throw new AssertionError("no matching " + type.getSimpleName() + " arrived within 15 s; "
                        + seen.size() + " events seen, the last ones: " + tail(seen));
            }
            seen.add(event);
            if (type.isInstance(event) && test.test(type.cast(event))) {
                return type.cast(event);
            }
        }
    }

    /** Like {@link #await}, but an event already skipped by an earlier {@code await} also counts. */
    public <T extends ServerEvent> T awaitEver(Class<T> type, Predicate<T> test) {
        for (ServerEvent event : seen) {
            if (type.isInstance(event) && test.test(type.cast(event))) {
                return type.cast(event);
            }
        }
        return await(type, test);
    }

    private static String tail(List<ServerEvent> events) {
        StringBuilder out = new StringBuilder();
        for (ServerEvent event : events.subList(Math.max(0, events.size() - 5), events.size())) {
            String text = event.toString();
            out.append(text.length() > 160 ? text.substring(0, 160) + "…" : text).append("; ");
        }
        return out.toString();
    }

    /** The reply ({@code ok} or {@code error}) to the command with this id. */
    public ServerEvent reply(String id) {
        return await(ServerEvent.class, e -> e instanceof ServerEvent.Ok ok && id.equals(ok.id())
                || e instanceof ServerEvent.Error error && id.equals(error.id()));
    }

    /** Joins and waits for the ok. */
    public void joinAndWait(String room) {
        String id = "join-" + room;
        join(room, id);
        ServerEvent reply = reply(id);
        if (!(reply instanceof ServerEvent.Ok)) {
            throw new AssertionError("join " + room + " failed: " + reply);
        }
    }

    /** Every event received so far that has not been consumed by {@link #await}, plus those that were. */
    public List<ServerEvent> drainAll() {
        List<ServerEvent> all = new ArrayList<>(seen);
        events.drainTo(all);
        seen.clear();
        seen.addAll(all);
        return List.copyOf(all);
    }

    /** The close code the server sent, waiting up to {@code seconds}. */
    public int awaitCloseCode(int seconds) {
        try {
            return closeCode.get(seconds, TimeUnit.SECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("the server did not close within " + seconds + " s", e);
        }
    }

    public String closeReason() {
        return closeReason.getNow(null);
    }

    public boolean isClosedByServer() {
        return closeCode.isDone();
    }

    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                socket.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(CODEC.decodeEvent(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closeCode.complete(new int[] {statusCode});
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(new int[] {-1});
        }
    }
}
