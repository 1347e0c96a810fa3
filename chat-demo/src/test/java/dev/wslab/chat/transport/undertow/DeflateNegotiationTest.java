package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.TestServers;
import dev.wslab.client.ClientOptions;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.framing.connection.Event;
import dev.wslab.handshake.ExtensionOffer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692) is on by default on the chat server's WebSocket endpoints and in the Java
 * client, and each side has a switch to turn it off.
 */
class DeflateNegotiationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LINE = "{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"ada\",\"text\":\"hello, world\"}";

    @Test
    void theClientOffersDeflateByDefaultAndTheServerAcceptsIt() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config());
             WebSocketSession session = WebSocketClient.connect(server.echoUri())) {
            assertThat(session.extensions()).extracting(ExtensionOffer::name).containsExactly("permessage-deflate");
            String big = LINE.repeat(500);
            for (String text : new String[] {LINE, big, "", "é€😀".repeat(1000)}) {
                assertThat(session.sendText(text)).isTrue();
                assertThat(session.nextEvent(WAIT)).contains(new Event.Text(text));
            }
            byte[] binary = new byte[60_000];
            new java.util.Random(7).nextBytes(binary);
            assertThat(session.sendBinary(binary)).isTrue();
            Event echoed = session.nextEvent(WAIT).orElseThrow();
            assertThat(((Event.Binary) echoed).payload().toByteArray()).isEqualTo(binary);
        }
    }

    @Test
    void theClientsSwitchOffersNothing() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config());
             WebSocketSession session = WebSocketClient.connect(server.echoUri(),
                     ClientOptions.builder().deflate(false).build())) {
            assertThat(session.extensions()).isEmpty();
            assertThat(session.sendText(LINE)).isTrue();
            assertThat(session.nextEvent(WAIT)).contains(new Event.Text(LINE));
        }
    }

    @Test
    void aServerWithoutDeflateDeclinesTheOffer() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config().deflate(false));
             WebSocketSession session = WebSocketClient.connect(server.echoUri())) {
            assertThat(session.extensions()).as("--no-deflate: the 101 carries no extension (RFC 7692 §5)").isEmpty();
            assertThat(session.sendText(LINE.repeat(20))).isTrue();
            assertThat(session.nextEvent(WAIT)).contains(new Event.Text(LINE.repeat(20)));
        }
    }

    /**
     * A browser's offer, on a raw socket: the answer accepts it, and the echo of a compressible message
     * comes back as one frame with RSV1 set, smaller than the text, that inflates (with the 00 00 ff ff
     * tail appended, §7.2.2) to the text.
     */
    @Test
    void onTheWireTheServersMessageHasRsv1AndIsSmaller() throws Exception {
        try (ChatServer server = TestServers.start(TestServers.config());
             Socket socket = new Socket("127.0.0.1", server.echoUri().getPort())) {
            socket.setSoTimeout(10_000);
            URI uri = server.echoUri();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate");

            String text = LINE.repeat(40);
            byte[] compressed = deflateForPeer(text.getBytes(StandardCharsets.UTF_8));
            out.write(maskedFrame(0xC1, compressed)); // FIN + RSV1 + text
            out.flush();

            int b0 = in.read();
            int b1 = in.read();
            assertThat(b0 & 0x80).as("FIN").isEqualTo(0x80);
            assertThat(b0 & 0x40).as("RSV1: a compressed message (RFC 7692 §6)").isEqualTo(0x40);
            assertThat(b0 & 0x0F).as("text").isEqualTo(1);
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            int length = b1 & 0x7F;
            assertThat(length).as("the 2 840-byte text travels in far fewer bytes").isLessThan(126);
            byte[] payload = in.readNBytes(length);
            Inflater inflater = new Inflater(true);
            inflater.setInput(concat(payload, new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}));
            byte[] inflated = new byte[text.length() * 2];
            int n = inflater.inflate(inflated);
            inflater.end();
            assertThat(new String(inflated, 0, n, StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    private static byte[] deflateForPeer(byte[] message) {
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(message);
        byte[] buffer = new byte[message.length + 64];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, n - 4); // without 00 00 ff ff (§7.2.1)
    }

    private static byte[] maskedFrame(int firstByte, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        frame.write(0x80 | payload.length); // tests keep it under 126
        byte[] key = {1, 2, 3, 4};
        frame.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i & 3]);
        }
        return frame.toByteArray();
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
