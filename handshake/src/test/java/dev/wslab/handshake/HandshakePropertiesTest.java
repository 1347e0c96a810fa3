package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

/** Properties of keys, the head parser and the server decision, checked on generated input. */
class HandshakePropertiesTest {

    // ---- keys ---------------------------------------------------------------------------------

    @Property
    void generated_keys_always_validate_and_give_28_character_accepts(@ForAll long seed) {
        String key = SecWebSocketKey.generate(new Random(seed));
        assertThat(SecWebSocketKey.isValid(key)).isTrue();
        assertThat(key).hasSize(24);
        String accept = SecWebSocketAccept.of(key);
        assertThat(accept).hasSize(28);
        assertThat(Base64.getDecoder().decode(accept)).hasSize(20);
        assertThat(SecWebSocketAccept.of(key, Sha1Provider.BOUNCY_CASTLE)).isEqualTo(accept);
    }

    @Property
    void a_key_is_valid_exactly_when_it_is_base64_of_16_bytes(@ForAll @Size(max = 40) byte[] bytes) {
        String encoded = Base64.getEncoder().encodeToString(bytes);
        assertThat(SecWebSocketKey.isValid(encoded)).isEqualTo(bytes.length == 16);
    }

    // ---- the head parser ----------------------------------------------------------------------

    /** Requests valid and invalid, some with bytes after the head. */
    @Provide
    Arbitrary<String> requests() {
        return Arbitraries.of(
                Requests.SEED,
                Requests.SEED + "\u0081\u0085abcdefghi",
                Requests.seedWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"),
                Requests.seedWith("Sec-WebSocket-Key", ""),
                Requests.seedPlus("X-Folded: a\r\n b"),
                Requests.seedPlus("Bad Name: v"),
                "GET / HTTP/1.1\nHost: x\r\n\r\n",
                "POST /x HTTP/1.0\r\nHost: h\r\n\r\n",
                "\r\n\r\n" + Requests.SEED);
    }

    @Property
    void any_split_of_the_request_bytes_gives_the_same_result(
            @ForAll("requests") String request,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        byte[] bytes = Requests.bytes(request);
        HeadParseResult<UpgradeRequest> whole = HttpHeadParser.parseRequest(bytes);

        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests();
        HeadParseResult<UpgradeRequest> last = new HeadParseResult.NeedMore<>();
        ByteArrayCollector rest = new ByteArrayCollector();
        int from = 0;
        List<Integer> points = new ArrayList<>(cuts.stream().map(c -> Math.min(c, bytes.length)).sorted().toList());
        points.add(bytes.length);
        for (int to : points) {
            ByteBuffer chunk = ByteBuffer.wrap(bytes, from, to - from);
            if (last instanceof HeadParseResult.NeedMore) {
                last = parser.feed(chunk);
                if (last instanceof HeadParseResult.Complete) {
                    rest.add(((HeadParseResult.Complete<UpgradeRequest>) last).leftover());
                }
            } else {
                rest.add(chunk); // after the head: these bytes belong to the next layer
            }
            from = to;
        }
        if (whole instanceof HeadParseResult.Complete) {
            HeadParseResult.Complete<UpgradeRequest> w = (HeadParseResult.Complete<UpgradeRequest>) whole;
            assertThat(last).isInstanceOf(HeadParseResult.Complete.class);
            assertThat(((HeadParseResult.Complete<UpgradeRequest>) last).head()).isEqualTo(w.head());
            assertThat(rest.bytes()).isEqualTo(new ByteArrayCollector().add(w.leftover()).bytes());
        } else {
            assertThat(last).isEqualTo(whole);
        }
    }

    @Property(tries = 300)
    void random_bytes_always_end_in_a_value_never_an_exception(@ForAll @Size(max = 3000) byte[] bytes) {
        HeadParseResult<UpgradeRequest> r = HttpHeadParser.forRequests(new HeadLimits(1024, 20, 256))
                .feed(ByteBuffer.wrap(bytes));
        assertThat(r).isNotNull();
        if (bytes.length > 1024) {
            // Bounded memory: past the head limit the parser has decided, it does not keep reading.
            assertThat(r).isNotInstanceOf(HeadParseResult.NeedMore.class);
        }
        decideIfComplete(r);
    }

