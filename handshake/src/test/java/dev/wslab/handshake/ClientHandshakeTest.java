package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per rule of RFC 6455 §4.1 that {@link ClientHandshake} enforces, named after the rule. */
class ClientHandshakeTest {
    private static final String KEY = "x3JJHMbDL1EzLkh9GBhXDw==";
    private static final String ACCEPT = "HSmrc0sMlYUkAGmm5OPpG2HaGWk=";

    private static ClientHandshake client() {
        return ClientHandshake.builder().host("server.example.com").target("/chat").key(KEY)
                .subprotocols("chat", "superchat").origin("http://example.com").build();
    }

    private static HttpFields goodFields() {
        return HttpFields.of().with("Upgrade", "websocket").with("Connection", "Upgrade")
                .with("Sec-WebSocket-Accept", ACCEPT);
    }

    private static UpgradeResponse response(HttpFields fields) {
        return UpgradeResponse.of(101, fields);
    }

    private static ClientHandshakeResult.Failed failed(ClientHandshake client, UpgradeResponse response) {
        ClientHandshakeResult r = client.validate(response);
        assertThat(r).isInstanceOf(ClientHandshakeResult.Failed.class);
        return (ClientHandshakeResult.Failed) r;
    }

    @Nested
    class RequestRules_4_1 {
        @Test
        void builds_the_seed_request_byte_for_byte() {
            assertThat(new String(client().requestBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(Requests.SEED);
        }

        @Test
        void request_is_GET_over_HTTP_1_1_with_path_and_query() {
            UpgradeRequest r = ClientHandshake.builder().host("h").target("/chat?room=lobby&x=1").build().request();
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(r.path()).isEqualTo("/chat");
            assertThat(r.query()).isEqualTo("room=lobby&x=1");
        }

        @Test
        void request_carries_Host_Upgrade_Connection_key_and_version_13() {
            HttpFields f = ClientHandshake.builder().host("localhost:8080").build().request().fields();
            assertThat(f.first("Host")).contains("localhost:8080");
            assertThat(f.first("Upgrade")).contains("websocket");
            assertThat(f.first("Connection")).contains("Upgrade");
            assertThat(f.first("Sec-WebSocket-Version")).contains("13");
            assertThat(SecWebSocketKey.isValid(f.first("Sec-WebSocket-Key").orElseThrow())).isTrue();
        }

        @Test
        void key_is_a_fresh_random_nonce_for_every_connection() {
            assertThat(ClientHandshake.builder().host("h").build().key())
                    .isNotEqualTo(ClientHandshake.builder().host("h").build().key());
        }

        @Test
        void host_is_required() {
            assertThatThrownBy(() -> ClientHandshake.builder().build()).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void subprotocols_must_be_distinct_tokens() {
            assertThatThrownBy(() -> ClientHandshake.builder().subprotocols("chat", "chat"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.builder().subprotocols("a b"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void extra_headers_such_as_Authorization_are_sent_but_cannot_replace_handshake_fields() {
            UpgradeRequest r = ClientHandshake.builder().host("h").header("Authorization", "Bearer abc").build().request();
            assertThat(r.fields().first("authorization")).contains("Bearer abc");
            assertThatThrownBy(() -> ClientHandshake.builder().header("Sec-WebSocket-Key", "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.builder().header("X", "a\r\nHost: evil"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void extensions_are_offered_in_the_9_1_syntax() {
            UpgradeRequest r = ClientHandshake.builder().host("h").extensions(List.of(
                    ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits")))).build().request();
            assertThat(r.fields().first("Sec-WebSocket-Extensions")).contains("permessage-deflate; client_max_window_bits");
        }

        @Test
        void a_ws_uri_gives_host_with_non_default_port_and_path_with_query() {
            ClientHandshake c = ClientHandshake.forUri(URI.create("ws://localhost:8080/chat?room=a%20b")).build();
            assertThat(c.request().fields().first("Host")).contains("localhost:8080");
            assertThat(c.request().target()).isEqualTo("/chat?room=a%20b");
            ClientHandshake d = ClientHandshake.forUri(URI.create("wss://example.com:443")).build();
            assertThat(d.request().fields().first("Host")).contains("example.com");
            assertThat(d.request().target()).isEqualTo("/");
        }

        @Test
        void a_uri_with_a_fragment_or_another_scheme_is_refused() {
            // RFC 6455 §3: fragment identifiers MUST NOT be used in WebSocket URIs.
            assertThatThrownBy(() -> ClientHandshake.forUri(URI.create("ws://h/chat#x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.forUri(URI.create("http://h/chat")))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void expected_accept_follows_the_key() {
            assertThat(client().expectedAccept()).isEqualTo(ACCEPT);
        }
    }

    @Nested
    class ResponseRules_4_1 {
        @Test
        void establishes_on_a_valid_101() {
            ClientHandshakeResult r = client().validate(response(goodFields().with("Sec-WebSocket-Protocol", "chat")));
            assertThat(r).isEqualTo(new ClientHandshakeResult.Established(java.util.Optional.of("chat"), List.of()));
        }

        @Test
        void fails_when_status_is_not_101() {
            ClientHandshakeResult.Failed f = failed(client(), UpgradeResponse.of(403, HttpFields.of()));
            assertThat(f.header()).isEqualTo("status");
            assertThat(f.actual()).isEqualTo("403 Forbidden");
            assertThat(f.message()).contains("status should be 101").contains("RFC 6455 §4.1");
        }

        @Test
        void fails_when_Upgrade_is_not_websocket() {
            ClientHandshakeResult.Failed f = failed(client(), response(goodFields().without("Upgrade").with("Upgrade", "h2c")));
            assertThat(f.header()).isEqualTo("Upgrade");
            assertThat(f.actual()).isEqualTo("\"h2c\"");
        }

        @Test
        void fails_when_Upgrade_names_more_than_websocket() {
            assertThat(failed(client(), response(goodFields().without("Upgrade").with("Upgrade", "websocket, h2c"))).header())
                    .isEqualTo("Upgrade");
        }

        @Test
        void fails_when_Upgrade_is_missing() {
            assertThat(failed(client(), response(goodFields().without("Upgrade"))).actual()).isEqualTo("(absent)");
        }

        @Test
        void accepts_Upgrade_and_Connection_in_any_case() {
            HttpFields f = HttpFields.of().with("upgrade", "WebSocket").with("connection", "keep-alive, upgrade")
                    .with("sec-websocket-accept", ACCEPT);
            assertThat(client().validate(response(f))).isInstanceOf(ClientHandshakeResult.Established.class);
        }

        @Test
        void fails_when_Connection_does_not_list_Upgrade() {
            ClientHandshakeResult.Failed f = failed(client(), response(goodFields().without("Connection").with("Connection", "close")));
            assertThat(f.header()).isEqualTo("Connection");
        }

        @Test
        void fails_when_Sec_WebSocket_Accept_does_not_match_the_key() {
            ClientHandshakeResult.Failed f = failed(client(), response(goodFields().without("Sec-WebSocket-Accept")
                    .with("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")));
            assertThat(f.header()).isEqualTo("Sec-WebSocket-Accept");
            assertThat(f.expected()).contains(ACCEPT);
            assertThat(f.actual()).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(f.rfcSection()).isEqualTo("RFC 6455 §4.1 (response check 4)");
        }

        @Test
        void fails_when_Sec_WebSocket_Accept_is_missing() {
            assertThat(failed(client(), response(goodFields().without("Sec-WebSocket-Accept"))).actual()).isEqualTo("(absent)");
        }

        @Test
        void fails_when_the_server_uses_an_extension_the_client_did_not_offer() {
            ClientHandshakeResult.Failed f = failed(client(), response(goodFields().with("Sec-WebSocket-Extensions", "permessage-deflate")));
            assertThat(f.header()).isEqualTo("Sec-WebSocket-Extensions");
            assertThat(f.expected()).contains("we offered none");
        }

        @Test
        void establishes_with_an_extension_the_client_offered() {
            ClientHandshake c = ClientHandshake.builder().host("h").key(KEY)
                    .extensions(List.of(ExtensionOffer.of("permessage-deflate"))).build();
            ClientHandshakeResult r = c.validate(response(goodFields().with("Sec-WebSocket-Extensions",
                    "permessage-deflate; server_no_context_takeover")));
            assertThat(((ClientHandshakeResult.Established) r).extensions()).extracting(ExtensionOffer::name)
                    .containsExactly("permessage-deflate");
        }

        @Test
        void fails_when_Sec_WebSocket_Extensions_is_malformed() {
            ClientHandshake c = ClientHandshake.builder().host("h").key(KEY)
                    .extensions(List.of(ExtensionOffer.of("permessage-deflate"))).build();
            assertThat(failed(c, response(goodFields().with("Sec-WebSocket-Extensions", "permessage-deflate;;"))).header())
                    .isEqualTo("Sec-WebSocket-Extensions");
        }

        @Test
        void fails_when_the_server_selects_a_subprotocol_the_client_did_not_offer() {
            ClientHandshakeResult.Failed f = failed(client(), response(goodFields().with("Sec-WebSocket-Protocol", "mqtt")));
            assertThat(f.header()).isEqualTo("Sec-WebSocket-Protocol");
            assertThat(f.expected()).isEqualTo("one of chat, superchat");
        }

        @Test
        void fails_when_the_server_selects_a_subprotocol_although_none_was_offered() {
            ClientHandshake c = ClientHandshake.builder().host("h").key(KEY).build();
            assertThat(failed(c, response(goodFields().with("Sec-WebSocket-Protocol", "chat"))).expected())
                    .contains("we offered none");
        }

        @Test
        void fails_when_the_server_selects_more_than_one_subprotocol() {
            assertThat(failed(client(), response(goodFields().with("Sec-WebSocket-Protocol", "chat, superchat"))).header())
                    .isEqualTo("Sec-WebSocket-Protocol");
            assertThat(failed(client(), response(goodFields().with("Sec-WebSocket-Protocol", "chat")
                    .with("Sec-WebSocket-Protocol", "chat"))).header()).isEqualTo("Sec-WebSocket-Protocol");
        }

        @Test
        void establishes_without_subprotocol_when_the_server_selects_none() {
            assertThat(((ClientHandshakeResult.Established) client().validate(response(goodFields()))).subprotocol()).isEmpty();
        }
    }
}
