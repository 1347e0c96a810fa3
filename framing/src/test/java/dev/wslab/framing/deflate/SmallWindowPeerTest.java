package dev.wslab.framing.deflate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent peer proves the small-window trick of {@link MessageCompressor}: Python's zlib (the C
 * library), asked for one byte per call, inflates with exactly a 2^n-byte window and fails with "invalid distance too far back" if
 * any back-reference reaches further. Needs {@code python3} on the PATH (installed by {@code .ci/run}).
 */
class SmallWindowPeerTest {

    private static final String INFLATE = String.join("\n",
            "import sys, zlib",
            "bits = int(sys.argv[1])",
            "d = zlib.decompressobj(-bits)",
            "out = []",
            "def inflate(data):",
            "    # One byte per call: zlib then resolves every distance from its 2^bits window alone.",
            "    got = bytearray()",
            "    while True:",
            "        piece = d.decompress(data, 1)",
            "        got += piece",
            "        data = d.unconsumed_tail",
            "        if not piece and not data:",
            "            return got",
            "for line in open(sys.argv[2]):",
            "    out.append(inflate(bytes.fromhex(line.strip()) + b'\\x00\\x00\\xff\\xff').hex())",
            "print('\\n'.join(out))");

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 12, 15})
    void zlib_with_a_window_of_exactly_2_to_the_n_inflates_what_we_compress(int bits) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            // Repeats at every distance, so a compressor with a 32 KiB window would use far references.
            text.append("{\"type\":\"message\",\"room\":\"lobby\",\"n\":").append(i % 977).append(",\"text\":\"")
                    .append("abcdefghij".repeat(i % 7)).append("\"}\n");
        }
        List<byte[]> messages = List.of(text.toString().getBytes(StandardCharsets.UTF_8),
                "short".getBytes(StandardCharsets.UTF_8), text.substring(0, 40_000).getBytes(StandardCharsets.UTF_8));
        StringBuilder input = new StringBuilder();
        try (MessageCompressor c = new MessageCompressor(9, bits, false)) {
            for (byte[] m : messages) {
                input.append(HexFormat.of().formatHex(c.compress(m))).append('\n');
            }
        }
        Path dir = Files.createTempDirectory("wslab-window");
        Path script = Files.writeString(dir.resolve("inflate.py"), INFLATE);
        Path data = Files.writeString(dir.resolve("messages.hex"), input);
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(bits), data.toString())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String result = out.toString(StandardCharsets.US_ASCII);
        assertThat(p.exitValue()).as(result).isZero();
        String[] lines = result.strip().split("\n");
        assertThat(lines).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(HexFormat.of().parseHex(lines[i])).isEqualTo(messages.get(i));
        }
    }

    @org.junit.jupiter.api.Test
    void the_peer_does_reject_references_beyond_its_window_so_the_test_has_teeth() throws Exception {
        // A plain 32 KiB-window stream of text that repeats every 1000 bytes: far references, bits = 8 fails.
        StringBuilder line = new StringBuilder();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 1000; i++) {
            line.append((char) ('a' + random.nextInt(26)));
        }
        byte[] compressed;
        try (MessageCompressor c = new MessageCompressor(9, 15, false)) {
            compressed = c.compress(line.toString().repeat(5).getBytes(StandardCharsets.US_ASCII));
        }
        Path dir = Files.createTempDirectory("wslab-window");
        Path script = Files.writeString(dir.resolve("inflate.py"), INFLATE);
        Path data = Files.writeString(dir.resolve("messages.hex"), HexFormat.of().formatHex(compressed) + "\n");
        Process p = new ProcessBuilder("python3", script.toString(), "8", data.toString()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out.toString(StandardCharsets.US_ASCII)).contains("invalid distance too far back");
    }
}
