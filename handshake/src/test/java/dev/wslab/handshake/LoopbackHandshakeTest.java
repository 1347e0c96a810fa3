package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both roles over a real loopback TCP connection, with every byte going through a socket: our client
 * request is read and judged by our server side, and our server's 101 (followed in the same write by
 * the first bytes of a frame) is read and validated by our client side.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopbackHandshakeTest {
    /** An unmasked text frame "Hi" from the server (RFC 6455 §5.7), sent in the same packet as the 101. */
    private static final byte[] FIRST_FRAME = {(byte) 0x81, 0x02, 'H', 'i'};

    private static <H> HeadParseResult.Complete<H> readHead(InputStream in, HttpHeadParser<H> parser) throws IOException {
        byte[] buffer = new byte[7]; // deliberately small: the head arrives in many pieces
        HeadParseResult<H> r = new HeadParseResult.NeedMore<>();
        while (r instanceof HeadParseResult.NeedMore) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("closed before the head ended");
            }
            r = parser.feed(ByteBuffer.wrap(buffer, 0, n));
        }
        assertThat(r).isInstanceOf(HeadParseResult.Complete.class);
        return (HeadParseResult.Complete<H>) r;
    }

    @Test
    void our_client_and_our_server_complete_a_handshake_over_a_socket() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            int port = listener.getLocalPort();
            ServerHandshake server = ServerHandshake.builder().subprotocols("chat").build();

            CompletableFuture<HandshakeDecision> serverSide = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(10_000);
                    UpgradeRequest request = readHead(s.getInputStream(), HttpHeadParser.forRequests()).head();
                    HandshakeDecision decision = server.decide(request);
                    OutputStream out = s.getOutputStream();
                    byte[] head = decision.toResponseBytes();
                    byte[] both = new byte[head.length + FIRST_FRAME.length];
                    System.arraycopy(head, 0, both, 0, head.length);
                    System.arraycopy(FIRST_FRAME, 0, both, head.length, FIRST_FRAME.length);
                    out.write(both);
                    out.flush();
                    s.shutdownOutput();
                    return decision;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            ClientHandshake client = ClientHandshake.builder().host("127.0.0.1:" + port).target("/chat?room=a")
                    .subprotocols("superchat", "chat").header("Authorization", "Bearer t").build();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(client.requestBytes());
                socket.getOutputStream().flush();

                InputStream in = socket.getInputStream();
                HeadParseResult.Complete<UpgradeResponse> response = readHead(in, HttpHeadParser.forResponses());
                ClientHandshakeResult result = client.validate(response.head());
                assertThat(result).isInstanceOf(ClientHandshakeResult.Established.class);
                assertThat(((ClientHandshakeResult.Established) result).subprotocol()).contains("chat");

                // The frame bytes that followed the head are not lost: part may be in the leftover,
                // the rest still in the socket.
                byte[] frame = new byte[FIRST_FRAME.length];
                int have = response.leftover().remaining();
                response.leftover().get(frame, 0, have);
                while (have < frame.length) {
                    int n = in.read(frame, have, frame.length - have);
                    assertThat(n).isPositive();
                    have += n;
                }
                assertThat(frame).isEqualTo(FIRST_FRAME);
            }
            HandshakeDecision decision = serverSide.get(10, TimeUnit.SECONDS);
            assertThat(decision).isInstanceOf(HandshakeDecision.Accepted.class);
            assertThat(((HandshakeDecision.Accepted) decision).accept()).isEqualTo(client.expectedAccept());
        }
    }
}
