package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 2: the close timeout must hold even when the peer stops reading. A raw client with a
 * tiny receive buffer fills the server's queue towards it, stops reading, and sends a Close: the server's
 * answering Close can never be written. The server must still drop the TCP connection within the close
 * timeout (before this fix it stayed ESTABLISHED for minutes with megabytes queued, and logged "clean").
 *
 * <p>Whether the server's socket is gone is seen without reading (reading would let the server flush):
 * once the server has closed it, the next bytes we send are answered with a reset, and a write fails.
 */
class PeerStopsReadingTest {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** 50 KB messages: below the echo's 64 KiB message limit, each echoed back whole. */
    private static final int MESSAGE = 50_000;

    @Test
    void aPeerThatStopsReadingAndClosesIsDroppedWithinTheCloseTimeout() throws Exception {
        // The echo's outbound bound is twice its 16 MiB message limit: no slow-consumer cut and no read pause
        // for our 12 MB, so the server reads our Close.
        try (ChatServer server = TestServers.start(TestServers.config().closeTimeout(CLOSE_TIMEOUT));
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(RawClient.upgradeRequest("/echo", server.port()).getBytes(StandardCharsets.US_ASCII));
            assertThat(readStatusLine(socket)).contains(" 101 ");

            // 12 MB of echo requests; the echoes fill our 4 KB window and the server's send buffer (at most
            // 4 MB on Linux), and the rest waits in the server's queue. We never read again.
            byte[] request = RawClient.frame(true, 0x1, true, "e".repeat(MESSAGE).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 240; i++) {
                out.write(request);
            }
            out.write(RawClient.frame(true, 0x8, true, new byte[] {0x03, (byte) 0xE8}));   // Close 1000
            out.flush();
            long closeSent = System.nanoTime();

            long droppedAfter = awaitReset(out, CLOSE_TIMEOUT.plusSeconds(5));
            assertThat(droppedAfter).as("ms from our Close until the server's socket was gone")
                    .isGreaterThanOrEqualTo(0)
                    .isLessThan(CLOSE_TIMEOUT.plusSeconds(3).toMillis());
            assertThat((System.nanoTime() - closeSent) / 1_000_000).isLessThan(CLOSE_TIMEOUT.plusSeconds(5).toMillis());
        }
    }

    /** Writes a small Ping every 100 ms until a write fails; returns the ms it took, or -1 if none failed. */
    private static long awaitReset(OutputStream out, Duration within) throws InterruptedException {
        long start = System.nanoTime();
        byte[] ping = RawClient.frame(true, 0x9, true, new byte[0]);
        while (System.nanoTime() - start < within.toNanos()) {
            try {
                out.write(ping);
                out.flush();
            } catch (IOException reset) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private static String readStatusLine(Socket socket) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = socket.getInputStream().read()) != -1) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.substring(0, head.indexOf("\r\n"));
    }
}
