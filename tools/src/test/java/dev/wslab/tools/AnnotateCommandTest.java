package dev.wslab.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotateCommandTest {

    private static ToolRun run(String... args) {
        return ToolRun.of(args);
    }

    @Test
    void withoutBytesAnnotatesEveryRfcExample() {
        ToolRun r = run("annotate");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("A single-frame unmasked text message").contains("A fragmented unmasked text message")
                .contains("Unmasked Ping request").contains("Masked Ping response")
                .contains("256 bytes binary message").contains("64KiB binary message")
                .contains("unmasked:         \"Hello\"")
                .doesNotContain("VIOLATION");
    }

    @Test
    void annotatesHexArgumentsWithSpacesAndPrefixes() {
        ToolRun r = run("annotate", "0x81", "0x85", "37fa213d", "7f:9f:4d:51:58");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("masking key     = 0x37fa213d").contains("\"Hello\"");
    }

    @Test
    void aViolationExitsWith1AndNamesTheRule() {
        ToolRun r = run("annotate", "--from", "client", "81 05 48 65 6c 6c 6f");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains(">>> VIOLATION in MASK").contains("RFC 6455 §5.1");
    }

    @Test
    void readsHexOrRawBytesFromAFile(@TempDir Path dir) throws IOException {
        Path hex = dir.resolve("frame.hex");
        Files.writeString(hex, "89 05 48 65 6c 6c 6f\n");
        assertThat(run("annotate", "--file", hex.toString()).out()).contains("PING (0x9)");
        Path raw = dir.resolve("frame.bin");
        Files.write(raw, new byte[] {(byte) 0x8a, 0x00});
        assertThat(run("annotate", "--raw", "--file", raw.toString()).out()).contains("PONG (0xA)");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("annotate", "8").exitCode()).isEqualTo(2);
        assertThat(run("annotate", "zz").exitCode()).isEqualTo(2);
        assertThat(run("annotate", "--from", "proxy", "81 00").exitCode()).isEqualTo(2);
        assertThat(run("annotate", "--file", "x", "81").exitCode()).isEqualTo(2);
    }

    @Test
    void incompleteInputExitsWith1() {
        ToolRun r = run("annotate", "81 05 48");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("incomplete frame");
    }

    @Test
    void withTheAgreedExtensionsRsv1IsExplainedAndTheMessageInflated() {
        ToolRun r = run("annotate", "--extensions", "permessage-deflate; server_no_context_takeover", "c1 07 f2 48 cd c9 c9 07 00");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("extensions: permessage-deflate; server_no_context_takeover")
                .contains("context takeover: server off, client on")
                .contains("this message is compressed (RFC 7692 §6)")
                .contains("data: \"Hello\" (UTF-8 text)");
    }

    @Test
    void anAnswerThatBreaksRfc7692IsAUsageErrorNamingTheRule() {
        ToolRun r = run("annotate", "--extensions", "permessage-deflate; server_max_window_bits=16", "c1 00");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("RFC 7692");
        ToolRun other = run("annotate", "--extensions", "x-webkit-deflate-frame", "c1 00");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("only permessage-deflate");
    }
}
