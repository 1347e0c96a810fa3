package dev.wslab.bench.e2e;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.connection.MessageTransform;
import dev.wslab.framing.deflate.PerMessageDeflateExtension;
import dev.wslab.handshake.ClientHandshake;
import dev.wslab.handshake.ClientHandshakeResult;
import dev.wslab.handshake.DeflateOffer;
import dev.wslab.handshake.DeflateParameters;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.UpgradeResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A chat user over WebSocket, on a plain blocking socket: wslab's {@link ClientHandshake} for the
 * upgrade, wslab's {@link FrameEncoder} (client role: every frame masked, RFC 6455 §5.3) and
 * {@link FrameDecoder} for the frames. The same client drives both servers, so differences between
 * cells come from the servers. One thread per client reads; sends come from the runner's sender
 * threads and never from the reader, so a full send buffer can never stop this client from reading.
 *
 * <p>With a permessage-deflate offer (RFC 7692), the handshake module makes the offer and checks the answer,
 * and the framing module's {@link PerMessageDeflateExtension}, built from the agreed parameters as wslab's own
 * client builds it, compresses what this client sends (RSV1 on the frame, §6.1) and inflates what it reads.
 * The frame books keep the sizes on the wire; the message books the sizes before compression and after
 * inflating, so the runner can check that the wire carried less than the messages.
 *
 * <p>With a {@link ClientEventLoop}, the client reads on that loop's one thread instead of its own, over a
 * non-blocking channel, and its sender threads write to that channel directly: the same frames and books,
 * without a thread per client to wake for every delivery.
 *
 * <p>For the Node.js peers ({@link #socketIo}) the same frames carry socket.io's packets instead of the chat's
 * bare JSON ({@link SocketIoWire}): the client asks for the main namespace and waits for it, wraps each command
 * in an event and answers the server's pings; the events it reads carry the same JSON objects inside.
 */
final class WebSocketLoadClient extends LoadClient {

    private static final int READ_BUFFER = 64 * 1024;

    private final int port;
    private final String target;
    private final Map<String, String> headers;
    private final WireCounter wire;
    private final FrameAccounting frames;
    private final FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
    private final Object writeLock = new Object();
    private final CountDownLatch joined = new CountDownLatch(1);
    /** Speaks socket.io's packets over the WebSocket ({@link SocketIoWire}) instead of the chat's bare JSON. */
    private final boolean socketIo;
    /** Counted down when the socket.io server accepted the namespace ({@link SocketIoWire#CONNECT}). */
    private final CountDownLatch namespaceConnected = new CountDownLatch(1);
    private Socket socket;
    private OutputStream out;
    private Thread reader;
    /** Reads this client instead of {@link #reader} when not null. */
    private final ClientEventLoop loop;
    private SocketChannel channel;
    private FrameDecoder decoder;
    /** A fragmented or compressed message being gathered (reading thread only). */
    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
    /** The inflater of the compressed message being read (reader thread only), or null. */
    private MessageTransform inflating;
    private volatile boolean closing;
    private final Optional<DeflateOffer> deflateOffer;
    /** The negotiated permessage-deflate, when the server accepted the offer. */
    private PerMessageDeflateExtension deflate;

    /**
     * @param target  request target of the chat endpoint, e.g. {@code /ws}
     * @param headers extra upgrade request headers (e.g. {@code Authorization: Bearer …})
     * @param deflate a permessage-deflate offer to make; the server must accept it
     */
    WebSocketLoadClient(int index, String room, int port, String target, Map<String, String> headers,
                        WireCounter wire, FrameAccounting frames, Optional<DeflateOffer> deflate) {
        this(index, room, port, target, headers, wire, frames, deflate, null);
    }

    /** As above, read by {@code loop} (when not null) rather than by a thread of its own. */
    WebSocketLoadClient(int index, String room, int port, String target, Map<String, String> headers,
                        WireCounter wire, FrameAccounting frames, Optional<DeflateOffer> deflate, ClientEventLoop loop) {
        this(index, room, port, target, headers, wire, frames, deflate, loop, false);
    }

    /** A client of a socket.io chat (the Node.js peers), user {@code bench<index>}, read by {@code loop} when it is not null. */
    static WebSocketLoadClient socketIo(int index, String room, int port, WireCounter wire, FrameAccounting frames,
                                        ClientEventLoop loop) {
        return new WebSocketLoadClient(index, room, port, SocketIoWire.TARGET + "&name=bench" + index, Map.of(),
                wire, frames, Optional.empty(), loop, true);
    }

    private WebSocketLoadClient(int index, String room, int port, String target, Map<String, String> headers,
                                WireCounter wire, FrameAccounting frames, Optional<DeflateOffer> deflate,
                                ClientEventLoop loop, boolean socketIo) {
        super(index, room);
        this.socketIo = socketIo;
        this.loop = loop;
        this.port = port;
        this.target = target;
        this.headers = headers;
        this.wire = wire;
        this.frames = frames;
        this.deflateOffer = deflate;
    }

    @Override
    void open() throws IOException {
        InputStream in;
        if (loop == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(0);
            out = wire.counting(socket.getOutputStream());
            in = wire.counting(socket.getInputStream());
        } else {
            // The upgrade runs blocking on this thread; the channel turns non-blocking once the loop reads it.
            channel = SocketChannel.open();
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket = channel.socket();
            out = wire.counting(new ChannelOutput(channel));
            in = wire.counting(Channels.newInputStream(channel));
        }

        ClientHandshake.Builder builder = ClientHandshake.builder().host("127.0.0.1:" + port).target(target);
        if (!socketIo) {
            builder.subprotocols(ChatWire.SUBPROTOCOL);
        }
        headers.forEach(builder::header);
        deflateOffer.ifPresent(offer -> builder.extensions(List.of(offer.toExtension())));
        ClientHandshake handshake = builder.build();
        out.write(handshake.requestBytes());
        out.flush();
        ByteBuffer leftover = readUpgradeResponse(handshake, in);

        decoder = deflate == null
                ? new FrameDecoder(Role.CLIENT, Limits.DEFAULTS.withMaxSizes(1 << 20))
                : new FrameDecoder(Role.CLIENT, Limits.DEFAULTS.withMaxSizes(1 << 20), deflate.rsvBits());
        if (loop == null) {
            reader = new Thread(() -> readLoop(in, leftover), "ws-client-" + index);
            reader.setDaemon(true);
            reader.start();
        } else {
            channel.configureBlocking(false);
            if (!decodeAll(leftover)) {
                throw new IOException("the server closed the connection right after the upgrade");
            }
            loop.register(channel, this::onReadable);
        }
        if (socketIo) {
            // The server drops events for a namespace it has not finished connecting, so wait for its answer.
            sendText(SocketIoWire.CONNECT);
            await(namespaceConnected, "its socket.io connect");
        }
        sendCommand("join", ChatWire.joinCommand(room, "join-" + index));
        await(joined, "its join of " + room);
    }

    private void await(CountDownLatch latch, String what) throws IOException {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IOException("client " + index + " got no answer to " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an answer to " + what, e);
        }
    }

    private ByteBuffer readUpgradeResponse(ClientHandshake handshake, InputStream in) throws IOException {
        HttpHeadParser<UpgradeResponse> parser = HttpHeadParser.forResponses();
        byte[] chunk = new byte[4096];
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            HeadParseResult<UpgradeResponse> result = parser.feed(ByteBuffer.wrap(chunk, 0, n));
            if (result instanceof HeadParseResult.Complete<UpgradeResponse> complete) {
                ClientHandshakeResult check = handshake.validate(complete.head());
                if (check instanceof ClientHandshakeResult.Failed failed) {
                    throw new IOException(failed.message());
                }
                if (deflateOffer.isPresent()) {
                    List<dev.wslab.handshake.ExtensionOffer> inUse = ((ClientHandshakeResult.Established) check).extensions();
                    DeflateParameters p = DeflateParameters.agreedIn(inUse).orElseThrow(() -> new IOException(
                            "the server declined permessage-deflate (offered " + deflateOffer.get().toExtension() + ")"));
                    // As wslab's WebSocketClient builds it (WebSocketSession.connectionFor).
                    deflate = PerMessageDeflateExtension.agreed(Role.CLIENT, p.serverNoContextTakeover(),
                            p.clientNoContextTakeover(), p.serverMaxWindowBits(), p.clientMaxWindowBits(),
                            PerMessageDeflateExtension.DEFAULT_LEVEL, PerMessageDeflateExtension.DEFAULT_MIN_MESSAGE_SIZE);
                }
                return complete.leftover();
            }
            if (result instanceof HeadParseResult.Failed<UpgradeResponse> failed) {
                throw new IOException("bad upgrade response: " + failed.reason());
            }
        }
    }

    /** The client's own reader thread: blocking reads until the server closes. */
    private void readLoop(InputStream in, ByteBuffer leftover) {
        byte[] buffer = new byte[READ_BUFFER];
        try {
            ByteBuffer chunk = leftover;
            while (true) {
                if (!decodeAll(chunk)) {
                    return;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                chunk = ByteBuffer.wrap(buffer, 0, n);
            }
        } catch (IOException e) {
            if (!closing) {
                System.err.println("client " + index + ": " + e.getMessage());
            }
        }
    }

    /** On the event loop's thread: what one read brought (each frame is timed as it is decoded, as on a reader thread). */
    private boolean onReadable(ByteBuffer bytes) {
        wire.countRead(bytes.remaining());
        try {
            return decodeAll(bytes);
        } catch (IOException e) {
            if (!closing) {
                System.err.println("client " + index + ": " + e.getMessage());
            }
            return false;
        }
    }

    /** Decodes and handles every frame in {@code chunk}; returns false when the connection is over. */
    private boolean decodeAll(ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            DecodeResult result = decoder.decode(chunk);
            if (result instanceof DecodeResult.FrameDecoded decoded) {
                if (!onFrame(decoded)) {
                    return false;
                }
            } else if (result instanceof DecodeResult.Failed failed) {
                throw new IOException("server broke the protocol: " + failed.violation());
            }
        }
        return true;
    }

    /** Handles one frame; returns false when the connection is over. */
    private boolean onFrame(DecodeResult.FrameDecoded decoded) throws IOException {
        long now = System.nanoTime();
        Frame frame = decoded.frame();
        frames.frameIn(decoded.header().payloadLength());
        Opcode opcode = frame.opcode();
        if (opcode == Opcode.PING) {
            // RFC 6455 §5.5.2: answer a ping with a pong carrying the same payload.
            sendFrame(Opcode.PONG, frame.payload().toByteArray());
        } else if (opcode == Opcode.CLOSE) {
            return false;
        } else if (opcode == Opcode.TEXT || opcode == Opcode.CONTINUATION) {
            if (opcode == Opcode.TEXT && deflate != null) {
                // RFC 7692 §6.1: RSV1 on a message's first frame says the whole message is compressed.
                inflating = deflate.startMessage(decoded.header()).orElse(null);
            }
            if (inflating != null) {
                byte[] wirePayload = frame.payload().toByteArray();
                check(inflating.transform(wirePayload, 0, wirePayload.length, (bytes, offset, length) -> {
                    fragments.write(bytes, offset, length);
                    return true;
                }));
                if (!frame.fin()) {
                    return true;
                }
                check(inflating.finish((bytes, offset, length) -> {
                    fragments.write(bytes, offset, length);
                    return true;
                }));
                inflating = null;
                String text = fragments.toString(StandardCharsets.UTF_8);
                frames.messageIn(fragments.size(), true);
                fragments.reset();
                onText(text, now);
            } else if (!frame.fin() || fragments.size() > 0) {
                fragments.writeBytes(frame.payload().toByteArray());
                if (!frame.fin()) {
                    return true;
                }
                String text = fragments.toString(StandardCharsets.UTF_8);
                frames.messageIn(fragments.size(), false);
                fragments.reset();
                onText(text, now);
            } else {
                frames.messageIn(frame.payload().length(), false);
                onText(frame.payload().asUtf8(), now);
            }
        }
        return true;
    }

    private static void check(Optional<dev.wslab.framing.ProtocolViolation> violation) throws IOException {
        if (violation.isPresent()) {
            throw new IOException("the server's compressed message broke the protocol: " + violation.get());
        }
    }

    private void onText(String text, long now) throws IOException {
        if (socketIo && !text.startsWith(SocketIoWire.EVENT)) {
            onSocketIoPacket(text);
            return;
        }
        if (joined.getCount() > 0 && text.contains("\"join-" + index + "\"")) {
            if (!text.contains("\"type\":\"ok\"")) {
                System.err.println("client " + index + ": join refused: " + text);
            }
            joined.countDown();
            return;
        }
        onEventText(text, now);
    }

    /** The socket.io packets other than events: the open packet, pings, the namespace's answer. */
    private void onSocketIoPacket(String packet) throws IOException {
        if (packet.equals(SocketIoWire.PING)) {
            sendText(SocketIoWire.PONG);
        } else if (packet.startsWith(SocketIoWire.CONNECT)) {
            namespaceConnected.countDown();
        } else if (packet.startsWith(SocketIoWire.CONNECT_ERROR)) {
            System.err.println("client " + index + ": the socket.io server refused the namespace: " + packet);
        } else if (packet.isEmpty() || packet.charAt(0) != SocketIoWire.OPEN) {
            System.err.println("client " + index + ": unexpected socket.io packet: " + packet);
        }
    }

    @Override
    void sendMessage(String text) throws IOException {
        sendCommand("message", ChatWire.messageCommand(room, text));
    }

    /** A chat command: bare JSON for the chat's own protocol, an event named after its type for socket.io. */
    private void sendCommand(String type, String json) throws IOException {
        sendText(socketIo ? SocketIoWire.event(type, json) : json);
    }

    private void sendText(String json) throws IOException {
        sendFrame(Opcode.TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    private void sendFrame(Opcode opcode, byte[] message) throws IOException {
        synchronized (writeLock) {
            // Compressed under the write lock: with context takeover, the order on the wire must be the order
            // in which the compressor saw the messages (RFC 7692 §7.2.1).
            Optional<byte[]> compressed = deflate == null || opcode.isControl()
                    ? Optional.empty() : deflate.transformOutgoing(opcode, message, 0, message.length);
            byte[] payload = compressed.orElse(message);
            ByteBuffer frame = ByteBuffer.allocate(encoder.frameLength(payload.length));
            encoder.encode(true, opcode, payload, 0, payload.length, frame);
            if (compressed.isPresent()) {
                // RSV1 on the (only) frame of a compressed message (§6.1), as WebSocketConnection sets it.
                frame.put(0, (byte) (frame.get(0) | deflate.outgoingRsvBits()));
            }
            frames.frameOut(payload.length);
            if (!opcode.isControl()) {
                frames.messageOut(message.length, compressed.isPresent());
            }
            out.write(frame.array(), 0, frame.position());
            out.flush();
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (socket != null && !socket.isClosed()) {
                // RFC 6455 §5.5.1, §7.4.1: a polite close with 1000 (normal closure).
                sendFrame(Opcode.CLOSE, new byte[] {0x03, (byte) 0xE8});
            }
        } catch (IOException ignored) {
            // The server may already be gone; the socket is closed below either way.
        }
        try {
            if (socket != null) {
                socket.close();
            }
            if (reader != null) {
                reader.join(2000);
            }
            synchronized (writeLock) {
                if (deflate != null && (reader == null || !reader.isAlive())) {
                    deflate.release(); // zlib's native memory
                    deflate = null;
                }
            }
        } catch (IOException ignored) {
            // Closing anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes to a channel that the event loop reads without blocking: a small frame always fits the socket's
     * send buffer, so the loop below normally runs once; when the server stopped reading, it waits for room,
     * a bounded time, as a blocking socket would without a bound.
     */
    private static final class ChannelOutput extends OutputStream {
        private static final long FULL_BUFFER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            long deadline = System.nanoTime() + FULL_BUFFER_TIMEOUT_NANOS;
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the server has not read for 30 s: the socket's send buffer stayed full");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
        }
    }
}
