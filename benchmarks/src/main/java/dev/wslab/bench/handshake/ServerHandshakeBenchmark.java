package dev.wslab.bench.handshake;

import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.ServerHandshake;
import dev.wslab.handshake.UpgradeRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The whole server side of an opening handshake (RFC 6455 §4.2): the request bytes a browser sends
 * are parsed, validated (method, version, Upgrade, Connection, key, version 13, subprotocol
 * selection) and answered with the 101 response bytes.
 *
 * <ul>
 *   <li>{@code wslab} — {@link HttpHeadParser} + {@link ServerHandshake#decide} +
 *       {@link HandshakeDecision#toResponseBytes()}, sans-IO.</li>
 *   <li>{@code netty} (baseline) — {@code HttpServerCodec} + {@code HttpObjectAggregator} parse the
 *       request in an {@code EmbeddedChannel}, and {@code WebSocketServerHandshaker13} validates it and
 *       writes the response (and rewires the pipeline, as it does on a live connection). A handshake
 *       happens once per connection, so a fresh channel per operation is part of what is measured.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ServerHandshakeBenchmark {

    /** A Chromium-like upgrade request for the chat's subprotocol. */
    static final byte[] REQUEST = ("GET /ws HTTP/1.1\r\n"
            + "Host: 127.0.0.1:8080\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: http://127.0.0.1:8080\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Protocol: wslab.chat.v1\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private ServerHandshake wslabServer;
    private WebSocketServerHandshakerFactory nettyFactory;

    @Setup
    public void setUp() {
        wslabServer = ServerHandshake.builder().subprotocols("wslab.chat.v1").build();
        nettyFactory = new WebSocketServerHandshakerFactory("ws://127.0.0.1:8080/ws", "wslab.chat.v1", false);
        String wslabResponse = new String(wslab(), StandardCharsets.US_ASCII);
        String nettyResponse = netty().toString(StandardCharsets.US_ASCII);
        for (String response : new String[] {wslabResponse, nettyResponse}) {
            if (!response.startsWith("HTTP/1.1 101") || !response.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")) {
                throw new IllegalStateException("not a valid 101 answer:\n" + response);
            }
        }
    }

    @Benchmark
    public byte[] wslab() {
        HeadParseResult<UpgradeRequest> parsed = HttpHeadParser.forRequests().feed(ByteBuffer.wrap(REQUEST));
        if (!(parsed instanceof HeadParseResult.Complete<UpgradeRequest> complete)) {
            throw new IllegalStateException("request not parsed: " + parsed);
        }
        HandshakeDecision decision = wslabServer.decide(complete.head());
        return decision.toResponseBytes();
    }

    @Benchmark
    public ByteBuf netty() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                        WebSocketServerHandshaker handshaker = nettyFactory.newHandshaker(request);
                        handshaker.handshake(ctx.channel(), request);
                    }
                });
        channel.writeInbound(Unpooled.wrappedBuffer(REQUEST));
        ByteBuf response = Unpooled.buffer(256);
        Object out;
        while ((out = channel.readOutbound()) != null) {
            if (out instanceof ByteBuf bytes) {
                response.writeBytes(bytes);
            }
            ReferenceCountUtil.release(out);
        }
        channel.finishAndReleaseAll();
        return response;
    }
}
