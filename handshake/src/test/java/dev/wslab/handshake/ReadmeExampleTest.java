package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example that opens {@code handshake/README.md} is this test's code, and it works. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRunsAndAnswers101() {
        // readme:begin
        // A server deciding an upgrade (RFC 6455 §4.2): request bytes in, response bytes out, no socket.
        byte[] requestBytes = ("GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        HeadParseResult<UpgradeRequest> parsed = HttpHeadParser.parseRequest(requestBytes);
        UpgradeRequest request = ((HeadParseResult.Complete<UpgradeRequest>) parsed).head();
        HandshakeDecision decision = ServerHandshake.withDefaults().decide(request);
        String response = new String(decision.toResponseBytes(), StandardCharsets.US_ASCII);
        // "HTTP/1.1 101 Switching Protocols ... Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        // readme:end
        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        assertThat(firstJavaBlock(Path.of("README.md"))).isEqualTo(
                region(Path.of("src/test/java/dev/wslab/handshake/ReadmeExampleTest.java")));
    }

    /** The lines of the first {@code ```java} block, without indentation. */
    static List<String> firstJavaBlock(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int start = lines.indexOf("```java") + 1;
        return lines.subList(start, lines.subList(start, lines.size()).indexOf("```") + start).stream()
                .map(String::strip).collect(Collectors.toList());
    }

    /** The lines between {@code // readme:begin} and {@code // readme:end}, without indentation. */
    static List<String> region(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source).stream().map(String::strip).collect(Collectors.toList());
        return lines.subList(lines.indexOf("// readme:begin") + 1, lines.indexOf("// readme:end"));
    }
}
