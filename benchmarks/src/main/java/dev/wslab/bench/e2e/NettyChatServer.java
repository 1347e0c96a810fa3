package dev.wslab.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The strongest Java peer in the end-to-end race: the same chat as {@link UndertowNativeChatServer} (the same
 * JSON in and out, {@code join} and {@code message} in, one {@code message} broadcast to the room, then the
 * sender's {@code ok} with the {@code messageId}), written the way Netty's own documentation and examples
 * (the {@code websocketx} server example, the {@code ChannelGroup} chat) build a WebSocket server.
 *
 * <p>Why each choice is the strongest fair use of Netty:
 * <ul>
 *   <li>{@code WebSocketServerProtocolHandler} with an {@code HttpObjectAggregator} before it does the opening
 *       handshake, Ping/Pong and Close, and a {@code WebSocketFrameAggregator} after it joins fragments: the
 *       documented pipeline, so Netty's own codec (with its UTF-8 validator on, as the RFC requires and as the
 *       other two servers do) carries every frame.</li>
 *   <li>A broadcast is encoded once: the JSON goes into one pooled {@code ByteBuf}, and
 *       {@link ChannelGroup#writeAndFlush} hands every member a retained duplicate of it (no copy per
 *       recipient; each channel's encoder adds its 2–4 byte header). That is Netty's documented way to fan out,
 *       and what the other servers do too (one encoding of the JSON, a frame header per connection).</li>
 *   <li>{@link FlushConsolidationHandler} at the head of every pipeline: the handler recommended for
 *       write-and-flush-per-message code, it turns the many flushes of a fan-out (and of replies written while
 *       a read is in progress) into a few {@code writev} system calls, which is the batching the wslab server
 *       gets from its gathering outbox writes. Without it each {@code writeAndFlush} is one system call, as in
 *       Undertow's {@code WebSockets.sendText}. As the choice can be argued either way (consolidation may hold
 *       a flush back at light load), the runner also races {@code netty-ws-noflushconsolidation}, the same
 *       server without it.</li>
 *   <li>The NIO transport with as many event loops as cores (Undertow's default I/O thread count, the same
 *       selector-based I/O the other two servers use) and the pooled allocator (Netty's default). The native
 *       epoll transport would change the system calls, not the WebSocket stack being compared.</li>
 *   <li>{@code TCP_NODELAY} on, as Undertow and the wslab driver set it: latency cells must not wait for
 *       Nagle's algorithm.</li>
 * </ul>
 * There is no authentication: the user name comes from the {@code name} query parameter, as for the Undertow
 * baseline. There are no presence events either (the self-check allows at most one per room member).
 */
public final class NettyChatServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeKey<String[]> USER = AttributeKey.valueOf("wslab.bench.user");
    private static final int MAX_MESSAGE = 64 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final Map<String, ChannelGroup> rooms = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong();

    private NettyChatServer(int port, boolean consolidateFlushes) throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true) // the user name rides in the query: "/?name=..."
                .subprotocols(ChatWire.SUBPROTOCOL)
                .maxFramePayloadLength(MAX_MESSAGE)
                .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (consolidateFlushes) {
                            pipeline.addLast(new FlushConsolidationHandler(
                                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                        }
                        pipeline.addLast(new HttpServerCodec());
                        pipeline.addLast(new HttpObjectAggregator(MAX_MESSAGE));
                        pipeline.addLast(new WebSocketServerProtocolHandler(config));
                        pipeline.addLast(new WebSocketFrameAggregator(MAX_MESSAGE));
                        pipeline.addLast(new ChatHandler());
                    }
                });
        server = bootstrap.bind("127.0.0.1", port).sync().channel();
    }

    /** Starts the server on 127.0.0.1 and {@code port} (0 picks a free one), with flush consolidation. */
    public static NettyChatServer start(int port) throws InterruptedException {
        return start(port, true);
    }

    /**
     * Starts the server; {@code consolidateFlushes=false} leaves out {@code FlushConsolidationHandler}, so every
     * {@code writeAndFlush} is its own system call (the choice can be argued either way: consolidation delays a
     * flush until the read or the task batch ends, which may cost latency at light load).
     */
    public static NettyChatServer start(int port, boolean consolidateFlushes) throws InterruptedException {
        return new NettyChatServer(port, consolidateFlushes);
    }

    /** The port the server listens on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully().syncUninterruptibly();
        workers.shutdownGracefully().syncUninterruptibly();
    }

    /** The chat: one instance per connection, after the handshake, on that connection's event loop. */
    private final class ChatHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                List<String> names = new QueryStringDecoder(handshake.requestUri()).parameters().get("name");
                String name = names == null || names.isEmpty() ? "anonymous" : names.get(0);
                // A UUID like the wslab chat's account ids, so that all servers send events of the same size.
                ctx.channel().attr(USER).set(new String[] {UUID.randomUUID().toString(), name});
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            onCommand(ctx, frame.text());
        }
    }

    private void onCommand(ChannelHandlerContext ctx, String text) {
        JsonNode command;
        try {
            command = JSON.readTree(text);
        } catch (java.io.IOException e) {
            send(ctx, error(null, "bad_json", "not a JSON object"));
            return;
        }
        String type = command.path("type").asText();
        JsonNode id = command.get("id");
        String room = command.path("room").asText();
        Channel from = ctx.channel();
        if ("join".equals(type)) {
            rooms.computeIfAbsent(room, r -> new DefaultChannelGroup(r, GlobalEventExecutor.INSTANCE)).add(from);
            if (id != null) {
                ObjectNode ok = JSON.createObjectNode();
                ok.put("type", "ok");
                ok.set("id", id);
                send(ctx, ok.toString());
            }
        } else if ("message".equals(type)) {
            ChannelGroup members = rooms.get(room);
            if (members == null || !members.contains(from)) {
                send(ctx, error(id, "not_joined", "join the room before sending to it"));
                return;
            }
            String[] user = from.attr(USER).get();
            String messageId = Long.toString(messageIds.incrementAndGet());
            ObjectNode event = JSON.createObjectNode();
            event.put("type", "message");
            event.put("id", messageId);
            event.put("room", room);
            ObjectNode sender = event.putObject("sender");
            sender.put("userId", user[0]);
            sender.put("userName", user[1]);
            event.put("message", command.path("message").asText());
            event.put("ts", System.currentTimeMillis());
            // Encoded once into a pooled buffer; the group writes a retained duplicate to every member and
            // releases this reference when done.
            ByteBuf json = ByteBufUtil.writeUtf8(ctx.alloc(), event.toString());
            members.writeAndFlush(new TextWebSocketFrame(json));
            // Like the other servers: the sender's reply comes after the broadcast, with the message id. The
            // sender's own copy was written above on this event loop, so it is queued first.
            ObjectNode ok = JSON.createObjectNode();
            ok.put("type", "ok");
            if (id != null) {
                ok.set("id", id);
            }
            ok.put("messageId", messageId);
            send(ctx, ok.toString());
        } else {
            send(ctx, error(id, "unknown_command", "unknown command type"));
        }
    }

    private static void send(ChannelHandlerContext ctx, String text) {
        // Written and flushed per reply, as Netty's examples do; FlushConsolidationHandler turns the flushes
        // made during a read into one at the read's end.
        ctx.channel().writeAndFlush(new TextWebSocketFrame(text));
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
}
