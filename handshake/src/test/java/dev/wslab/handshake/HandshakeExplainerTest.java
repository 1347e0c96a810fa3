package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeExplainerTest {
    private final HandshakeExplainer explainer = HandshakeExplainer.withDefaults();

    @Test
    void explains_the_rfc_sample_key_step_by_step_with_real_bytes() {
        HandshakeExplainer.KeyExplanation e = explainer.explainKey(HandshakeExplainer.RFC_SAMPLE_KEY);
        assertThat(e.accept()).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(e.steps()).hasSize(5);
        // "the sample nonce" in ASCII is what the RFC's key decodes to.
        assertThat(e.steps().get(1).dumps().get(0).hex()).isEqualTo("7468652073616d706c65206e6f6e6365");
        assertThat(e.steps().get(2).dumps().get(0).bytes())
                .isEqualTo("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII));
        assertThat(e.steps().get(3).dumps().get(0).hex()).isEqualTo("b37a4f2cc0624f1690f64606cf385945b2bec4ea");
        assertThat(e.toText()).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                .contains("|the sample nonce|");
    }

    @Test
    void explains_the_seed_key_identically_with_either_sha1() {
        String jdk = explainer.explainKey("x3JJHMbDL1EzLkh9GBhXDw==").toText();
        HandshakeExplainer bc = new HandshakeExplainer(ServerHandshake.withDefaults(), Sha1Provider.BOUNCY_CASTLE);
        String bouncy = bc.explainKey("x3JJHMbDL1EzLkh9GBhXDw==").toText();
        assertThat(jdk).contains("c772491cc6c32f51332e487d1818570f", "1d29ab734b0c9585240069a6e4e3e91b61da1969",
                "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        assertThat(bouncy.replace("BouncyCastle SHA1Digest", "JDK MessageDigest")).isEqualTo(jdk);
    }

    @Test
    void stops_at_an_invalid_key_and_says_why() {
        HandshakeExplainer.KeyExplanation e = explainer.explainKey("not a key");
        assertThat(e.accept()).isEmpty();
        assertThat(e.toText()).contains("INVALID: not base64").contains("400 Bad Request");
    }

    @Test
    void explains_the_seed_request_rule_by_rule_then_the_exact_response() {
        HandshakeExplainer.RequestExplanation e =
                explainer.explainRequest(HandshakeExplainer.RFC_REQUEST.getBytes(StandardCharsets.US_ASCII));
        assertThat(e.accepted()).isTrue();
        assertThat(e.checks()).hasSize(10).allMatch(HandshakeCheck::passed);
        String text = e.toText();
        assertThat(text).contains("[PASS] Sec-WebSocket-Version is 13  (RFC 6455 §4.2.1 item 6)")
                .contains("HSmrc0sMlYUkAGmm5OPpG2HaGWk=")
                .contains("HTTP/1.1 101 Switching Protocols\\r\\n")
                .contains("Sec-WebSocket-Protocol: chat\\r\\n")
                .doesNotContain("[FAIL]");
    }

    @Test
    void shows_every_failing_rule_and_the_rejection_bytes() {
        String request = "POST /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 7\r\n\r\n";
        HandshakeExplainer.RequestExplanation e = explainer.explainRequest(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(e.accepted()).isFalse();
        assertThat(e.toText()).contains("[FAIL] the method is GET")
                .contains("[FAIL] Connection lists 'Upgrade'")
                .contains("[FAIL] one Sec-WebSocket-Key")
                .contains("[FAIL] Sec-WebSocket-Version is 13")
                .contains("REJECTED: 405 Method Not Allowed")
                .contains("HTTP/1.1 405 Method Not Allowed\\r\\n")
                .contains("Allow: GET\\r\\n");
    }

    @Test
    void shows_the_rejection_body_as_utf8_text() {
        String request = "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n"
                + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        String text = explainer.explainRequest(request.getBytes(StandardCharsets.US_ASCII)).toText();
        assertThat(text).contains("(RFC 6455 §4.2.1").doesNotContain("\\xc2\\xa7");
    }

    @Test
    void reports_a_head_that_does_not_parse_with_the_400_it_earns() {
        HandshakeExplainer.RequestExplanation e = explainer.explainRequest(
                "GET / HTTP/1.1\r\nHost: a\r\nX: folded\r\n more\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(e.parseError()).get().asString().contains("RFC 9112 §5.2");
        assertThat(e.toText()).contains("[FAIL]").contains("HTTP/1.1 400 Bad Request\\r\\n");
    }

    @Test
    void converts_a_text_file_with_lf_endings_and_says_so() {
        String lf = HandshakeExplainer.RFC_REQUEST.replace("\r\n", "\n").trim() + "\n";
        HandshakeExplainer.RequestExplanation e = explainer.explainRequest(lf.getBytes(StandardCharsets.US_ASCII));
        assertThat(e.accepted()).isTrue();
        assertThat(e.notes()).hasSize(2);
        assertThat(e.toText()).contains("converted to CRLF").contains("added the empty line");
    }

    @Test
    void an_unfinished_head_gets_no_answer_yet() {
        HandshakeExplainer.RequestExplanation e = explainer.explainRequest(
                "GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(e.decision()).isEmpty();
        assertThat(e.toText()).contains("sends nothing");
    }

    @Test
    void mentions_bytes_that_follow_the_head() {
        byte[] head = HandshakeExplainer.RFC_REQUEST.getBytes(StandardCharsets.US_ASCII);
        byte[] withFrame = java.util.Arrays.copyOf(head, head.length + 3);
        assertThat(explainer.explainRequest(withFrame).notes()).anyMatch(n -> n.contains("3 byte(s) after the head"));
    }

    @Test
    void shows_the_deflate_negotiation_offer_by_offer_and_the_answer() {
        HandshakeExplainer.RequestExplanation e =
                explainer.explainRequest(HandshakeExplainer.DEFLATE_REQUEST.getBytes(StandardCharsets.US_ASCII));
        assertThat(e.accepted()).isTrue();
        assertThat(e.toText()).contains("Negotiate extensions")
                .contains("[ok]   offer 1 parameter \"client_max_window_bits\"  (RFC 7692 §7.1.2.2)")
                .contains("accepted: answer \"permessage-deflate\"")
                .contains("extensions: permessage-deflate\n")
                .contains("Sec-WebSocket-Extensions: permessage-deflate\\r\\n");
    }

    @Test
    void the_seed_request_without_offers_has_no_negotiation_section() {
        assertThat(explainer.explainRequest(HandshakeExplainer.RFC_REQUEST.getBytes(StandardCharsets.US_ASCII)).toText())
                .doesNotContain("Negotiate extensions");
    }
}
