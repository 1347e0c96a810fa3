package dev.wslab.chat.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A deliberately dumb WebSocket client on a plain socket, written from the RFC and independent of
 * wslab's framing code, so a test can send what no well-behaved client would: unmasked frames,
 * invalid UTF-8, oversize frames, bytes glued to the upgrade request, an abort, or nothing at all.
 */
public final class RawClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A frame as read from the server. */
    public record RawFrame(boolean fin, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** For a Close frame: the status code, or -1 when the body is empty. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** The head of an HTTP response. */
    public record Head(String statusLine, int status, String headers) {
        public String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        return connect(port, 0);
    }

    /** Connects; a positive {@code receiveBuffer} shrinks the socket's receive buffer (to stall quickly). */
    public static RawClient connect(int port, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(15_000);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An upgrade request for {@code target} with a fresh key and the given extra header lines. */
    public static String upgradeRequest(String target, int port, String... extraHeaders) {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String ascii) {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads the response head (status line and headers, up to the empty line). */
    public Head readHead() {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed inside the response head: " + head);
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int firstLineEnd = text.indexOf("\r\n");
        String statusLine = text.substring(0, firstLineEnd);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        return new Head(statusLine, status, text.substring(firstLineEnd + 2));
    }

    /** Everything until the server closes the connection (for a refusal: head and body). */
    public String readToEnd() {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client frame: masked unless {@code masked} is false (which a server must refuse). */
    public static byte[] frame(boolean fin, int opcode, boolean masked, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift) & 0xff);
            }
        }
        byte[] key = new byte[4];
        if (masked) {
            RANDOM.nextBytes(key);
            frame.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return frame.toByteArray();
    }

    public static byte[] text(String text) {
        return frame(true, 0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one frame from the server (servers never mask). */
    public RawFrame readFrame() {
        try {
            int b0 = readByte();
            int b1 = readByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            if ((b1 & 0x80) != 0) {
                throw new IllegalStateException("RFC 6455 §5.1: a server must not mask its frames");
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length) {
                throw new EOFException("connection closed inside a frame");
            }
            return new RawFrame((b0 & 0x80) != 0, b0 & 0x0f, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames until a Close frame arrives, returning every frame read (the Close last). */
    public List<RawFrame> readUntilClose() {
        List<RawFrame> frames = new ArrayList<>();
        while (true) {
            RawFrame frame = readFrame();
            frames.add(frame);
            if (frame.opcode() == 0x8) {
                return frames;
            }
        }
    }

    /** Reads text frames until one contains {@code fragment}; returns it. */
    public String readTextContaining(String fragment) {
        while (true) {
            RawFrame frame = readFrame();
            if (frame.opcode() == 0x8) {
                throw new AssertionError("closed with " + frame.closeCode() + " " + frame.closeReason()
                        + " while waiting for " + fragment);
            }
            if (frame.opcode() == 0x1 && frame.text().contains(fragment)) {
                return frame.text();
            }
        }
    }

    /** True once the server has closed the TCP connection (read returns EOF) within the socket timeout. */
    public boolean awaitEof() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return e instanceof java.net.SocketException; // reset also means gone
        }
    }

    /** Closes with an RST instead of a FIN: SO_LINGER 0, as a crashed or killed client would. */
    public void abortWithReset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort in tests
        }
    }
}
