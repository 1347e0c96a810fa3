package dev.wslab.chat.client;

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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small blocking-socket WebSocket client built on wslab's own {@code handshake} (the upgrade request
 * and the checks of the server's answer, RFC 6455 §4.1) and {@code framing} (a {@code WebSocketConnection}
 * in the CLIENT role). It is the driver under the command-line chat client, the benchmarks and the
 * Autobahn client conformance run.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *         .subprotocols("wslab.chat.v1")
 *         .header("Authorization", "Bearer " + token)
 *         .build();
 * try (WebSocketSession session = WebSocketClient.connect(URI.create("ws://127.0.0.1:8080/ws"), options)) {
 *     session.sendText("{\"type\":\"join\",\"room\":\"lobby\"}");
 *     ...
 * } catch (HandshakeRefusedException refused) {
 *     System.err.println(refused.status() + " " + refused.reasonPhrase() + ": " + refused.body());
 * }
 * }</pre>
 *
 * <p>Only {@code ws://} is supported (no TLS).
 */
public final class WebSocketClient {

    /** The most of a refusal's body kept for {@link HandshakeRefusedException#body()}. */
    static final int MAX_REFUSAL_BODY_BYTES = 4096;

    private WebSocketClient() {
    }

    /** Connects with {@link ClientOptions#DEFAULTS}. */
    public static WebSocketSession connect(URI uri) throws IOException {
        return connect(uri, ClientOptions.DEFAULTS);
    }

    /**
     * Opens a TCP connection to {@code uri}, performs the opening handshake and returns the open session.
     *
     * @throws HandshakeRefusedException if the server answered with a status other than 101 (e.g. 401, 403)
     * @throws HandshakeFailedException  if the answer was a 101 that breaks RFC 6455 §4.1, or no valid answer
     * @throws SocketTimeoutException    if connecting or the handshake took longer than the options allow
     * @throws IOException               if the connection failed
     * @throws IllegalArgumentException  if the URI is not a {@code ws://} URI, or an option is not sendable
     */
    public static WebSocketSession connect(URI uri, ClientOptions options) throws IOException {
        ClientHandshake handshake = handshakeFor(uri, options);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            socket.connect(new InetSocketAddress(uri.getHost(), port), millis(options.connectTimeout().toNanos()));
            long deadline = System.nanoTime() + options.handshakeTimeout().toNanos();

            OutputStream out = socket.getOutputStream();
            out.write(handshake.requestBytes());
            out.flush();

            HeadParseResult.Complete<UpgradeResponse> answer = readResponseHead(socket, deadline);
            UpgradeResponse response = answer.head();
            if (response.status() != 101) {
                // RFC 6455 §4.1: not 101 — the server refused; report it the way HTTP describes it.
                String body = readRefusalBody(socket, response, answer.leftover(), deadline);
                throw new HandshakeRefusedException(response.status(), response.reasonPhrase(), response.fields(), body);
            }
            ClientHandshakeResult result = handshake.validate(response);
            if (result instanceof ClientHandshakeResult.Failed failed) {
                // RFC 6455 §4.1: the client MUST fail the WebSocket connection.
                throw new HandshakeFailedException(failed.message());
            }
            ClientHandshakeResult.Established established = (ClientHandshakeResult.Established) result;
            socket.setSoTimeout(0);
            WebSocketSession session = new WebSocketSession(uri, response, established.subprotocol(), socket,
                    answer.leftover(), options);
            session.start();
            return session;
        } catch (IOException | RuntimeException e) {
            SocketWriter.closeSocket(socket);
            throw e;
        }
    }

    private static ClientHandshake handshakeFor(URI uri, ClientOptions options) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws")) {
            throw new IllegalArgumentException("this client speaks ws:// only (no TLS): " + uri);
        }
        ClientHandshake.Builder builder = ClientHandshake.forUri(uri).subprotocols(options.subprotocols());
        options.origin().ifPresent(builder::origin);
        options.headers().all().forEach(field -> builder.header(field.name(), field.value()));
        return builder.build();
    }

    private static HeadParseResult.Complete<UpgradeResponse> readResponseHead(Socket socket, long deadline)
            throws IOException {
        HttpHeadParser<UpgradeResponse> parser = HttpHeadParser.forResponses();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            int n = readBefore(socket, in, buffer, deadline, "the answer to the upgrade request");
            if (n < 0) {
                throw new HandshakeFailedException("the server closed the connection without answering the upgrade request");
            }
            HeadParseResult<UpgradeResponse> result = parser.feed(ByteBuffer.wrap(buffer, 0, n));
            if (result instanceof HeadParseResult.Complete<UpgradeResponse> complete) {
                return complete;
            }
            if (result instanceof HeadParseResult.Failed<UpgradeResponse> failed) {
                throw new HandshakeFailedException("the server's answer is not a valid HTTP response head: "
                        + failed.reason() + " (" + failed.rfcSection() + ")");
            }
        }
    }

    /**
     * The start of a refusal's body, for the person reading the error: as many bytes as
     * {@code Content-Length} announces (at most {@link #MAX_REFUSAL_BODY_BYTES}); without a length, only
     * what already arrived with the head — a chunked or close-delimited body is not worth a wait.
     */
    private static String readRefusalBody(Socket socket, UpgradeResponse response, ByteBuffer leftover, long deadline) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(leftover.array(), leftover.arrayOffset() + leftover.position(),
                Math.min(leftover.remaining(), MAX_REFUSAL_BODY_BYTES));
        Optional<Integer> length = contentLength(response);
        if (length.isPresent()) {
            int wanted = Math.min(length.get(), MAX_REFUSAL_BODY_BYTES);
            byte[] buffer = new byte[1024];
            try {
                InputStream in = socket.getInputStream();
                while (body.size() < wanted) {
                    int n = readBefore(socket, in, buffer, deadline, "the refusal's body");
                    if (n < 0) {
                        break;
                    }
                    body.write(buffer, 0, Math.min(n, wanted - body.size()));
                }
            } catch (IOException e) {
                // The status and headers already say what happened; a lost body is no reason to hide them.
            }
            byte[] bytes = body.toByteArray();
            return new String(bytes, 0, Math.min(bytes.length, wanted), StandardCharsets.UTF_8);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static Optional<Integer> contentLength(UpgradeResponse response) {
        try {
            return response.fields().first("Content-Length").map(v -> Integer.parseInt(v.trim()))
                    .filter(v -> v >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int readBefore(Socket socket, InputStream in, byte[] buffer, long deadline, String what)
            throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no complete " + what + " in time");
        }
        socket.setSoTimeout(millis(left));
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no complete " + what + " in time");
        }
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }
}