    @Property(tries = 100)
    void inputs_longer_than_the_head_limit_are_decided_by_the_limit(@ForAll @Size(min = 1025, max = 4000) byte[] bytes) {
        HeadParseResult<UpgradeRequest> r = HttpHeadParser.forRequests(new HeadLimits(1024, 20, 256))
                .feed(ByteBuffer.wrap(bytes));
        assertThat(r).isNotInstanceOf(HeadParseResult.NeedMore.class);
        decideIfComplete(r);
    }

    @Property(tries = 500)
    void mutated_requests_always_end_in_a_decision_or_an_error_value(
            @ForAll("requests") String request, @ForAll Random random) {
        byte[] bytes = mutate(Requests.bytes(request), random);
        HeadParseResult<UpgradeRequest> r = HttpHeadParser.parseRequest(bytes);
        assertThat(r).isNotNull();
        decideIfComplete(r);
        HttpHeadParser.parseResponse(bytes);
    }

    @Property(tries = 50)
    void an_endless_head_fails_by_the_limit(@ForAll @IntRange(min = 1, max = 500) int chunkSize, @ForAll byte filler) {
        HeadLimits limits = new HeadLimits(4096, 50, 1024);
        HttpHeadParser<UpgradeRequest> parser = HttpHeadParser.forRequests(limits);
        byte[] chunk = new byte[chunkSize];
        java.util.Arrays.fill(chunk, filler == '\r' || filler == '\n' ? (byte) 'a' : filler);
        HeadParseResult<UpgradeRequest> r = parser.feed(ByteBuffer.wrap(Requests.bytes("GET / HTTP/1.1\r\nX: ")));
        long fed = 0;
        while (r instanceof HeadParseResult.NeedMore) {
            r = parser.feed(ByteBuffer.wrap(chunk));
            fed += chunkSize;
            assertThat(fed).isLessThanOrEqualTo(limits.maxHeadBytes() + chunkSize);
        }
        assertThat(r).isInstanceOf(HeadParseResult.Failed.class);
    }

    private static void decideIfComplete(HeadParseResult<UpgradeRequest> r) {
        if (r instanceof HeadParseResult.Complete) {
            HandshakeDecision d = ServerHandshake.builder().subprotocols("chat").originPolicy(OriginPolicy.sameHost()).build()
                    .decide(((HeadParseResult.Complete<UpgradeRequest>) r).head());
            assertThat(d.toResponseBytes()).isNotEmpty();
        }
    }

