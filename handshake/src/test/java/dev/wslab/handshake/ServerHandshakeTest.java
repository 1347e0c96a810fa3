package dev.wslab.handshake;

import static dev.wslab.handshake.Requests.SEED;
import static dev.wslab.handshake.Requests.parse;
import static dev.wslab.handshake.Requests.seedPlus;
import static dev.wslab.handshake.Requests.seedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of RFC 6455 §4.2 that {@link ServerHandshake} enforces, named after the rule. */
class ServerHandshakeTest {
    private final ServerHandshake server = ServerHandshake.withDefaults();

    private HandshakeDecision.Rejected rejected(String request) {
        return rejected(server, request);
    }

    private static HandshakeDecision.Rejected rejected(ServerHandshake server, String request) {
        HandshakeDecision d = server.decide(parse(request));
        assertThat(d).isInstanceOf(HandshakeDecision.Rejected.class);
        return (HandshakeDecision.Rejected) d;
    }

    private static HandshakeDecision.Accepted accepted(ServerHandshake server, String request) {
        HandshakeDecision d = server.decide(parse(request));
        assertThat(d).isInstanceOf(HandshakeDecision.Accepted.class);
        return (HandshakeDecision.Accepted) d;
    }

    private HandshakeDecision.Accepted accepted(String request) {
        return accepted(server, request);
    }

    @Nested
    class RequestRules_4_2_1 {
        @ParameterizedTest
        @ValueSource(strings = {"POST", "HEAD", "get", "PUT"})
        void rejects_request_whose_method_is_not_GET(String method) {
            HandshakeDecision.Rejected r = rejected(SEED.replaceFirst("GET", method));
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.headers().first("Allow")).contains("GET");
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §4.2.1 item 1");
        }

