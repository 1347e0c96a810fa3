package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server side of the opening handshake (RFC 6455 §4.2): reads an {@link UpgradeRequest} and
 * decides, as a value, whether to switch to WebSocket. It does no I/O; the caller writes
 * {@link HandshakeDecision#toResponseBytes()} (or copies {@link HandshakeDecision#headers()} into
 * its HTTP framework's response).
 *
 * <pre>{@code
 * ServerHandshake server = ServerHandshake.builder()
 *         .subprotocols(List.of("chat"))
 *         .originPolicy(OriginPolicy.allowList(List.of("https://chat.example.com")))
 *         .build();
 * HandshakeDecision decision = server.decide(request);
 * }</pre>
 *
 * <p>The rules, checked in this order; the first one broken decides the rejection:
 * <ol>
 * <li>the method is {@code GET} (§4.2.1 item 1) — else 405 with {@code Allow: GET};</li>
 * <li>the version is HTTP/1.1 or higher (§4.2.1 item 1) — else 400;</li>
 * <li>exactly one {@code Host} (§4.2.1 item 2, RFC 9112 §3.2) — else 400;</li>
 * <li>{@code Upgrade} lists {@code websocket}, any case (§4.2.1 item 3) — else 400;</li>
 * <li>{@code Connection} lists {@code Upgrade}, any case (§4.2.1 item 4) — else 400;</li>
 * <li>exactly one {@code Sec-WebSocket-Key} that decodes to 16 bytes (§4.2.1 item 5, §11.3.1) — else 400;</li>
 * <li>{@code Sec-WebSocket-Version} is exactly {@code 13} (§4.2.1 item 6, §4.2.2 step 4, §4.4) —
 *     else 426 with {@code Sec-WebSocket-Version: 13};</li>
 * <li>the {@link OriginPolicy} allows the {@code Origin} (§4.2.2 step 4, §10.2) — else 403;</li>
 * <li>{@code Sec-WebSocket-Protocol} is a list of distinct tokens (§4.1 item 10, §11.3.4) — else 400;</li>
 * <li>{@code Sec-WebSocket-Extensions} follows the §9.1 grammar — else 400.</li>
 * </ol>
 * Then the subprotocol is the first of the server's preferences the client offered (never one it
 * did not offer, §4.2.2 step 5.5) and the {@link ExtensionNegotiator} picks extensions among the
 * offers. Instances are immutable and thread-safe.
 */
public final class ServerHandshake {
    private final List<String> subprotocols;
    private final ExtensionNegotiator extensionNegotiator;
    private final OriginPolicy originPolicy;
    private final Sha1Provider sha1;
    private final HttpFields extraResponseHeaders;

    private ServerHandshake(Builder b) {
        this.subprotocols = List.copyOf(b.subprotocols);
        this.extensionNegotiator = b.extensionNegotiator;
        this.originPolicy = b.originPolicy;
        this.sha1 = b.sha1;
        this.extraResponseHeaders = b.extraResponseHeaders;
    }

    /**
     * A builder with no subprotocols, every extension declined, any origin allowed, JDK SHA-1.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A server with the defaults of {@link #builder()}.
     *
     * @return a server that accepts any valid handshake without subprotocol or extensions
     */
    public static ServerHandshake withDefaults() {
        return builder().build();
    }

    /**
     * The server's subprotocols, most preferred first.
     *
     * @return an unmodifiable list; empty when the server selects no subprotocol
     */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /**
     * Decides the answer to {@code request}: {@link HandshakeDecision.Accepted} when every rule holds,
     * otherwise the {@link HandshakeDecision.Rejected} of the first rule broken. Never throws for any
     * request content.
     *
     * @param request the parsed request head, valid or not
     * @return the 101 answer, or the 4xx rejection of the first rule broken (e.g. 426 for a wrong version)
     * @throws IllegalStateException only if the configured {@link ExtensionNegotiator} accepts an
     *                               extension the client did not offer (a bug in the negotiator)
     */
    public HandshakeDecision decide(UpgradeRequest request) {
        for (Verdict v : verdicts(request)) {
            if (v.rejection != null) {
                return v.rejection;
            }
        }
        return accept(request);
    }

