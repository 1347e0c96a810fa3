package dev.wslab.handshake;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The client side of the opening handshake (RFC 6455 §4.1): builds the upgrade request and checks
 * the server's response. No I/O: write {@link #requestBytes()}, read the response head with
 * {@link HttpHeadParser#forResponses()}, then call {@link #validate(UpgradeResponse)}.
 *
 * <pre>{@code
 * ClientHandshake client = ClientHandshake.builder()
 *         .host("localhost:8080").target("/chat?room=lobby")
 *         .subprotocols("chat")
 *         .header("Authorization", "Bearer " + token)
 *         .build();
 * socket.write(client.requestBytes());
 * ClientHandshakeResult result = client.validate(response);
 * }</pre>
 *
 * <p>One instance describes one connection attempt: its key is fixed when built (random by
 * default, §4.1 item 7: a new nonce for every connection).
 */
public final class ClientHandshake {
    private static final Set<String> HANDSHAKE_FIELDS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    private final String host;
    private final String target;
    private final String key;
    private final List<String> subprotocols;
    private final List<ExtensionOffer> extensions;
    private final Optional<String> origin;
    private final HttpFields extraHeaders;
    private final Sha1Provider sha1;
    private final UpgradeRequest request;

    private ClientHandshake(Builder b) {
        this.host = b.host;
        this.target = b.target;
        this.key = b.key != null ? b.key : SecWebSocketKey.generate();
        this.subprotocols = List.copyOf(b.subprotocols);
        this.extensions = List.copyOf(b.extensions);
        this.origin = b.origin;
        this.extraHeaders = b.extraHeaders.build();
        this.sha1 = b.sha1;
        this.request = buildRequest();
    }

    /**
     * A builder; {@link Builder#host(String)} is required.
     *
     * @return a new builder with target {@code /}, no subprotocols, no extensions and a random key
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset from a {@code ws://} or {@code wss://} URI: host (with the port unless it is
     * the default 80/443) and target (path and query, §3).
     *
     * @param uri a {@code ws://} or {@code wss://} URI without fragment, e.g. {@code ws://localhost:8080/chat}
     * @return a builder with host and target set; the other settings can still be changed
     * @throws IllegalArgumentException if the scheme is not ws/wss, there is no host, or the URI has a
     *                                  fragment (RFC 6455 §3: fragments MUST NOT be used)
     */
    public static Builder forUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("a WebSocket URI has scheme ws or wss: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a WebSocket URI needs a host: " + uri);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a WebSocket URI must not have a fragment (RFC 6455 §3): " + uri);
        }
        int defaultPort = scheme.equals("wss") ? 443 : 80;
        String hostPart = uri.getHost();
        if (uri.getPort() != -1 && uri.getPort() != defaultPort) {
            hostPart += ":" + uri.getPort();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String targetPart = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return builder().host(hostPart).target(targetPart);
    }

    private UpgradeRequest buildRequest() {
        // RFC 6455 §4.1 items 1-11, laid out in the order of the RFC's example (§1.2); the order of
        // fields carries no meaning (RFC 9110 §5.3), so this only makes the bytes familiar.
        HttpFields fields = HttpFields.of()
                .with("Host", host)                               // item 4
                .with("Upgrade", "websocket")                     // item 5
                .with("Connection", "Upgrade")                    // item 6
                .with("Sec-WebSocket-Key", key);                  // item 7
        if (origin.isPresent()) {
            fields = fields.with("Origin", origin.get());         // item 8
        }
        if (!subprotocols.isEmpty()) {
            fields = fields.with("Sec-WebSocket-Protocol", String.join(", ", subprotocols)); // item 10
        }
        if (!extensions.isEmpty()) {
            fields = fields.with("Sec-WebSocket-Extensions", ExtensionOffer.toHeaderValue(extensions)); // item 11
        }
        fields = fields.with("Sec-WebSocket-Version", "13");      // item 9
        return UpgradeRequest.get(target, fields.withAll(extraHeaders));
    }

    /**
     * The request as a value.
     *
     * @return the GET request this attempt sends, handshake fields first, then any extra headers
     */
    public UpgradeRequest request() {
        return request;
    }

    /**
     * The request head as bytes, ready to write to the socket.
     *
     * @return a new array with the request line, header lines and the empty line, CRLF-terminated (RFC 9112 §2.1)
     */
    public byte[] requestBytes() {
        return request.toBytes();
    }

    /**
     * The {@code Sec-WebSocket-Key} this attempt sends.
     *
     * @return the base64 of a 16-byte nonce, 24 characters (§4.1 item 7)
     */
    public String key() {
        return key;
    }

    /**
     * The {@code Sec-WebSocket-Accept} the server must answer with.
     *
     * @return base64 of SHA-1 over the key plus the GUID of §1.3, 28 characters
     */
    public String expectedAccept() {
        return SecWebSocketAccept.of(key, sha1);
    }

    /**
     * Checks the server's response as RFC 6455 §4.1 requires of a client, in the RFC's order; the
     * first problem found is returned as {@link ClientHandshakeResult.Failed}.
     *
     * @param response the parsed response head from the server
     * @return {@link ClientHandshakeResult.Established} with the agreed subprotocol and extensions, or
     *     {@link ClientHandshakeResult.Failed} naming the first check that failed; the client must then
     *     fail the connection (§4.1)
     */
    public ClientHandshakeResult validate(UpgradeResponse response) {
        HttpFields f = response.fields();
        // §4.1 check 1: anything but 101 means the handshake did not complete.
        if (response.status() != 101) {
            return failed("status", "101 (Switching Protocols)",
                    response.status() + " " + response.reasonPhrase(), "§4.1 (response check 1)");
        }
        // §4.1 check 2: the Upgrade value must be "websocket", ASCII case-insensitive — the server
        // names the one protocol it switched to, not a list.
        List<String> upgrade = f.tokens("Upgrade");
        if (upgrade.size() != 1 || !upgrade.get(0).equalsIgnoreCase("websocket")) {
            return failed("Upgrade", "\"websocket\"", shown(f.combined("Upgrade")), "§4.1 (response check 2)");
        }
        // §4.1 check 3: Connection must contain the token "Upgrade", ASCII case-insensitive.
        if (!f.hasToken("Connection", "Upgrade")) {
            return failed("Connection", "a list holding \"Upgrade\"", shown(f.combined("Connection")),
                    "§4.1 (response check 3)");
        }
        // §4.1 check 4: the accept must be base64(SHA-1(key + GUID)) for the key we sent.
        List<String> accepts = f.values("Sec-WebSocket-Accept");
        String expected = expectedAccept();
        if (accepts.size() != 1 || !accepts.get(0).equals(expected)) {
            return failed("Sec-WebSocket-Accept", "\"" + expected + "\" (from our key \"" + key + "\")",
                    shown(f.combined("Sec-WebSocket-Accept")), "§4.1 (response check 4)");
        }
        // §4.1 check 5: only extensions we offered.
        List<ExtensionOffer> inUse = List.of();
        List<String> extensionValues = f.values("Sec-WebSocket-Extensions");
        if (!extensionValues.isEmpty()) {
            ExtensionHeaderParser.Result parsed = ExtensionHeaderParser.parse(extensionValues);
            if (parsed instanceof ExtensionHeaderParser.Result.Malformed) {
                return failed("Sec-WebSocket-Extensions", "a list following the §9.1 grammar",
                        shown(f.combined("Sec-WebSocket-Extensions")), "§4.1 (response check 5), §9.1");
            }
            inUse = ((ExtensionHeaderParser.Result.Parsed) parsed).extensions();
            Set<String> offered = new HashSet<>();
            for (ExtensionOffer e : extensions) {
                offered.add(e.name().toLowerCase(Locale.ROOT));
            }
            for (ExtensionOffer e : inUse) {
                if (!offered.contains(e.name().toLowerCase(Locale.ROOT))) {
                    return failed("Sec-WebSocket-Extensions", extensions.isEmpty() ? "absent (we offered none)"
                                    : "only extensions we offered: " + ExtensionOffer.toHeaderValue(extensions),
                            shown(f.combined("Sec-WebSocket-Extensions")), "§4.1 (response check 5)");
                }
            }
            Optional<ClientHandshakeResult.Failed> deflateProblem = checkDeflateAnswer(inUse,
                    shown(f.combined("Sec-WebSocket-Extensions")));
            if (deflateProblem.isPresent()) {
                return deflateProblem.get();
            }
        }
        // §4.1 check 6: at most one subprotocol, and one we offered.
        List<String> protocolLines = f.values("Sec-WebSocket-Protocol");
        Optional<String> selected = Optional.empty();
        if (!protocolLines.isEmpty()) {
            String expectedProtocol = subprotocols.isEmpty() ? "absent (we offered none)"
                    : "one of " + String.join(", ", subprotocols);
            if (protocolLines.size() != 1 || !subprotocols.contains(protocolLines.get(0))) {
                return failed("Sec-WebSocket-Protocol", expectedProtocol,
                        shown(f.combined("Sec-WebSocket-Protocol")), "§4.1 (response check 6)");
            }
            selected = Optional.of(protocolLines.get(0));
        }
        return new ClientHandshakeResult.Established(selected, inUse);
    }

    /**
     * RFC 7692 §7.1: the client fails the connection if the answer's {@code permessage-deflate} has an
     * unknown, repeated or out-of-range parameter, or a configuration none of our offers allowed.
     */
    private Optional<ClientHandshakeResult.Failed> checkDeflateAnswer(List<ExtensionOffer> inUse, String actual) {
        ExtensionOffer answer = null;
        for (ExtensionOffer e : inUse) {
            if (PerMessageDeflate.isPerMessageDeflate(e)) {
                if (answer != null) {
                    return Optional.of(new ClientHandshakeResult.Failed("Sec-WebSocket-Extensions",
                            "permessage-deflate at most once (the server accepts one offer)", actual, "RFC 7692 §5"));
                }
                answer = e;
            }
        }
        if (answer == null) {
            return Optional.empty();
        }
        DeflateParameters.Reading reading = DeflateParameters.read(answer);
        for (HandshakeCheck c : reading.checks()) {
            if (!c.passed()) {
                return Optional.of(new ClientHandshakeResult.Failed("Sec-WebSocket-Extensions",
                        "valid permessage-deflate parameters, but " + c.detail(), actual, c.rfcSection()));
            }
        }
        List<String> problems = new ArrayList<>();
        for (ExtensionOffer offered : extensions) {
            if (PerMessageDeflate.isPerMessageDeflate(offered)) {
                Optional<DeflateOffer> ours = DeflateOffer.read(offered).offer();
                if (ours.isEmpty()) {
                    continue;
                }
                Optional<String> problem = ours.get().problemWith(reading.parameters().orElseThrow());
                if (problem.isEmpty()) {
                    return Optional.empty();
                }
                problems.add(problem.get());
            }
        }
        return Optional.of(new ClientHandshakeResult.Failed("Sec-WebSocket-Extensions",
                "an answer one of our permessage-deflate offers allows, but " + String.join("; ", problems),
                actual, "RFC 7692 §7.1"));
    }

    private static ClientHandshakeResult.Failed failed(String header, String expected, String actual, String section) {
        return new ClientHandshakeResult.Failed(header, expected, actual, "RFC 6455 " + section);
    }

    private static String shown(Optional<String> value) {
        return value.map(HttpSyntax::quoteForMessage).orElse("(absent)");
    }

    /** Configures a {@link ClientHandshake}. */
    public static final class Builder {
        private String host;
        private String target = "/";
        private String key;
        private List<String> subprotocols = List.of();
        private List<ExtensionOffer> extensions = List.of();
        private Optional<String> origin = Optional.empty();
        private final HttpFields.Builder extraHeaders = HttpFields.builder();
        private Sha1Provider sha1 = Sha1Provider.JDK;

        private Builder() {
        }

        /**
         * The {@code Host} value: the host, plus {@code :port} when not the default port (§4.1 item 4).
         *
         * @param hostAndPort the host, with {@code :port} unless 80 for ws / 443 for wss, e.g. {@code localhost:8080}
         * @return this builder, for chaining
         * @throws IllegalArgumentException if empty or holding whitespace or control characters
         */
        public Builder host(String hostAndPort) {
            if (hostAndPort == null || hostAndPort.isEmpty() || !HttpSyntax.isVisibleAscii(hostAndPort)) {
                throw new IllegalArgumentException("host must be host[:port] in visible ASCII: "
                        + HttpSyntax.quoteForMessage(hostAndPort));
            }
            this.host = hostAndPort;
            return this;
        }

        /**
         * The request target: path and optional query, e.g. {@code /chat?room=lobby} (§4.1 item 3).
         *
         * @param pathAndQuery the absolute path and optional query, percent-encoded; {@code /} by default
         * @return this builder, for chaining
         * @throws IllegalArgumentException unless it starts with {@code /}, has no fragment and only visible ASCII
         */
        public Builder target(String pathAndQuery) {
            if (pathAndQuery == null || !pathAndQuery.startsWith("/") || pathAndQuery.contains("#")
                    || !HttpSyntax.isVisibleAscii(pathAndQuery)) {
                throw new IllegalArgumentException("target must be /path[?query] in visible ASCII without '#': "
                        + HttpSyntax.quoteForMessage(pathAndQuery));
            }
            this.target = pathAndQuery;
            return this;
        }

        /**
         * A fixed key instead of a random one — for tests and for the RFC examples only; a real
         * client needs a fresh random key per connection (§4.1 item 7, §10.3).
         *
         * @param fixedKey base64 of exactly 16 bytes (24 characters), e.g. {@code dGhlIHNhbXBsZSBub25jZQ==} from §1.3
         * @return this builder, for chaining
         * @throws IllegalArgumentException if not a valid key
         */
        public Builder key(String fixedKey) {
            if (!SecWebSocketKey.isValid(fixedKey)) {
                throw new IllegalArgumentException("not a valid Sec-WebSocket-Key (base64 of 16 bytes): "
                        + HttpSyntax.quoteForMessage(fixedKey));
            }
            this.key = fixedKey;
            return this;
        }

        /**
         * The subprotocols to offer, most preferred first (§4.1 item 10).
         *
         * @param offered unique tokens, most preferred first; empty (the default) sends no {@code Sec-WebSocket-Protocol}
         * @return this builder, for chaining
         * @throws IllegalArgumentException if a name is not a token or is repeated (§4.1 item 10: the
         *                                  elements MUST be tokens and MUST all be unique)
         */
        public Builder subprotocols(List<String> offered) {
            Set<String> seen = new HashSet<>();
            for (String p : offered) {
                if (!HttpSyntax.isToken(p)) {
                    throw new IllegalArgumentException("a subprotocol must be a token: " + HttpSyntax.quoteForMessage(p));
                }
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("subprotocol offered twice: " + p);
                }
            }
            this.subprotocols = List.copyOf(offered);
            return this;
        }

        /**
         * The subprotocols to offer, most preferred first.
         *
         * @param offered unique tokens, most preferred first; none sends no {@code Sec-WebSocket-Protocol}
         * @return this builder, for chaining
         */
        public Builder subprotocols(String... offered) {
            return subprotocols(List.of(offered));
        }

        /**
         * The extensions to offer, in order of preference (§4.1 item 11, §9.1).
         *
         * @param offered the offers, most preferred first; empty (the default) sends no {@code Sec-WebSocket-Extensions}
         * @return this builder, for chaining
         */
        public Builder extensions(List<ExtensionOffer> offered) {
            this.extensions = List.copyOf(offered);
            return this;
        }

        /**
         * An {@code Origin} to send, as a browser would (§4.1 item 8); none by default.
         *
         * @param serializedOrigin the origin as scheme://host[:port] (RFC 6454 §6.2), e.g. {@code https://example.com}
         * @return this builder, for chaining
         */
        public Builder origin(String serializedOrigin) {
            if (!HttpSyntax.isSafeFieldValue(serializedOrigin) || serializedOrigin.isEmpty()) {
                throw new IllegalArgumentException("origin must be a non-empty header value");
            }
            this.origin = Optional.of(serializedOrigin);
            return this;
        }

        /**
         * Any other header, e.g. {@code Authorization} or {@code Cookie} (§4.1 item 12).
         *
         * @param name  the field name; must be a token and not one of the handshake's own fields
         * @param value the field value; must not hold CR, LF or other control characters
         * @return this builder, for chaining
         * @throws IllegalArgumentException for a field the handshake sets itself, or a name/value that
         *                                  could break the request
         */
        public Builder header(String name, String value) {
            if (name != null && HANDSHAKE_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is set by the handshake itself");
            }
            if (name != null && name.equalsIgnoreCase("Origin")) {
                throw new IllegalArgumentException("use origin(...) to send an Origin");
            }
            extraHeaders.add(name, value);
            return this;
        }

        /**
         * Which SHA-1 computes the expected accept; the default is the JDK's.
         *
         * @param provider the SHA-1 implementation; not null
         * @return this builder, for chaining
         */
        public Builder sha1(Sha1Provider provider) {
            this.sha1 = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * @return a new attempt with its key fixed; call once per connection
         * @throws IllegalStateException if no host was set
         */
        public ClientHandshake build() {
            if (host == null) {
                throw new IllegalStateException("host is required (RFC 6455 §4.1 item 4)");
            }
            return new ClientHandshake(this);
        }
    }
}
