package dev.wslab.bench.e2e;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.handshake.ClientHandshake;
import dev.wslab.handshake.ClientHandshakeResult;
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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A chat user over WebSocket, on a plain blocking socket: wslab's {@link ClientHandshake} for the
 * upgrade, wslab's {@link FrameEncoder} (client role: every frame masked, RFC 6455 §5.3) and
 * {@link FrameDecoder} for the frames. The same client drives both servers, so differences between
 * cells come from the servers. One thread per client reads; sends come from the runner's sender
 * threads and never from the reader, so a full send buffer can never stop this client from reading.
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
    private Socket socket;
    private OutputStream out;
    private Thread reader;
    private volatile boolean closing;

    /**
     * @param target  request target of the chat endpoint, e.g. {@code /ws}
     * @param headers extra upgrade request headers (e.g. {@code Authorization: Bearer …})
     */
    WebSocketLoadClient(int index, String room, int port, String target, Map<String, String> headers,
                        WireCounter wire, FrameAccounting frames) {
        super(index, room);
        this.port = port;
        this.target = target;
        this.headers = headers;
        this.wire = wire;
        this.frames = frames;
    }

    @Override
    void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(0);
        out = wire.counting(socket.getOutputStream());
        InputStream in = wire.counting(socket.getInputStream());

        ClientHandshake.Builder builder = ClientHandshake.builder()
                .host("127.0.0.1:" + port).target(target).subprotocols(ChatWire.SUBPROTOCOL);
        headers.forEach(builder::header);
        ClientHandshake handshake = builder.build();
        out.write(handshake.requestBytes());
        out.flush();
        ByteBuffer leftover = readUpgradeResponse(handshake, in);

        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, Limits.DEFAULTS.withMaxSizes(1 << 20));
        reader = new Thread(() -> readLoop(in, decoder, leftover), "ws-client-" + index);
        reader.setDaemon(true);
        reader.start();
        sendText(ChatWire.joinCommand(room, "join-" + index));
        try {
            if (!joined.await(30, TimeUnit.SECONDS)) {
                throw new IOException("client " + index + " got no answer to its join of " + room);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while joining", e);
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
                return complete.leftover();
            }
            if (result instanceof HeadParseResult.Failed<UpgradeResponse> failed) {
                throw new IOException("bad upgrade response: " + failed.reason());
            }
        }
    }

    private void readLoop(InputStream in, FrameDecoder decoder, ByteBuffer leftover) {
        byte[] buffer = new byte[READ_BUFFER];
        ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        try {
            ByteBuffer chunk = leftover;
            while (true) {
                while (chunk.hasRemaining()) {
                    DecodeResult result = decoder.decode(chunk);
                    if (result instanceof DecodeResult.FrameDecoded decoded) {
                        if (!onFrame(decoded, fragments)) {
                            return;
                        }
                    } else if (result instanceof DecodeResult.Failed failed) {
                        throw new IOException("server broke the protocol: " + failed.violation());
                    }
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

    /** Handles one frame; returns false when the connection is over. */
    private boolean onFrame(DecodeResult.FrameDecoded decoded, ByteArrayOutputStream fragments) throws IOException {
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
            if (!frame.fin() || fragments.size() > 0) {
                fragments.writeBytes(frame.payload().toByteArray());
                if (!frame.fin()) {
                    return true;
                }
                String text = fragments.toString(StandardCharsets.UTF_8);
                fragments.reset();
                onText(text, now);
            } else {
                onText(frame.payload().asUtf8(), now);
            }
        }
        return true;
    }

    private void onText(String text, long now) {
        if (joined.getCount() > 0 && text.contains("\"join-" + index + "\"")) {
            if (!text.contains("\"type\":\"ok\"")) {
                System.err.println("client " + index + ": join refused: " + text);
            }
            joined.countDown();
            return;
        }
        onEventText(text, now);
    }

    @Override
    void sendMessage(String text) throws IOException {
        sendText(ChatWire.messageCommand(room, text));
    }

    private void sendText(String json) throws IOException {
        sendFrame(Opcode.TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    private void sendFrame(Opcode opcode, byte[] payload) throws IOException {
        synchronized (writeLock) {
            ByteBuffer frame = ByteBuffer.allocate(encoder.frameLength(payload.length));
            encoder.encode(true, opcode, payload, 0, payload.length, frame);
            frames.frameOut(payload.length);
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
        } catch (IOException ignored) {
            // Closing anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