    /**
     * Every rule of the list above with its verdict on {@code request} — all of them, not only up to
     * the first failure — so a person can see everything that is wrong at once.
     *
     * @param request the parsed request head, valid or not
     * @return one entry per rule, in the order {@link #decide(UpgradeRequest)} applies them
     */
    public List<HandshakeCheck> check(UpgradeRequest request) {
        List<HandshakeCheck> checks = new ArrayList<>();
        for (Verdict v : verdicts(request)) {
            checks.add(v.check);
        }
        return List.copyOf(checks);
    }

    /**
     * How the {@link ExtensionNegotiator} weighed the offers of {@code request}: every offer and
     * parameter with its verdict, for reports such as {@code ./wslab explain}.
     *
     * @param request the parsed request head
     * @return the negotiator's verdicts in order; empty without (well-formed) offers or reasons
     */
    public List<HandshakeCheck> checkExtensions(UpgradeRequest request) {
        List<ExtensionOffer> offers = offeredExtensions(request);
        return offers.isEmpty() ? List.of() : extensionNegotiator.explain(offers);
    }

    private static List<ExtensionOffer> offeredExtensions(UpgradeRequest request) {
        List<String> values = request.fields().values("Sec-WebSocket-Extensions");
        if (values.isEmpty()) {
            return List.of();
        }
        ExtensionHeaderParser.Result parsed = ExtensionHeaderParser.parse(values);
        if (!(parsed instanceof ExtensionHeaderParser.Result.Parsed)) {
            return List.of(); // refused by the §9.1 syntax rule; never reached on acceptance
        }
        return ((ExtensionHeaderParser.Result.Parsed) parsed).extensions();
    }

    private HandshakeDecision.Accepted accept(UpgradeRequest request) {
        // RFC 6455 §4.2.2 step 5.4: the accept value from the key exactly as sent.
        String key = request.fields().first("Sec-WebSocket-Key").orElseThrow();
        String accept = SecWebSocketAccept.of(key, sha1);
        HandshakeDecision.Accepted accepted = HandshakeDecision.Accepted.of(
                accept, selectSubprotocol(request), negotiateExtensions(request));
        for (HttpFields.Field extra : extraResponseHeaders.all()) {
            accepted = accepted.withHeader(extra.name(), extra.value());
        }
        return accepted;
    }

    /** RFC 6455 §4.2.2 step 5.5: the first server preference the client offered, or none. */
    private Optional<String> selectSubprotocol(UpgradeRequest request) {
        List<String> offered = request.fields().tokens("Sec-WebSocket-Protocol");
        for (String preferred : subprotocols) {
            // Subprotocol names are compared exactly, as the client will compare them (§4.1 check 6).
            if (offered.contains(preferred)) {
                return Optional.of(preferred);
            }
        }
        return Optional.empty();
    }

    private List<ExtensionOffer> negotiateExtensions(UpgradeRequest request) {
        List<ExtensionOffer> offers = offeredExtensions(request);
        if (offers.isEmpty()) {
            return List.of();
        }
        List<ExtensionOffer> accepted = List.copyOf(extensionNegotiator.negotiate(offers));
        Set<String> offeredNames = new HashSet<>();
        for (ExtensionOffer o : offers) {
            offeredNames.add(o.name().toLowerCase(Locale.ROOT));
        }
        for (ExtensionOffer a : accepted) {
            if (!offeredNames.contains(a.name().toLowerCase(Locale.ROOT))) {
                // RFC 6455 §9.1: the server may only accept what the client offered.
                throw new IllegalStateException("the extension negotiator accepted '" + a.name()
                        + "', which the client did not offer");
            }
        }
        return accepted;
    }

    /** One rule's verdict: the check for reports, and the rejection when it failed. */
    private static final class Verdict {
        final HandshakeCheck check;
        final HandshakeDecision.Rejected rejection;

        private Verdict(HandshakeCheck check, HandshakeDecision.Rejected rejection) {
            this.check = check;
            this.rejection = rejection;
        }

