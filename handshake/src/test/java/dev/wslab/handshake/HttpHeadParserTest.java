package dev.wslab.handshake;

import static dev.wslab.handshake.Requests.SEED;
import static dev.wslab.handshake.Requests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadParserTest {

    private static HeadParseResult<UpgradeRequest> parse(String text) {
        return HttpHeadParser.parseRequest(bytes(text));
    }

    private static HeadParseResult.Failed<UpgradeRequest> failed(String text) {
        HeadParseResult<UpgradeRequest> r = parse(text);
        assertThat(r).isInstanceOf(HeadParseResult.Failed.class);
        return (HeadParseResult.Failed<UpgradeRequest>) r;
    }

    @Test
    void parses_the_seed_request() {
        UpgradeRequest r = Requests.parse(SEED);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.target()).isEqualTo("/chat");
        assertThat(r.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(r.fields().first("sec-websocket-key")).contains("x3JJHMbDL1EzLkh9GBhXDw==");
        assertThat(r.fields().tokens("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat");
        assertThat(r.fields().size()).isEqualTo(7);
    }

    @Test
    void serialising_a_parsed_request_gives_the_same_bytes() {
        assertThat(new String(Requests.parse(SEED).toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(SEED);
    }

    @Test
    void needs_more_until_the_empty_line_arrives() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
        String almost = SEED.substring(0, SEED.length() - 1);
        assertThat(parser.feed(ByteBuffer.wrap(bytes(almost)))).isInstanceOf(HeadParseResult.NeedMore.class);
        assertThat(parser.feed(ByteBuffer.wrap(bytes("\n")))).isInstanceOf(HeadParseResult.Complete.class);
    }

    @Test
    void accepts_the_head_one_byte_at_a_time() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
        byte[] all = bytes(SEED);
        HeadParseResult<UpgradeRequest> last = null;
        for (int i = 0; i < all.length; i++) {
            last = parser.feed(ByteBuffer.wrap(all, i, 1));
            if (i < all.length - 1) {
                assertThat(last).isInstanceOf(HeadParseResult.NeedMore.class);
            }
        }
        assertThat(last).isInstanceOf(HeadParseResult.Complete.class);
        assertThat(((HeadParseResult.Complete<UpgradeRequest>) last).head()).isEqualTo(Requests.parse(SEED));
    }

    @Test
    void returns_the_bytes_after_the_head_never_losing_them() {
        byte[] frame = {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        byte[] head = bytes(SEED);
        ByteBuffer chunk = ByteBuffer.allocate(head.length + frame.length).put(head).put(frame).flip();
        HeadParseResult<UpgradeRequest> r = HttpHeadParser.forRequests().feed(chunk);
        assertThat(r).isInstanceOf(HeadParseResult.Complete.class);
        ByteBuffer leftover = ((HeadParseResult.Complete<UpgradeRequest>) r).leftover();
        byte[] rest = new byte[leftover.remaining()];
        leftover.get(rest);
        assertThat(rest).isEqualTo(frame);
        assertThat(chunk.position()).isEqualTo(head.length);
    }

    @Test
    void leftover_is_empty_when_the_chunk_ends_with_the_head() {
        HeadParseResult<UpgradeRequest> r = parse(SEED);
        assertThat(((HeadParseResult.Complete<UpgradeRequest>) r).leftover().remaining()).isZero();
    }

    @Test
    void ignores_empty_lines_before_the_request_line() {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line.
        assertThat(parse("\r\n" + SEED)).isInstanceOf(HeadParseResult.Complete.class);
    }

    @Test
    void rejects_obsolete_line_folding() {
        HeadParseResult.Failed<UpgradeRequest> f = failed(Requests.seedPlus("X-Folded: one\r\n two"));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.rfcSection()).isEqualTo("RFC 9112 §5.2");
        assertThat(f.reason()).contains("folding");
    }

    @Test
    void rejects_whitespace_between_field_name_and_colon() {
        HeadParseResult.Failed<UpgradeRequest> f = failed(Requests.seedPlus("X-Space : value"));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.rfcSection()).isEqualTo("RFC 9112 §5.1");
    }

    @Test
    void rejects_a_bare_lf_line_ending() {
        assertThat(failed("GET / HTTP/1.1\nHost: a\r\n\r\n").rfcSection()).isEqualTo("RFC 9112 §2.2");
    }

    @Test
    void rejects_a_bare_cr() {
        assertThat(failed("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n").rfcSection()).isEqualTo("RFC 9112 §2.2");
    }

    @Test
    void rejects_a_header_line_without_colon() {
        assertThat(failed(Requests.seedPlus("NoColonHere")).status()).isEqualTo(400);
    }

    @Test
    void rejects_a_field_name_that_is_not_a_token() {
        assertThat(failed(Requests.seedPlus("Bad(Name): v")).rfcSection()).isEqualTo("RFC 9110 §5.1");
        assertThat(failed(Requests.seedPlus(": v")).status()).isEqualTo(400);
    }

    @Test
    void rejects_control_characters_in_a_value() {
        assertThat(failed(Requests.seedPlus("X-Nul: a\u0000b")).rfcSection()).isEqualTo("RFC 9110 §5.5");
        assertThat(failed(Requests.seedPlus("X-Del: a\u007Fb")).status()).isEqualTo(400);
    }

    @Test
    void trims_optional_whitespace_around_values_and_keeps_inner_spaces() {
        UpgradeRequest r = Requests.parse(Requests.seedPlus("X-Spaces: \t a  b \t"));
        assertThat(r.fields().first("X-Spaces")).contains("a  b");
        assertThat(Requests.parse(Requests.seedPlus("X-Empty:")).fields().first("X-Empty")).contains("");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /chat HTTP/1.1 extra",
            "GET  /chat HTTP/1.1",
            "GET /chat",
            "GET /chat HTTP/1",
            "GET /chat HTTPS/1.1",
            "G(T /chat HTTP/1.1",
            "GET /ch\u00e9t HTTP/1.1",
    })
    void rejects_malformed_request_lines(String requestLine) {
        HeadParseResult.Failed<UpgradeRequest> f = failed(requestLine + "\r\nHost: a\r\n\r\n");
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.rfcSection()).isEqualTo("RFC 9112 §3");
    }

    @Test
    void stops_at_the_head_size_limit_with_431() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests(new HeadLimits(100, 100, 100));
        String big = "GET / HTTP/1.1\r\n" + "X-A: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(5);
        HeadParseResult<UpgradeRequest> r = parser.feed(ByteBuffer.wrap(bytes(big)));
        assertThat(r).isInstanceOf(HeadParseResult.Failed.class);
        assertThat(((HeadParseResult.Failed<UpgradeRequest>) r).status()).isEqualTo(431);
    }

    @Test
    void stops_at_the_header_count_limit_with_431() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests(new HeadLimits(8192, 3, 100));
        HeadParseResult<UpgradeRequest> r = parser.feed(ByteBuffer.wrap(bytes(
                "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n")));
        assertThat(((HeadParseResult.Failed<UpgradeRequest>) r).status()).isEqualTo(431);
        assertThat(((HeadParseResult.Failed<UpgradeRequest>) r).reason()).contains("3 header lines");
    }

    @Test
    void stops_at_the_line_length_limit_with_431_for_a_header_and_414_for_the_request_line() {
        HeadLimits limits = new HeadLimits(8192, 100, 20);
        HeadParseResult<UpgradeRequest> header = HttpHeadParser.forRequests(limits)
                .feed(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nX-Long: 0123456789012345\r\n")));
        assertThat(((HeadParseResult.Failed<UpgradeRequest>) header).status()).isEqualTo(431);
        HeadParseResult<UpgradeRequest> line = HttpHeadParser.forRequests(limits)
                .feed(ByteBuffer.wrap(bytes("GET /a-very-long-path-indeed HTTP/1.1\r\n")));
        assertThat(((HeadParseResult.Failed<UpgradeRequest>) line).status()).isEqualTo(414);
    }

    @Test
    void an_endless_header_fails_without_buffering_it() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
        parser.feed(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nX-Flood: ")));
        byte[] flood = new byte[1024];
        java.util.Arrays.fill(flood, (byte) 'a');
        HeadParseResult<UpgradeRequest> r = new HeadParseResult.NeedMore<>();
        for (int i = 0; i < 1000 && r instanceof HeadParseResult.NeedMore; i++) {
            r = parser.feed(ByteBuffer.wrap(flood));
        }
        assertThat(r).isInstanceOf(HeadParseResult.Failed.class);
    }

    @Test
    void keeps_answering_failed_after_a_failure() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
        HeadParseResult<UpgradeRequest> first = parser.feed(ByteBuffer.wrap(bytes("BAD\r\n")));
        assertThat(first).isInstanceOf(HeadParseResult.Failed.class);
        assertThat(parser.feed(ByteBuffer.wrap(bytes(SEED)))).isEqualTo(first);
    }

    @Test
    void refuses_to_read_on_after_a_complete_head() {
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
        parser.feed(ByteBuffer.wrap(bytes(SEED)));
        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(bytes("x")))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parses_a_response_head() {
        HeadParseResult<UpgradeResponse> r = HttpHeadParser.parseResponse(bytes(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
        UpgradeResponse response = ((HeadParseResult.Complete<UpgradeResponse>) r).head();
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.reasonPhrase()).isEqualTo("Switching Protocols");
        assertThat(response.fields().first("upgrade")).contains("websocket");
    }

    @Test
    void accepts_a_status_line_without_reason_phrase() {
        HeadParseResult<UpgradeResponse> r = HttpHeadParser.parseResponse(bytes("HTTP/1.1 101\r\n\r\n"));
        assertThat(((HeadParseResult.Complete<UpgradeResponse>) r).head().reasonPhrase()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 1O1 Switching", "HTTP/1.1  101 x", "HTTP/1.1 101x", "HTTP/1.1 099 x", "HTTP/11 101 x"})
    void rejects_malformed_status_lines(String statusLine) {
        assertThat(HttpHeadParser.parseResponse(bytes(statusLine + "\r\n\r\n"))).isInstanceOf(HeadParseResult.Failed.class);
    }

    @Test
    void a_failure_converts_to_a_complete_http_rejection() {
        HandshakeDecision.Rejected rejected = failed(Requests.seedPlus("X-Folded: a\r\n b")).toRejection();
        assertThat(new String(rejected.toResponseBytes(), StandardCharsets.UTF_8))
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("RFC 9112 §5.2");
    }
}
