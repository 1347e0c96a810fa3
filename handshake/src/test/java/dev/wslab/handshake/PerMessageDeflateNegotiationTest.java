package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per negotiation rule of RFC 7692 §5 and §7.1, for the server's choice and the client's check. */
class PerMessageDeflateNegotiationTest {

    private static List<ExtensionOffer> offers(String header) {
        return ((ExtensionHeaderParser.Result.Parsed) ExtensionHeaderParser.parse(header)).extensions();
    }

    private static Optional<String> answer(PerMessageDeflateNegotiator server, String header) {
        List<ExtensionOffer> accepted = server.negotiate(offers(header));
        assertThat(accepted).hasSizeLessThanOrEqualTo(1);
        return accepted.stream().findFirst().map(ExtensionOffer::toHeaderValue);
    }

    private static Optional<String> answer(String header) {
        return answer(PerMessageDeflateNegotiator.withDefaults(), header);
    }

    @Nested
    class ServerChoosesAnOffer {
        @Test
        void accepts_a_bare_offer_with_a_bare_answer() {
            assertThat(answer("permessage-deflate")).contains("permessage-deflate");
        }

        @Test
        void accepts_the_browser_offer_without_limiting_the_client_window() {
            // §7.1.2.2: client_max_window_bits without a value only says the client could honour a limit.
            assertThat(answer("permessage-deflate; client_max_window_bits")).contains("permessage-deflate");
        }

        @Test
        void picks_the_first_offer_it_can_honour_in_the_clients_order() {
            PerMessageDeflateNegotiator server = PerMessageDeflateNegotiator.builder().minServerWindowBits(10).build();
            assertThat(answer(server, "permessage-deflate; server_max_window_bits=9, "
                    + "permessage-deflate; server_max_window_bits=12, permessage-deflate"))
                    .contains("permessage-deflate; server_max_window_bits=12");
        }

        @Test
        void skips_extensions_it_does_not_implement() {
            assertThat(answer("x-webkit-deflate-frame, permessage-deflate")).contains("permessage-deflate");
            assertThat(answer("x-webkit-deflate-frame")).isEmpty();
        }

        @Test
        void declines_an_offer_with_an_unknown_parameter() {
            assertThat(answer("permessage-deflate; max_window_bits=10")).isEmpty();
        }

        @Test
        void declines_an_offer_with_a_parameter_twice() {
            assertThat(answer("permessage-deflate; server_no_context_takeover; server_no_context_takeover")).isEmpty();
            assertThat(answer("permessage-deflate; client_max_window_bits; client_max_window_bits=10")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"7", "16", "08", "0", "ten", "1x", "-9"})
        void declines_a_server_window_out_of_range_or_with_leading_zeros(String bits) {
            assertThat(answer("permessage-deflate; server_max_window_bits=\"" + bits + "\"")).isEmpty();
        }

        @Test
        void declines_a_server_window_without_a_value() {
            // §7.1.2.1: server_max_window_bits always carries a value.
            assertThat(answer("permessage-deflate; server_max_window_bits")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"7", "16", "015"})
        void declines_a_client_window_value_out_of_range(String bits) {
            assertThat(answer("permessage-deflate; client_max_window_bits=" + bits)).isEmpty();
        }

        @Test
        void declines_a_no_context_takeover_with_a_value() {
            assertThat(answer("permessage-deflate; server_no_context_takeover=1")).isEmpty();
            assertThat(answer("permessage-deflate; client_no_context_takeover=true")).isEmpty();
        }

        @Test
        void accepts_a_quoted_window_value() {
            // RFC 6455 §9.1: a quoted-string value is unquoted first, then must be a token.
            assertThat(answer("permessage-deflate; server_max_window_bits=\"10\"")).contains(
                    "permessage-deflate; server_max_window_bits=10");
        }

        @Test
        void echoes_server_no_context_takeover_when_asked() {
            assertThat(answer("permessage-deflate; server_no_context_takeover"))
                    .contains("permessage-deflate; server_no_context_takeover");
        }

        @Test
        void accepts_client_no_context_takeover_as_announced() {
            assertThat(answer("permessage-deflate; client_no_context_takeover"))
                    .contains("permessage-deflate; client_no_context_takeover");
        }

        @ParameterizedTest
        @ValueSource(ints = {8, 9, 12, 15})
        void honours_every_server_window_from_8_to_15_by_default(int bits) {
            String expected = bits == 15 ? "permessage-deflate" : "permessage-deflate; server_max_window_bits=" + bits;
            assertThat(answer("permessage-deflate; server_max_window_bits=" + bits)).contains(expected);
        }

        @Test
        void declines_a_server_window_below_its_configured_minimum() {
            PerMessageDeflateNegotiator strict = PerMessageDeflateNegotiator.builder().minServerWindowBits(15).build();
            assertThat(answer(strict, "permessage-deflate; server_max_window_bits=10")).isEmpty();
        }

