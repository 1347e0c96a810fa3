package dev.wslab.bench.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One persistent HTTP/1.1 connection (RFC 9112) on a blocking socket whose streams are counted by a
 * {@link WireCounter}: the polling transport's cost in bytes is then measured exactly as the
 * WebSocket's is. Requests are sent one at a time; responses are read by {@code Content-Length} or
 * chunked transfer coding. Reconnects once if the server closed an idle connection.
 */
final class HttpConnection implements AutoCloseable {

    /** A response: status, lower-cased header names, body as text. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final int port;
    private final WireCounter wire;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(int port, WireCounter wire) {
        this.port = port;
        this.wire = wire;
    }

    /** Sends one request and reads its response. {@code body} may be null (no body). */
    Response exchange(String method, String target, Map<String, String> headers, String body) throws IOException {
        return exchange(method, target, headers, body, () -> { });
    }

    /**
     * Sends one request and reads its response; {@code requestWritten} runs once the request has been
     * handed to the socket, before the response is awaited (a long poll then sits quietly).
     */
    synchronized Response exchange(String method, String target, Map<String, String> headers, String body,
                                   Runnable requestWritten) throws IOException {
        boolean fresh = socket == null;
        if (fresh) {
            connect();
        }
        try {
            return send(method, target, headers, body, requestWritten);
        } catch (IOException e) {
            if (fresh) {
                throw e;
            }
            // A keep-alive connection may have been closed by the server while idle: retry once.
            closeSocket();
            connect();
            return send(method, target, headers, body, requestWritten);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        in = new BufferedInputStream(wire.counting(socket.getInputStream()), 16 * 1024);
        out = wire.counting(socket.getOutputStream());
    }

    private Response send(String method, String target, Map<String, String> headers, String body,
                          Runnable requestWritten) throws IOException {
        byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (content != null) {
            head.append("Content-Type: application/json\r\n");
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (content == null) {
            out.write(headBytes);
        } else {
            // One write, one TCP segment: the way a browser's request goes out.
            byte[] request = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            out.write(request);
        }
        out.flush();
        requestWritten.run();
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before the response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = new byte[0];
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            closeSocket();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                    // Trailer fields carry nothing the benchmark needs.
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void closeSocket() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // Closing anyway.
        }
        socket = null;
    }

    /** Closes the socket; a blocked {@link #exchange} in another thread fails with an exception. */
    void abort() {
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    @Override
    public synchronized void close() {
        closeSocket();
    }
}
