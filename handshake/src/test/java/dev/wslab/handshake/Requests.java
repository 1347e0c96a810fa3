package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test requests and a few helpers shared by the handshake tests. */
final class Requests {
    private Requests() {
    }

    /** The project's seed request (the RFC 6455 §1.2 example with the seed key). */
    static final String SEED = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses a whole request that must be syntactically valid. */
    static UpgradeRequest parse(String head) {
        HeadParseResult<UpgradeRequest> r = HttpHeadParser.forRequests().feed(ByteBuffer.wrap(bytes(head)));
        assertThat(r).isInstanceOf(HeadParseResult.Complete.class);
        return ((HeadParseResult.Complete<UpgradeRequest>) r).head();
    }

    /** The seed request with one header line replaced (or removed when {@code newLine} is empty). */
    static String seedWith(String headerName, String newLine) {
        StringBuilder out = new StringBuilder();
        for (String line : SEED.split("\r\n", -1)) {
            if (line.toLowerCase().startsWith(headerName.toLowerCase() + ":")) {
                if (!newLine.isEmpty()) {
                    out.append(newLine).append("\r\n");
                }
            } else {
                out.append(line).append("\r\n");
            }
        }
        // split keeps two trailing empty strings for the final CRLFCRLF; normalise to one blank line.
        String s = out.toString();
        while (s.endsWith("\r\n\r\n\r\n")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    /** The seed request with one more header line before the empty line. */
    static String seedPlus(String line) {
        return SEED.substring(0, SEED.length() - 2) + line + "\r\n\r\n";
    }
}
