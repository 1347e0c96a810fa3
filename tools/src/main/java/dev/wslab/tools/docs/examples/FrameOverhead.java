package dev.wslab.tools.docs.examples;

import dev.wslab.framing.Role;
import dev.wslab.framing.codec.FrameEncoder;

import java.io.PrintStream;

/** The bytes a WebSocket frame adds to a payload, as wslab's encoder writes it, in each direction. */
public final class FrameOverhead {
    private FrameOverhead() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        FrameEncoder server = new FrameEncoder(Role.SERVER);
        FrameEncoder client = new FrameEncoder(Role.CLIENT);
        out.println("payload      server→client frame   client→server frame");
        for (int size : new int[] {16, 125, 126, 1024, 16 * 1024, 65_535, 65_536}) {
            out.printf("%7d B    %7d B (+%2d)        %7d B (+%2d)%n", size,
                    server.frameLength(size), server.frameLength(size) - size,
                    client.frameLength(size), client.frameLength(size) - size);
        }
    }
}