        static Verdict pass(String rule, String section, String detail) {
            return new Verdict(new HandshakeCheck(rule, "RFC 6455 " + section, true, detail), null);
        }

        static Verdict fail(String rule, String section, int status, String reason) {
            return fail(rule, section, status, reason, HttpFields.of());
        }

        static Verdict fail(String rule, String section, int status, String reason, HttpFields headers) {
            String rfcSection = "RFC 6455 " + section;
            return new Verdict(new HandshakeCheck(rule, rfcSection, false, reason),
                    new HandshakeDecision.Rejected(status, reason, rfcSection, headers));
        }
    }

    private List<Verdict> verdicts(UpgradeRequest request) {
        HttpFields f = request.fields();
        return List.of(
                method(request),
                httpVersion(request),
                host(f),
                upgrade(f),
                connection(f),
                key(f),
                version(f),
                origin(request),
                subprotocolSyntax(f),
                extensionSyntax(f));
    }

    private static Verdict method(UpgradeRequest request) {
        String rule = "the method is GET";
        String section = "§4.2.1 item 1";
        // RFC 6455 §4.2.1 item 1: an HTTP/1.1 or higher GET request. Methods are case-sensitive (RFC 9110 §9.1).
        if (request.method().equals("GET")) {
            return Verdict.pass(rule, section, "method is GET");
        }
        return Verdict.fail(rule, section, 405,
                "the method is " + HttpSyntax.quoteForMessage(request.method()) + ", but a WebSocket handshake is a GET request",
                HttpFields.of().with("Allow", "GET"));
    }

    private static Verdict httpVersion(UpgradeRequest request) {
        String rule = "the HTTP version is 1.1 or higher";
        String section = "§4.2.1 item 1";
        if (request.httpVersion().isAtLeast(HttpVersion.HTTP_1_1)) {
            return Verdict.pass(rule, section, "version is " + request.httpVersion());
        }
        return Verdict.fail(rule, section, 400,
                "the request is " + request.httpVersion() + ", but the Upgrade mechanism needs HTTP/1.1 or higher");
    }

    private static Verdict host(HttpFields f) {
        String rule = "exactly one Host header";
        String section = "§4.2.1 item 2";
        int count = f.count("Host");
        if (count == 1 && !f.first("Host").orElseThrow().isEmpty()) {
            return Verdict.pass(rule, section, "Host is " + HttpSyntax.quoteForMessage(f.first("Host").orElseThrow()));
        }
        if (count == 0) {
            return Verdict.fail(rule, section, 400, "the Host header is missing");
        }
        if (count > 1) {
            // RFC 9112 §3.2: a server MUST answer 400 to a request with more than one Host line.
            return Verdict.fail(rule, section, 400, "the Host header appears " + count + " times");
        }
        return Verdict.fail(rule, section, 400, "the Host header is empty");
    }

    private static Verdict upgrade(HttpFields f) {
        String rule = "Upgrade lists 'websocket'";
        String section = "§4.2.1 item 3";
        // RFC 6455 §4.2.1 item 3: "including but not limited to" a value that is an ASCII
        // case-insensitive match for "websocket"; Upgrade is a list (RFC 9110 §7.8).
        if (f.hasToken("Upgrade", "websocket")) {
            return Verdict.pass(rule, section, "Upgrade is " + HttpSyntax.quoteForMessage(f.combined("Upgrade").orElseThrow()));
        }
        return Verdict.fail(rule, section, 400, f.contains("Upgrade")
                ? "Upgrade is " + HttpSyntax.quoteForMessage(f.combined("Upgrade").orElseThrow()) + ", which does not list 'websocket'"
                : "the Upgrade header is missing; it must list 'websocket'");
    }

