package dev.wslab.client;

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
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

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
 * <p>Both {@code ws://} and {@code wss://} are supported. For {@code wss://} (RFC 6455 §3, default port 443)
 * the TCP connection is wrapped in TLS before the upgrade request is sent, with SNI naming the URI's host
 * and the server certificate checked against that host name ({@code HTTPS} endpoint identification, as
 * RFC 6455 §10.6 expects of a client); the context comes from {@link ClientOptions#sslContext()} or is
 * {@link SSLContext#getDefault()}. A certificate the client does not trust fails the connect with an
 * {@link javax.net.ssl.SSLHandshakeException} before any HTTP byte is sent.
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
        boolean secure = isSecure(uri);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
            socket.connect(new InetSocketAddress(uri.getHost(), port), millis(options.connectTimeout().toNanos()));
            long deadline = System.nanoTime() + options.handshakeTimeout().toNanos();
            if (secure) {
                socket = startTls(socket, uri.getHost(), port, options, deadline);
            }

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
            WebSocketSession session = new WebSocketSession(uri, response, established.subprotocol(),
                    established.extensions(), socket, answer.leftover(), options);
            session.start();
            return session;
        } catch (IOException | RuntimeException e) {
            SocketWriter.closeSocket(socket);
            throw e;
        }
    }

    private static boolean isSecure(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("wss");
    }

    /**
     * Layers TLS over the connected socket and completes the TLS handshake within the handshake deadline.
     * RFC 6455 §3/§10.6: a wss URI means TLS first, then the very same opening handshake inside it.
     */
    private static Socket startTls(Socket plain, String host, int port, ClientOptions options, long deadline)
            throws IOException {
        SSLContext context;
        try {
            context = options.sslContext().isPresent() ? options.sslContext().get() : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context in this JVM", e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        try {
            SSLParameters parameters = tls.getSSLParameters();
            // Check the certificate names the host we meant to reach, as an https client does.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                // SNI carries a DNS name only (RFC 6066 §3), never an address literal.
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(Math.max(1, millis(deadline - System.nanoTime())));
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            SocketWriter.closeSocket(tls);
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.contains(":") || host.matches("[0-9.]+");
    }

    private static ClientHandshake handshakeFor(URI uri, ClientOptions options) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("a WebSocket URI is ws:// or wss://: " + uri);
        }
        ClientHandshake.Builder builder = ClientHandshake.forUri(uri).subprotocols(options.subprotocols())
                .extensions(options.extensions());
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
            throw new SocketTimeoutException(what + " did not arrive in full within the handshake timeout");
        }
        socket.setSoTimeout(millis(left));
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(what + " did not arrive in full within the handshake timeout");
        }
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }
}