        @Test
        void answers_with_its_own_smaller_server_window_even_unasked() {
            PerMessageDeflateNegotiator small = PerMessageDeflateNegotiator.builder().serverWindowBits(11).build();
            assertThat(answer(small, "permessage-deflate")).contains("permessage-deflate; server_max_window_bits=11");
            assertThat(answer(small, "permessage-deflate; server_max_window_bits=9"))
                    .contains("permessage-deflate; server_max_window_bits=9");
        }

        @Test
        void limits_the_client_window_only_when_the_client_offered_the_parameter() {
            PerMessageDeflateNegotiator server = PerMessageDeflateNegotiator.builder().clientWindowBits(10).build();
            assertThat(answer(server, "permessage-deflate")).contains("permessage-deflate");
            assertThat(answer(server, "permessage-deflate; client_max_window_bits"))
                    .contains("permessage-deflate; client_max_window_bits=10");
            // Never above the client's own hint (§7.1.2.2).
            assertThat(answer(server, "permessage-deflate; client_max_window_bits=9"))
                    .contains("permessage-deflate; client_max_window_bits=9");
        }

        @Test
        void asks_for_no_context_takeover_by_policy() {
            PerMessageDeflateNegotiator server = PerMessageDeflateNegotiator.builder()
                    .serverNoContextTakeover(true).clientNoContextTakeover(true).build();
            assertThat(answer(server, "permessage-deflate"))
                    .contains("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        }

        @Test
        void rejects_a_policy_window_out_of_range() {
            assertThatThrownBy(() -> PerMessageDeflateNegotiator.builder().serverWindowBits(7))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void explains_each_parameter_and_the_answer() {
            List<HandshakeCheck> checks = PerMessageDeflateNegotiator.withDefaults().explain(
                    offers("permessage-deflate; server_max_window_bits=16, permessage-deflate; client_max_window_bits"));
            assertThat(checks).extracting(HandshakeCheck::passed).containsExactly(false, false, true, true);
            assertThat(checks.get(0).detail()).contains("\"16\" is not a decimal from 8 to 15");
            assertThat(checks.get(1).detail()).startsWith("declined");
            assertThat(checks.get(3).detail()).isEqualTo("accepted: answer \"permessage-deflate\"");
        }

        @Test
        void a_declined_offer_never_fails_the_handshake() {
            ServerHandshake server = ServerHandshake.builder()
                    .extensionNegotiator(PerMessageDeflateNegotiator.withDefaults()).build();
            HandshakeDecision d = server.decide(Requests.parse(Requests.seedPlus(
                    "Sec-WebSocket-Extensions: permessage-deflate; bogus")));
            assertThat(d).isInstanceOf(HandshakeDecision.Accepted.class);
            assertThat(d.headers().first("Sec-WebSocket-Extensions")).isEmpty();
        }

        @Test
        void the_servers_answer_appears_in_the_101() {
            ServerHandshake server = ServerHandshake.builder()
                    .extensionNegotiator(PerMessageDeflateNegotiator.withDefaults()).build();
            HandshakeDecision.Accepted d = (HandshakeDecision.Accepted) server.decide(Requests.parse(Requests.seedPlus(
                    "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover")));
            assertThat(d.headers().first("Sec-WebSocket-Extensions")).contains("permessage-deflate; server_no_context_takeover");
            assertThat(DeflateParameters.agreedIn(d.extensions())).contains(new DeflateParameters(true, false, 15, 15, false));
        }
    }

    @Nested
    class ClientChecksTheAnswer {
        private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
        private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

        private ClientHandshakeResult validate(DeflateOffer offer, String answer) {
            ClientHandshake client = ClientHandshake.builder().host("h").key(KEY)
                    .extensions(List.of(offer.toExtension())).build();
            HttpFields f = HttpFields.of().with("Upgrade", "websocket").with("Connection", "Upgrade")
                    .with("Sec-WebSocket-Accept", ACCEPT).with("Sec-WebSocket-Extensions", answer);
            return client.validate(UpgradeResponse.of(101, f));
        }

        private ClientHandshakeResult.Failed failed(DeflateOffer offer, String answer) {
            ClientHandshakeResult r = validate(offer, answer);
            assertThat(r).isInstanceOf(ClientHandshakeResult.Failed.class);
            return (ClientHandshakeResult.Failed) r;
        }

        private DeflateParameters agreed(DeflateOffer offer, String answer) {
            ClientHandshakeResult r = validate(offer, answer);
            assertThat(r).isInstanceOf(ClientHandshakeResult.Established.class);
            return DeflateParameters.agreedIn(((ClientHandshakeResult.Established) r).extensions()).orElseThrow();
        }

        @Test
        void the_standard_offer_is_what_browsers_send() {
            assertThat(DeflateOffer.standard().toExtension().toHeaderValue())
                    .isEqualTo("permessage-deflate; client_max_window_bits");
        }

        @Test
        void accepts_a_bare_answer_with_defaults() {
            assertThat(agreed(DeflateOffer.standard(), "permessage-deflate")).isEqualTo(DeflateParameters.DEFAULTS);
        }

        @Test
        void accepts_server_no_context_takeover_unasked() {
            // §7.1.1.1: a server may reset its own context even when not asked.
            assertThat(agreed(DeflateOffer.standard(), "permessage-deflate; server_no_context_takeover")
                    .serverNoContextTakeover()).isTrue();
        }

        @Test
        void accepts_a_client_window_limit_when_offered_and_applies_it() {
            DeflateParameters p = agreed(DeflateOffer.standard(), "permessage-deflate; client_max_window_bits=9");
            assertThat(p.windowBitsFor(false)).isEqualTo(9);
        }

        @Test
        void fails_on_a_client_window_limit_it_did_not_offer() {
            DeflateOffer noLimit = new DeflateOffer(false, false, OptionalInt.empty(), false, OptionalInt.empty());
            assertThat(failed(noLimit, "permessage-deflate; client_max_window_bits=10").expected())
                    .contains("client_max_window_bits, which we did not offer");
        }

        @Test
        void fails_on_a_client_window_above_the_offered_hint() {
            DeflateOffer hint = new DeflateOffer(false, false, OptionalInt.empty(), true, OptionalInt.of(10));
            assertThat(failed(hint, "permessage-deflate; client_max_window_bits=12").expected()).contains("above the 10");
        }

        @Test
        void fails_on_a_client_window_without_a_value_in_the_answer() {
            assertThat(failed(DeflateOffer.standard(), "permessage-deflate; client_max_window_bits").expected())
                    .contains("needs a value");
        }

        @Test
        void fails_on_a_server_window_above_the_offered_limit() {
            DeflateOffer limit = new DeflateOffer(false, false, OptionalInt.of(10), false, OptionalInt.empty());
            assertThat(failed(limit, "permessage-deflate; server_max_window_bits=12").expected()).contains("above the 10");
            assertThat(failed(limit, "permessage-deflate").expected()).contains("above the 10");
        }

        @Test
        void fails_when_server_no_context_takeover_was_asked_but_not_answered() {
            DeflateOffer ask = new DeflateOffer(true, false, OptionalInt.empty(), false, OptionalInt.empty());
            assertThat(failed(ask, "permessage-deflate").expected()).contains("lacks it");
        }

        @Test
        void fails_on_an_unknown_parameter() {
            ClientHandshakeResult.Failed f = failed(DeflateOffer.standard(), "permessage-deflate; foo");
            assertThat(f.expected()).contains("unknown parameter");
            assertThat(f.rfcSection()).isEqualTo("RFC 7692 §7.1");
        }

        @Test
        void fails_on_a_parameter_twice() {
            assertThat(failed(DeflateOffer.standard(), "permessage-deflate; server_no_context_takeover; server_no_context_takeover")
                    .expected()).contains("appears twice");
        }

        @Test
        void fails_on_an_out_of_range_value() {
            assertThat(failed(DeflateOffer.standard(), "permessage-deflate; server_max_window_bits=16").expected())
                    .contains("not a decimal from 8 to 15");
        }

        @Test
        void fails_when_the_answer_holds_permessage_deflate_twice() {
            assertThat(failed(DeflateOffer.standard(), "permessage-deflate, permessage-deflate").rfcSection())
                    .isEqualTo("RFC 7692 §5");
        }

        @Test
        void an_answer_matching_any_of_several_offers_is_accepted() {
            DeflateOffer first = new DeflateOffer(true, false, OptionalInt.of(10), false, OptionalInt.empty());
            ClientHandshake client = ClientHandshake.builder().host("h").key(KEY)
                    .extensions(List.of(first.toExtension(), DeflateOffer.standard().toExtension())).build();
            HttpFields f = HttpFields.of().with("Upgrade", "websocket").with("Connection", "Upgrade")
                    .with("Sec-WebSocket-Accept", ACCEPT).with("Sec-WebSocket-Extensions", "permessage-deflate");
            assertThat(client.validate(UpgradeResponse.of(101, f)))
                    .isInstanceOf(ClientHandshakeResult.Established.class);
        }

        @Test
        void the_server_and_client_agree_on_every_offer_the_server_accepts() {
            PerMessageDeflateNegotiator server = PerMessageDeflateNegotiator.builder()
                    .clientWindowBits(11).serverWindowBits(12).clientNoContextTakeover(true).build();
            for (DeflateOffer offer : List.of(DeflateOffer.standard(),
                    new DeflateOffer(true, true, OptionalInt.of(9), true, OptionalInt.of(10)),
                    new DeflateOffer(false, false, OptionalInt.of(15), false, OptionalInt.empty()))) {
                ExtensionOffer answered = server.negotiate(List.of(offer.toExtension())).get(0);
                assertThat(agreed(offer, answered.toHeaderValue())).isEqualTo(DeflateParameters.read(answered).parameters().orElseThrow());
            }
        }
    }
}