    private static Verdict connection(HttpFields f) {
        String rule = "Connection lists 'Upgrade'";
        String section = "§4.2.1 item 4";
        // RFC 6455 §4.2.1 item 4: a Connection list (e.g. "keep-alive, Upgrade") including the
        // token "Upgrade", ASCII case-insensitive.
        if (f.hasToken("Connection", "Upgrade")) {
            return Verdict.pass(rule, section, "Connection is " + HttpSyntax.quoteForMessage(f.combined("Connection").orElseThrow()));
        }
        return Verdict.fail(rule, section, 400, f.contains("Connection")
                ? "Connection is " + HttpSyntax.quoteForMessage(f.combined("Connection").orElseThrow()) + ", which does not list 'Upgrade'"
                : "the Connection header is missing; it must list 'Upgrade'");
    }

    private static Verdict key(HttpFields f) {
        String rule = "one Sec-WebSocket-Key of 16 base64-encoded bytes";
        String section = "§4.2.1 item 5";
        int count = f.count("Sec-WebSocket-Key");
        if (count == 0) {
            return Verdict.fail(rule, section, 400, "the Sec-WebSocket-Key header is missing");
        }
        if (count > 1) {
            // RFC 6455 §11.3.1: Sec-WebSocket-Key MUST NOT appear more than once in a request.
            return Verdict.fail(rule, section, 400, "Sec-WebSocket-Key appears " + count + " times; it must appear once");
        }
        String key = f.first("Sec-WebSocket-Key").orElseThrow();
        if (SecWebSocketKey.isValid(key)) {
            return Verdict.pass(rule, section, "Sec-WebSocket-Key is " + HttpSyntax.quoteForMessage(key) + " (16 bytes)");
        }
        return Verdict.fail(rule, section, 400, "Sec-WebSocket-Key is " + HttpSyntax.quoteForMessage(key)
                + ", which is not base64 of exactly 16 bytes");
    }

    private static Verdict version(HttpFields f) {
        String rule = "Sec-WebSocket-Version is 13";
        String section = "§4.2.1 item 6";
        List<String> values = f.values("Sec-WebSocket-Version");
        if (values.size() == 1 && values.get(0).equals("13")) {
            return Verdict.pass(rule, section, "Sec-WebSocket-Version is \"13\"");
        }
        String found = values.isEmpty() ? "missing" : "is " + HttpSyntax.quoteForMessage(String.join(", ", values));
        // RFC 6455 §4.2.2 step 4 and §4.4: answer 426 and name the version(s) we speak.
        return Verdict.fail(rule, section, 426,
                "Sec-WebSocket-Version " + found + "; this server speaks version 13 only",
                HttpFields.of().with("Sec-WebSocket-Version", "13"));
    }

    private Verdict origin(UpgradeRequest request) {
        String rule = "the Origin is allowed";
        String section = "§4.2.2 step 4, §10.2";
        List<String> origins = request.fields().values("Origin");
        if (origins.size() > 1) {
            return Verdict.fail(rule, section, 403, "Origin appears " + origins.size() + " times; it must appear at most once");
        }
        Optional<String> origin = origins.isEmpty() ? Optional.empty() : Optional.of(origins.get(0));
        boolean allowed;
        try {
            allowed = originPolicy.allows(origin, request);
        } catch (RuntimeException policyBug) {
            // A policy that throws must not let the request through.
            allowed = false;
        }
        String shown = origin.map(HttpSyntax::quoteForMessage).orElse("absent");
        if (allowed) {
            return Verdict.pass(rule, section, "Origin is " + shown);
        }
        return Verdict.fail(rule, section, 403, "the Origin " + shown + " is not allowed to open a WebSocket here");
    }

    private static Verdict subprotocolSyntax(HttpFields f) {
        String rule = "Sec-WebSocket-Protocol is a list of distinct tokens";
        String section = "§4.1 item 10, §4.2.1";
        if (!f.contains("Sec-WebSocket-Protocol")) {
            return Verdict.pass(rule, section, "no subprotocol offered");
        }
        Set<String> seen = new HashSet<>();
        for (String p : f.tokens("Sec-WebSocket-Protocol")) {
            if (!HttpSyntax.isToken(p)) {
                return Verdict.fail(rule, section, 400, "the subprotocol " + HttpSyntax.quoteForMessage(p) + " is not a token");
            }
            if (!seen.add(p)) {
                return Verdict.fail(rule, section, 400, "the subprotocol " + HttpSyntax.quoteForMessage(p) + " is offered twice");
            }
        }
        return Verdict.pass(rule, section, "offered " + f.tokens("Sec-WebSocket-Protocol"));
    }