        @Test
        void rejects_request_older_than_HTTP_1_1() {
            HandshakeDecision.Rejected r = rejected(SEED.replaceFirst("HTTP/1.1", "HTTP/1.0"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.reason()).contains("HTTP/1.0");
        }

        @Test
        void accepts_a_request_of_a_higher_HTTP_version() {
            accepted(SEED.replaceFirst("HTTP/1.1", "HTTP/1.2"));
        }

        @Test
        void rejects_request_without_Host() {
            HandshakeDecision.Rejected r = rejected(seedWith("Host", ""));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §4.2.1 item 2");
            assertThat(r.reason()).contains("Host header is missing");
        }

        @Test
        void rejects_request_with_more_than_one_Host() {
            assertThat(rejected(seedPlus("Host: other.example.com")).reason()).contains("2 times");
        }

        @Test
        void rejects_request_whose_Upgrade_does_not_list_websocket() {
            HandshakeDecision.Rejected r = rejected(seedWith("Upgrade", "Upgrade: h2c"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §4.2.1 item 3");
            assertThat(r.reason()).contains("h2c");
        }

        @Test
        void rejects_request_without_Upgrade() {
            assertThat(rejected(seedWith("Upgrade", "")).reason()).contains("Upgrade header is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Upgrade: WebSocket", "Upgrade: WEBSOCKET", "Upgrade: h2c, websocket", "upgrade:websocket"})
        void accepts_Upgrade_websocket_in_any_case_and_inside_a_list(String line) {
            accepted(seedWith("Upgrade", line));
        }

        @Test
        void rejects_request_whose_Connection_does_not_list_Upgrade() {
            HandshakeDecision.Rejected r = rejected(seedWith("Connection", "Connection: keep-alive"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §4.2.1 item 4");
        }

        @Test
        void rejects_request_without_Connection() {
            assertThat(rejected(seedWith("Connection", "")).reason()).contains("Connection header is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Connection: keep-alive, Upgrade", "Connection: upgrade", "Connection: UPGRADE,keep-alive"})
        void accepts_Connection_listing_Upgrade_in_any_case(String line) {
            accepted(seedWith("Connection", line));
        }

        @Test
        void accepts_Connection_Upgrade_split_over_two_lines() {
            accepted(seedWith("Connection", "Connection: keep-alive\r\nConnection: Upgrade"));
        }

        @Test
        void rejects_request_without_Sec_WebSocket_Key() {
            HandshakeDecision.Rejected r = rejected(seedWith("Sec-WebSocket-Key", ""));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §4.2.1 item 5");
        }

        @ParameterizedTest
        @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAAA=", "not-base64!", "dGhlIHNhbXBsZSBub25jZQ"})
        void rejects_Sec_WebSocket_Key_that_is_not_base64_of_16_bytes(String key) {
            assertThat(rejected(seedWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + key)).reason())
                    .contains("not base64 of exactly 16 bytes");
        }

        @Test
        void rejects_Sec_WebSocket_Key_appearing_more_than_once() {
            // RFC 6455 §11.3.1: the field MUST NOT appear more than once in a request.
            assertThat(rejected(seedPlus("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")).reason()).contains("2 times");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Sec-WebSocket-Version: 8", "Sec-WebSocket-Version: 13, 8", "Sec-WebSocket-Version: 14", ""})
        void answers_426_naming_version_13_when_Sec_WebSocket_Version_is_not_13(String line) {
            HandshakeDecision.Rejected r = rejected(seedWith("Sec-WebSocket-Version", line));
            assertThat(r.status()).isEqualTo(426);
            assertThat(r.headers().values("Sec-WebSocket-Version")).containsExactly("13");
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §4.2.1 item 6");
        }

        @Test
        void rejects_Sec_WebSocket_Version_sent_twice() {
            assertThat(rejected(seedPlus("Sec-WebSocket-Version: 13")).status()).isEqualTo(426);
        }

        @Test
        void rejects_subprotocols_that_are_not_tokens() {
            HandshakeDecision.Rejected r = rejected(seedWith("Sec-WebSocket-Protocol", "Sec-WebSocket-Protocol: chat, a/b"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.reason()).contains("a/b");
        }

        @Test
        void rejects_a_subprotocol_offered_twice() {
            assertThat(rejected(seedPlus("Sec-WebSocket-Protocol: chat")).reason()).contains("offered twice");
        }

        @Test
        void rejects_a_malformed_Sec_WebSocket_Extensions() {
            HandshakeDecision.Rejected r = rejected(seedPlus("Sec-WebSocket-Extensions: permessage-deflate; =x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.rfcSection()).isEqualTo("RFC 6455 §9.1");
        }

        @Test
        void reports_every_rule_not_only_the_first_broken() {
            List<HandshakeCheck> checks = server.check(parse(
                    "POST /chat HTTP/1.0\r\nUpgrade: h2c\r\nSec-WebSocket-Version: 8\r\n\r\n"));
            assertThat(checks).hasSize(10);
            assertThat(checks).filteredOn(c -> !c.passed()).extracting(HandshakeCheck::rfcSection).containsExactly(
                    "RFC 6455 §4.2.1 item 1", "RFC 6455 §4.2.1 item 1", "RFC 6455 §4.2.1 item 2",
                    "RFC 6455 §4.2.1 item 3", "RFC 6455 §4.2.1 item 4", "RFC 6455 §4.2.1 item 5",
                    "RFC 6455 §4.2.1 item 6");
            assertThat(server.check(parse(SEED))).allMatch(HandshakeCheck::passed);
        }
    }

    @Nested
    class ResponseRules_4_2_2 {
        @Test
        void answers_the_seed_request_with_the_exact_101_response() {
            ServerHandshake chat = ServerHandshake.builder().subprotocols("chat").build();
            HandshakeDecision.Accepted a = accepted(chat, SEED);
            assertThat(a.accept()).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
            assertThat(a.subprotocol()).contains("chat");
            assertThat(new String(a.toResponseBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(
                    "HTTP/1.1 101 Switching Protocols\r\n"
                            + "Upgrade: websocket\r\n"
                            + "Connection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=\r\n"
                            + "Sec-WebSocket-Protocol: chat\r\n"
                            + "\r\n");
        }

        @Test
        void accept_is_computed_from_the_key_as_sent_with_the_rfc_sample() {
            HandshakeDecision.Accepted a = accepted(seedWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
            assertThat(a.headers().first("Sec-WebSocket-Accept")).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }

        @Test
        void accept_is_the_same_with_the_BouncyCastle_sha1() {
            ServerHandshake bc = ServerHandshake.builder().sha1(Sha1Provider.BOUNCY_CASTLE).build();
            assertThat(accepted(bc, SEED).accept()).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        }

        @Test
        void selects_no_subprotocol_when_the_server_has_none() {
            HandshakeDecision.Accepted a = accepted(SEED);
            assertThat(a.subprotocol()).isEmpty();
            assertThat(a.headers().contains("Sec-WebSocket-Protocol")).isFalse();
        }

        @Test
        void selects_the_first_server_preference_that_the_client_offered() {
            ServerHandshake s = ServerHandshake.builder().subprotocols("superchat", "chat").build();
            assertThat(accepted(s, SEED).subprotocol()).contains("superchat");
        }

        @Test
        void never_selects_a_subprotocol_the_client_did_not_offer() {
            ServerHandshake s = ServerHandshake.builder().subprotocols("mqtt", "CHAT").build();
            HandshakeDecision.Accepted a = accepted(s, SEED);
            assertThat(a.subprotocol()).isEmpty();
            assertThat(a.headers().contains("Sec-WebSocket-Protocol")).isFalse();
        }

        @Test
        void reads_subprotocols_offered_on_several_lines() {
            ServerHandshake s = ServerHandshake.builder().subprotocols("v2").build();
            assertThat(accepted(s, seedPlus("Sec-WebSocket-Protocol: v2")).subprotocol()).contains("v2");
        }

        @Test
        void declines_every_extension_by_default() {
            HandshakeDecision.Accepted a = accepted(seedPlus("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"));
            assertThat(a.extensions()).isEmpty();
            assertThat(a.headers().contains("Sec-WebSocket-Extensions")).isFalse();
        }

        @Test
        void answers_with_the_extensions_the_negotiator_accepts() {
            ServerHandshake s = ServerHandshake.builder().extensionNegotiator(offers -> offers.stream()
                    .filter(o -> o.name().equals("x-test"))
                    .map(o -> ExtensionOffer.of("x-test", ExtensionParameter.of("level", "2")))
                    .toList()).build();
            HandshakeDecision.Accepted a = accepted(s, seedPlus("Sec-WebSocket-Extensions: foo, x-test; level=\"1\""));
            assertThat(a.extensions()).containsExactly(ExtensionOffer.of("x-test", ExtensionParameter.of("level", "2")));
            assertThat(a.headers().first("Sec-WebSocket-Extensions")).contains("x-test; level=2");
        }

        @Test
        void a_negotiator_accepting_an_extension_not_offered_is_a_bug_reported_loudly() {
            ServerHandshake s = ServerHandshake.builder()
                    .extensionNegotiator(offers -> List.of(ExtensionOffer.of("never-offered"))).build();
            assertThatThrownBy(() -> s.decide(parse(seedPlus("Sec-WebSocket-Extensions: foo"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("never-offered");
        }

        @Test
        void rejects_an_origin_the_policy_refuses_with_403() {
            ServerHandshake s = ServerHandshake.builder()
                    .originPolicy(OriginPolicy.allowList(List.of("https://chat.example.com"))).build();
            HandshakeDecision.Rejected r = rejected(s, SEED);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.reason()).contains("http://example.com");
            accepted(s, seedWith("Origin", "Origin: https://chat.example.com"));
        }

        @Test
        void rejects_when_the_origin_policy_throws() {
            ServerHandshake s = ServerHandshake.builder().originPolicy((o, r) -> {
                throw new IllegalStateException("bug");
            }).build();
            assertThat(rejected(s, SEED).status()).isEqualTo(403);
        }

        @Test
        void adds_extra_response_headers_but_not_over_the_handshake_ones() {
            ServerHandshake s = ServerHandshake.builder().responseHeader("Server", "wslab").build();
            HandshakeDecision.Accepted a = accepted(s, SEED).withHeader("Set-Cookie", "id=1");
            assertThat(a.headers().first("Server")).contains("wslab");
            assertThat(a.headers().first("Set-Cookie")).contains("id=1");
            assertThatThrownBy(() -> a.withHeader("Sec-WebSocket-Accept", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.withHeader("X", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_rejection_is_a_complete_http_response_with_reason_and_section() {
            HandshakeDecision.Rejected r = rejected(seedWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"));
            String text = new String(r.toResponseBytes(), StandardCharsets.UTF_8);
            String body = r.body();
            assertThat(text).startsWith("HTTP/1.1 426 Upgrade Required\r\n")
                    .contains("Sec-WebSocket-Version: 13\r\n")
                    .contains("Connection: close\r\n")
                    .contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                    .endsWith("\r\n\r\n" + body);
            assertThat(body).contains("version 13").contains("RFC 6455 §4.2.1 item 6");
        }

        @Test
        void a_parsed_response_of_an_acceptance_validates_with_the_client() {
            HandshakeDecision.Accepted a = accepted(SEED);
            UpgradeResponse response = ((HeadParseResult.Complete<UpgradeResponse>)
                    HttpHeadParser.parseResponse(a.toResponseBytes())).head();
            assertThat(response).isEqualTo(a.toResponse());
            assertThat(response.fields().first("Sec-WebSocket-Accept")).isEqualTo(Optional.of(a.accept()));
        }
    }
}
