package dev.wslab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
    /** key, hex of its 16 decoded bytes, SHA-1 of key+GUID in hex, accept. */
    private static final String[] RFC = {"dGhlIHNhbXBsZSBub25jZQ==", "7468652073616d706c65206e6f6e6365",
            "b37a4f2cc0624f1690f64606cf385945b2bec4ea", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="};
    private static final String[] SEED = {"x3JJHMbDL1EzLkh9GBhXDw==", "c772491cc6c32f51332e487d1818570f",
            "1d29ab734b0c9585240069a6e4e3e91b61da1969", "HSmrc0sMlYUkAGmm5OPpG2HaGWk="};

    private static ToolRun run(String... args) {
        return ToolRun.of(args);
    }

    private static void assertExplainsKey(String output, String[] vector) {
        assertThat(output).contains(vector[0]).contains(vector[1]).contains(vector[2])
                .contains("Sec-WebSocket-Accept: " + vector[3])
                .contains(vector[0] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    }

    @Test
    void explains_the_seed_key_with_hex_sha1_and_accept() {
        ToolRun r = run("explain", "--key", SEED[0]);
        assertThat(r.exitCode()).isZero();
        assertExplainsKey(r.out(), SEED);
    }

    @Test
    void explains_the_rfc_sample_key_with_hex_sha1_and_accept() {
        ToolRun r = run("explain", "--key", RFC[0]);
        assertThat(r.exitCode()).isZero();
        assertExplainsKey(r.out(), RFC);
    }

    @Test
    void gives_the_same_steps_with_bouncycastle_sha1() {
        ToolRun r = run("explain", "--sha1", "bouncycastle", "--key", SEED[0]);
        assertThat(r.exitCode()).isZero();
        assertExplainsKey(r.out(), SEED);
        assertThat(r.out()).contains("BouncyCastle");
    }

    @Test
    void without_options_shows_both_test_vectors_and_the_seed_response() {
        ToolRun r = run("explain");
        assertThat(r.exitCode()).isZero();
        assertExplainsKey(r.out(), RFC);
        assertExplainsKey(r.out(), SEED);
        assertThat(r.out()).contains("[PASS] the method is GET").doesNotContain("[FAIL]")
                .contains("HTTP/1.1 101 Switching Protocols\\r\\n")
                .contains("Sec-WebSocket-Protocol: chat\\r\\n");
    }

    @Test
    void an_invalid_key_is_explained_and_exits_1() {
        ToolRun r = run("explain", "--key", "AAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("INVALID: decodes to 17 bytes");
    }

    @Test
    void checks_a_request_file_rule_by_rule_and_prints_the_rejection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.txt");
        // Written as a text editor would: LF line endings, no final empty line.
        Files.writeString(file, "GET /chat HTTP/1.1\nHost: localhost\nUpgrade: websocket\nConnection: Upgrade\n"
                + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\nSec-WebSocket-Version: 8\n");
        ToolRun r = run("explain", "--request", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains("converted to CRLF")
                .contains("[PASS] the method is GET  (RFC 6455 §4.2.1 item 1)")
                .contains("[FAIL] Sec-WebSocket-Version is 13  (RFC 6455 §4.2.1 item 6)")
                .contains("HTTP/1.1 426 Upgrade Required\\r\\n")
                .contains("Sec-WebSocket-Version: 13\\r\\n");
    }

    @Test
    void reads_the_request_from_standard_input_with_dash() {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(dev.wslab.handshake.HandshakeExplainer.RFC_REQUEST
                    .getBytes(StandardCharsets.US_ASCII)));
            ToolRun r = run("explain", "--request", "-", "--subprotocols", "superchat,chat");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Sec-WebSocket-Protocol: superchat\\r\\n")
                    .contains("Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=\\r\\n");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void an_allow_list_refusing_the_origin_shows_403() {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(dev.wslab.handshake.HandshakeExplainer.RFC_REQUEST
                    .getBytes(StandardCharsets.US_ASCII)));
            ToolRun r = run("explain", "--request", "-", "--allowed-origins", "https://chat.example.com");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).contains("[FAIL] the Origin is allowed").contains("HTTP/1.1 403 Forbidden");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void the_seeds_cross_port_request_is_refused_by_the_same_host_policy_and_accepted_when_its_page_is_listed(
            @TempDir Path dir) throws Exception {
        Path seed = dir.resolve("seed.txt");
        Files.writeString(seed, dev.wslab.handshake.HandshakeExplainer.SEED_REQUEST, StandardCharsets.US_ASCII);
        assertThat(run("explain", "--request", seed.toString()).exitCode()).isZero();
        ToolRun sameHost = run("explain", "--request", seed.toString(), "--origin-policy", "same-host");
        assertThat(sameHost.exitCode()).isEqualTo(1);
        assertThat(sameHost.out()).contains("[FAIL] the Origin is allowed").contains("HTTP/1.1 403 Forbidden");
        ToolRun listed = run("explain", "--request", seed.toString(), "--origin-policy", "same-host",
                "--allowed-origins", "http://localhost:9000");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("HTTP/1.1 101 Switching Protocols");
        assertThat(run("explain", "--origin-policy", "nobody").exitCode()).isEqualTo(2);
    }

    @Test
    void unknown_sha1_provider_is_a_usage_error() {
        ToolRun r = run("explain", "--sha1", "md5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--sha1 must be 'jdk' or 'bouncycastle'");
    }

    @Test
    void top_level_help_lists_the_explain_command() {
        ToolRun r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("explain");
    }
}