    private static byte[] mutate(byte[] input, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : input) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(8);
        byte[] interesting = {'\r', '\n', ' ', '\t', ':', ',', ';', '"', '=', 0, (byte) 0xFF, 'a'};
        for (int e = 0; e < edits && !bytes.isEmpty(); e++) {
            int at = random.nextInt(bytes.size());
            byte b = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
            switch (random.nextInt(3)) {
                case 0: bytes.set(at, b); break;
                case 1: bytes.add(at, b); break;
                default: bytes.remove(at); break;
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    // ---- the server decision ------------------------------------------------------------------

    /** Header lists from which requests are written; some acceptable, some not. */
    @Provide
    Arbitrary<Map<String, String>> headerSets() {
        Map<String, String> seed = new LinkedHashMap<>();
        seed.put("Host", "server.example.com");
        seed.put("Upgrade", "websocket");
        seed.put("Connection", "keep-alive, Upgrade");
        seed.put("Sec-WebSocket-Key", "x3JJHMbDL1EzLkh9GBhXDw==");
        seed.put("Origin", "http://example.com");
        seed.put("Sec-WebSocket-Protocol", "chat, superchat");
        seed.put("Sec-WebSocket-Version", "13");
        Map<String, String> oldVersion = new LinkedHashMap<>(seed);
        oldVersion.put("Sec-WebSocket-Version", "8");
        Map<String, String> noUpgradeToken = new LinkedHashMap<>(seed);
        noUpgradeToken.put("Connection", "keep-alive, close");
        Map<String, String> otherUpgrade = new LinkedHashMap<>(seed);
        otherUpgrade.put("Upgrade", "h2c, websocket");
        Map<String, String> noKey = new LinkedHashMap<>(seed);
        noKey.remove("Sec-WebSocket-Key");
        Map<String, String> withExtensions = new LinkedHashMap<>(seed);
        withExtensions.put("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-test");
        return Arbitraries.of(List.of(seed, oldVersion, noUpgradeToken, otherUpgrade, noKey, withExtensions));
    }

    @Property(tries = 300)
    void name_case_order_whitespace_and_repeated_lines_do_not_change_the_decision(
            @ForAll("headerSets") Map<String, String> headers, @ForAll Random random) {
        ServerHandshake server = ServerHandshake.builder().subprotocols("superchat", "chat").build();
        HandshakeDecision plain = server.decide(Requests.parse(write(headers, new Random(0), false)));
        HandshakeDecision varied = server.decide(Requests.parse(write(headers, random, true)));
        assertThat(varied.status()).isEqualTo(plain.status());
        if (plain instanceof HandshakeDecision.Accepted) {
            assertThat(varied.toResponseBytes()).isEqualTo(plain.toResponseBytes());
        } else {
            assertThat(((HandshakeDecision.Rejected) varied).rfcSection())
                    .isEqualTo(((HandshakeDecision.Rejected) plain).rfcSection());
        }
    }

    /**
     * Writes a request from the header set; when {@code vary}: random case in names, groups of lines
     * in random order, random spaces and tabs around values, list values split over repeated lines.
     */
    private static String write(Map<String, String> headers, Random random, boolean vary) {
        List<List<String>> groups = new ArrayList<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            List<String> elements = List.of(h.getValue());
            boolean isTokenList = name.equals("Connection") || name.equals("Upgrade")
                    || name.equals("Sec-WebSocket-Protocol") || name.equals("Sec-WebSocket-Extensions");
            if (vary && isTokenList && random.nextBoolean()) {
                elements = List.of(h.getValue().split(",\\s*"));
            }
            List<String> lines = new ArrayList<>();
            for (String value : elements) {
                String n = vary ? randomCase(name, random) : name;
                String v = vary ? ows(random) + value + ows(random) : value;
                lines.add(n + ":" + (vary ? "" : " ") + v);
            }
            groups.add(lines);
        }
        if (vary) {
            java.util.Collections.shuffle(groups, random);
        }
        StringBuilder out = new StringBuilder("GET /chat HTTP/1.1\r\n");
        for (List<String> g : groups) {
            for (String line : g) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("\r\n").toString();
    }

    private static String randomCase(String name, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String ows(Random random) {
        return " \t  ".substring(0, random.nextInt(4));
    }

    // ---- both roles together ------------------------------------------------------------------

    @Property(tries = 200)
    void our_client_and_our_server_always_agree(
            @ForAll long keySeed,
            @ForAll @Size(max = 4) @UniqueElements List<@net.jqwik.api.From("protocolNames") String> offered,
            @ForAll @Size(max = 4) @UniqueElements List<@net.jqwik.api.From("protocolNames") String> spoken) {
        ClientHandshake client = ClientHandshake.builder().host("localhost:8080").target("/chat?room=a")
                .key(SecWebSocketKey.generate(new Random(keySeed))).subprotocols(offered).build();
        ServerHandshake server = ServerHandshake.builder().subprotocols(spoken).build();
        HandshakeDecision decision = server.decide(Requests.parse(new String(client.requestBytes(), StandardCharsets.ISO_8859_1)));
        assertThat(decision).isInstanceOf(HandshakeDecision.Accepted.class);
        UpgradeResponse response = ((HeadParseResult.Complete<UpgradeResponse>)
                HttpHeadParser.parseResponse(decision.toResponseBytes())).head();
        ClientHandshakeResult result = client.validate(response);
        assertThat(result).isInstanceOf(ClientHandshakeResult.Established.class);
        ClientHandshakeResult.Established established = (ClientHandshakeResult.Established) result;
        String expected = spoken.stream().filter(offered::contains).findFirst().orElse(null);
        assertThat(established.subprotocol().orElse(null)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> protocolNames() {
        return Arbitraries.of("chat", "superchat", "mqtt", "v2.json", "wamp");
    }

    /** Collects the bytes of several buffers. */
    private static final class ByteArrayCollector {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        ByteArrayCollector add(ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
