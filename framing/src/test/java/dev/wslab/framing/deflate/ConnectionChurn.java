package dev.wslab.framing.deflate;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.connection.InboundExtension;
import dev.wslab.framing.connection.WebSocketConnection;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in a child JVM by {@link PerMessageDeflateConnectionTest}: opens and drops compressed connections and
 * prints how much the resident set grew. The child's heap is fixed and pre-touched, so the growth is native
 * memory — zlib's. Arguments: the number of connections, then {@code release} (each connection ends its
 * Deflater/Inflater as it ends) or {@code leak} (the control: the extension is never released).
 */
public final class ConnectionChurn {
    private ConnectionChurn() {
    }

    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        boolean release = args[1].equals("release");
        churn(500, release); // warm-up: code paths, malloc arenas
        long before = residentKib();
        churn(connections, release);
        System.out.println("grown-kib=" + (residentKib() - before));
    }

    private static void churn(int connections, boolean release) {
        byte[] violation = new FrameEncoder(Role.CLIENT, MaskingKeySource.fixed(1)).encode(Frame.ping(Payload.EMPTY)).array();
        violation[0] |= 0x40; // RSV1 on a Ping: 1002
        for (int i = 0; i < connections; i++) {
            PerMessageDeflateExtension extension = new PerMessageDeflateExtension(15, false, false, 6, 0);
            WebSocketConnection server = release
                    ? WebSocketConnection.withExtension(Role.SERVER, Limits.DEFAULTS, MaskingKeySource.fixed(0), extension)
                    : new WebSocketConnection(Role.SERVER, Limits.DEFAULTS, MaskingKeySource.fixed(0),
                    Optional.<InboundExtension>of(extension)); // receives through it, never releases it
            server.sendText("{\"type\":\"message\",\"n\":" + i + ",\"text\":\"" + "hello ".repeat(20) + "\"}");
            server.takeOutbound();
            if (i % 2 == 0) {
                server.onTransportClosed();
            } else {
                server.receive(ByteBuffer.wrap(violation), 0, event -> { });
            }
        }
    }

    private static long residentKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
