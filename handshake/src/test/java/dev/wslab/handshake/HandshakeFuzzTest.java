package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fuzz targets for the head parsers and both handshake roles.
 *
 * <p>In a normal build ({@code mvn verify}) Jazzer runs in regression mode: each target is called on
 * the seed corpus in {@code src/test/resources/dev/wslab/handshake/HandshakeFuzzTestInputs/<method>/}
 * (and on an empty input). To fuzz for real, by hand:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl handshake test -Dtest=HandshakeFuzzTest#request_head_parser_and_server_decision
 * </pre>
 * Inputs that crash are written next to the seeds and then replayed by every later build.
 *
 * <p>The property checked: any bytes end in a value (need-more, a parsed head, or a failure with a
 * 4xx status), the server always produces a response, and nothing throws.
 */
class HandshakeFuzzTest {
    private static final HeadLimits SMALL = new HeadLimits(2048, 32, 512);

    private static final ServerHandshake SERVER = ServerHandshake.builder()
            .subprotocols("chat", "superchat")
            .originPolicy(OriginPolicy.sameHost())
            .extensionNegotiator(offers -> offers.isEmpty() ? List.of() : List.of(offers.get(0)))
            .build();

    @FuzzTest(maxDuration = "30s")
    void request_head_parser_and_server_decision(byte[] input) {
        // Split the input in two at a point taken from its first byte, to exercise incremental parsing.
        int cut = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests(SMALL);
        HeadParseResult<UpgradeRequest> r = parser.feed(ByteBuffer.wrap(input, 0, cut));
        if (r instanceof HeadParseResult.NeedMore) {
            r = parser.feed(ByteBuffer.wrap(input, cut, input.length - cut));
        }
        if (input.length > SMALL.maxHeadBytes()) {
            assertThat(r).isNotInstanceOf(HeadParseResult.NeedMore.class);
        }
        if (r instanceof HeadParseResult.Failed) {
            HeadParseResult.Failed<UpgradeRequest> f = (HeadParseResult.Failed<UpgradeRequest>) r;
            assertThat(f.status()).isBetween(400, 499);
            assertThat(f.toRejection().toResponseBytes()).isNotEmpty();
        } else if (r instanceof HeadParseResult.Complete) {
            UpgradeRequest request = ((HeadParseResult.Complete<UpgradeRequest>) r).head();
            HandshakeDecision decision = SERVER.decide(request);
            assertThat(SERVER.check(request)).hasSize(10);
            byte[] response = decision.toResponseBytes();
            // Whatever we answer must itself be a well-formed response head.
            assertThat(HttpHeadParser.parseResponse(response)).isInstanceOf(HeadParseResult.Complete.class);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void response_head_parser_and_client_validation(byte[] input) {
        HeadParseResult<UpgradeResponse> r = HttpHeadParser.forResponses(SMALL).feed(ByteBuffer.wrap(input));
        if (r instanceof HeadParseResult.Complete) {
            ClientHandshake client = ClientHandshake.builder().host("server.example.com")
                    .key("x3JJHMbDL1EzLkh9GBhXDw==").subprotocols("chat", "superchat")
                    .extensions(List.of(ExtensionOffer.of("permessage-deflate"))).build();
            ClientHandshakeResult result = client.validate(((HeadParseResult.Complete<UpgradeResponse>) r).head());
            assertThat(result).isNotNull();
        }
    }
}