    private static Verdict extensionSyntax(HttpFields f) {
        String rule = "Sec-WebSocket-Extensions follows the §9.1 grammar";
        String section = "§9.1";
        List<String> values = f.values("Sec-WebSocket-Extensions");
        if (values.isEmpty()) {
            return Verdict.pass(rule, section, "no extension offered");
        }
        ExtensionHeaderParser.Result parsed = ExtensionHeaderParser.parse(values);
        if (parsed instanceof ExtensionHeaderParser.Result.Malformed) {
            return Verdict.fail(rule, section, 400,
                    "Sec-WebSocket-Extensions is malformed: " + ((ExtensionHeaderParser.Result.Malformed) parsed).reason());
        }
        return Verdict.pass(rule, section, "offered " + ((ExtensionHeaderParser.Result.Parsed) parsed).extensions());
    }

    /** Configures a {@link ServerHandshake}. */
    public static final class Builder {
        private List<String> subprotocols = List.of();
        private ExtensionNegotiator extensionNegotiator = ExtensionNegotiator.declineAll();
        private OriginPolicy originPolicy = OriginPolicy.anyOrigin();
        private Sha1Provider sha1 = Sha1Provider.JDK;
        private HttpFields extraResponseHeaders = HttpFields.of();

        private Builder() {
        }

        /**
         * The subprotocols this server speaks, most preferred first (RFC 6455 §1.9). The server
         * picks the first of these the client offered, or none.
         *
         * @param preferenceOrder tokens, most preferred first; empty (the default) never selects one
         * @return this builder, for chaining
         * @throws IllegalArgumentException if a name is not a token
         */
        public Builder subprotocols(List<String> preferenceOrder) {
            for (String p : preferenceOrder) {
                if (!HttpSyntax.isToken(p)) {
                    throw new IllegalArgumentException("a subprotocol must be a token: " + HttpSyntax.quoteForMessage(p));
                }
            }
            this.subprotocols = List.copyOf(preferenceOrder);
            return this;
        }

        /**
         * The subprotocols this server speaks, most preferred first.
         *
         * @param preferenceOrder tokens, most preferred first; none never selects one
         * @return this builder, for chaining
         */
        public Builder subprotocols(String... preferenceOrder) {
            return subprotocols(List.of(preferenceOrder));
        }

        /**
         * How extensions are chosen; the default declines all.
         *
         * @param negotiator picks the extensions to accept from the client's offers (RFC 6455 §9.1); not null
         * @return this builder, for chaining
         */
        public Builder extensionNegotiator(ExtensionNegotiator negotiator) {
            this.extensionNegotiator = Objects.requireNonNull(negotiator, "negotiator");
            return this;
        }

        /**
         * Which origins may connect; the default allows any.
         *
         * @param policy decides on the {@code Origin} header; a refused origin gets 403 (RFC 6455 §4.2.2); not null
         * @return this builder, for chaining
         */
        public Builder originPolicy(OriginPolicy policy) {
            this.originPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Which SHA-1 computes the accept value; the default is the JDK's.
         *
         * @param provider the SHA-1 implementation; not null
         * @return this builder, for chaining
         */
        public Builder sha1(Sha1Provider provider) {
            this.sha1 = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * A header added to every 101 response (e.g. {@code Server}); see {@link HandshakeDecision.Accepted#withHeader}.
         *
         * @param name  a token that is not one of the handshake's own fields
         * @param value the field value; must not hold CR, LF or other control characters
         * @return this builder, for chaining
         */
        public Builder responseHeader(String name, String value) {
            HandshakeDecision.Accepted.requireExtraHeaderName(name);
            this.extraResponseHeaders = extraResponseHeaders.with(name, value);
            return this;
        }

        /**
         * Freezes the policy configured so far.
         *
         * @return a server handshake that decides with these settings; thread-safe and reusable
         */
        public ServerHandshake build() {
            return new ServerHandshake(this);
        }
    }
}
