package dev.wslab.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Explains the opening handshake step by step, with the real bytes — the first thing a student runs
 * ({@code ./wslab explain}).
 *
 * <ul>
 * <li>{@link #explainKey(String)}: how {@code Sec-WebSocket-Accept} is derived from
 *     {@code Sec-WebSocket-Key} (RFC 6455 §1.3, §4.2.2): the key decoded to hex, the concatenation
 *     with the GUID, the SHA-1 digest, the base64 result.</li>
 * <li>{@link #explainRequest(byte[])}: parses a raw request, shows every rule of §4.2.1/§4.2.2 with
 *     PASS or FAIL and its section, then the exact response the server would send.</li>
 * </ul>
 * Both return values that render to plain text with {@code toText()}.
 */
public final class HandshakeExplainer {
    /** The sample nonce of RFC 6455 §1.3, whose accept is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}. */
    public static final String RFC_SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /**
     * The RFC 6455 §1.2 example request with wslab's test key {@code x3JJHMbDL1EzLkh9GBhXDw==} (the seed's key,
     * accept {@code HSmrc0sMlYUkAGmm5OPpG2HaGWk=}) instead of the RFC's sample key.
     */
    public static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    /**
     * The seed's own request, as its browser page sent it to its gateway: the page was served from
     * {@code http://localhost:9000} and the gateway listened on {@code localhost:8080}, so {@code Origin} and
     * {@code Host} differ in their port. A server that allows only its own pages' origin (the chat server's
     * default) refuses it with 403; one that allows any origin, or lists {@code http://localhost:9000}, accepts it.
     */
    public static final String SEED_REQUEST = "GET /chat HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
            + "Origin: http://localhost:9000\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    /**
     * {@link #RFC_REQUEST} with the offer every browser sends,
     * {@code Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits} (RFC 7692 §7.1).
     */
    public static final String DEFLATE_REQUEST = RFC_REQUEST.replace("Sec-WebSocket-Version: 13\r\n",
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nSec-WebSocket-Version: 13\r\n");

    private static final String INDENT = "      ";

    private final ServerHandshake server;
    private final Sha1Provider sha1;

    /**
     * @param server the server whose decisions are explained (its subprotocols, origin policy …)
     * @param sha1   the SHA-1 used in the key explanation; the server's own setting decides the response
     */
    public HandshakeExplainer(ServerHandshake server, Sha1Provider sha1) {
        this.server = Objects.requireNonNull(server, "server");
        this.sha1 = Objects.requireNonNull(sha1, "sha1");
    }

    /**
     * Explains with a server that speaks the subprotocol {@code chat}, as in RFC 6455 §1.3, negotiates
     * {@code permessage-deflate} with {@link PerMessageDeflateNegotiator#withDefaults()}, and uses the JDK SHA-1.
     *
     * @return an explainer whose server accepts {@code chat}, any origin and {@code permessage-deflate}
     */
    public static HandshakeExplainer withDefaults() {
        return new HandshakeExplainer(ServerHandshake.builder().subprotocols("chat")
                .extensionNegotiator(PerMessageDeflateNegotiator.withDefaults()).build(), Sha1Provider.JDK);
    }

    /**
     * Bytes shown under a label, e.g. {@code SHA-1 digest (20 bytes)}.
     *
     * @param label what the bytes are, with their count, e.g. {@code SHA-1 digest (20 bytes)}
     * @param bytes the bytes shown; copied in and out
     */
    public record ByteDump(String label, byte[] bytes) {
        /**
         * Copies {@code bytes}, so the dump cannot change after it is made.
         *
         * @param label what the bytes are; not null
         * @param bytes the bytes shown; copied, may be empty
         */
        public ByteDump {
            Objects.requireNonNull(label, "label");
            bytes = bytes.clone();
        }

        /**
         * A copy of the bytes shown; changing it does not change the dump.
         *
         * @return the dumped bytes, never null
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /**
         * Lowercase hex, two digits per byte.
         *
         * @return the bytes as {@code 2 * length} lowercase hex digits, no separators; empty for no bytes
         */
        public String hex() {
            return HexDump.compact(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteDump && ((ByteDump) o).label.equals(label) && Arrays.equals(((ByteDump) o).bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * label.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return label + ": " + hex();
        }
    }

    /**
     * One step of an explanation.
     *
     * @param title  what happens, e.g. {@code Decode the key from base64}
     * @param result the outcome in one line, e.g. the base64 accept value
     * @param dumps  the bytes involved
     */
    public record Step(String title, String result, List<ByteDump> dumps) {
        /**
         * Copies {@code dumps}; a step without bytes has an empty list.
         *
         * @param title  what happens; not null
         * @param result the outcome in one line; not null
         * @param dumps  the bytes involved; copied, empty for none
         */
        public Step {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(result, "result");
            dumps = List.copyOf(dumps);
        }
    }

    /**
     * How an accept value comes from a key.
     *
     * @param key    the key explained
     * @param steps  the steps, in order; they stop early when the key is invalid
     * @param accept the accept value, empty when the key is invalid
     */
    public record KeyExplanation(String key, List<Step> steps, Optional<String> accept) {
        /**
         * Copies {@code steps}; {@code accept} is empty when the key is invalid and the steps stop early.
         *
         * @param key    the key explained, as sent
         * @param steps  the steps, in order; copied
         * @param accept the accept value; empty when the key is invalid
         */
        public KeyExplanation {
            steps = List.copyOf(steps);
        }

        /**
         * Plain text, one numbered step per paragraph.
         *
         * @return several lines ending in LF, the hex dumps indented under each step, then the accept value
         */
        public String toText() {
            StringBuilder out = new StringBuilder();
            out.append("How the server turns Sec-WebSocket-Key into Sec-WebSocket-Accept (RFC 6455 §1.3, §4.2.2)\n");
            out.append("  key: ").append(key).append('\n');
            int n = 1;
            for (Step s : steps) {
                out.append('\n').append("  ").append(n++).append(". ").append(s.title()).append('\n');
                out.append("     ").append(s.result()).append('\n');
                for (ByteDump d : s.dumps()) {
                    out.append("     ").append(d.label()).append(":\n");
                    out.append(HexDump.dump(d.bytes, INDENT));
                }
            }
            out.append('\n');
            out.append(accept.map(a -> "  Sec-WebSocket-Accept: " + a + "\n")
                    .orElse("  No accept value: the server rejects this key with 400 Bad Request (RFC 6455 §4.2.1 item 5).\n"));
            return out.toString();
        }
    }

    /**
     * A rule-by-rule report on one raw request.
     *
     * @param notes      adjustments made to the input before parsing (e.g. LF turned into CRLF)
     * @param parsed     the request head, when it parsed
     * @param parseError why the bytes are not an HTTP request head, when they are not
     * @param checks     every server rule with its verdict (empty when parsing failed)
     * @param extensions how each offered extension and parameter was weighed (empty without offers)
     * @param key        the accept derivation, when the request has a key
     * @param decision   the server's decision; empty only when the head was incomplete
     */
    public record RequestExplanation(List<String> notes, Optional<UpgradeRequest> parsed, Optional<String> parseError,
                                     List<HandshakeCheck> checks, List<HandshakeCheck> extensions,
                                     Optional<KeyExplanation> key, Optional<HandshakeDecision> decision) {
        /**
         * Copies {@code notes} and {@code checks}; {@code decision} is empty while the head is unfinished.
         *
         * @param notes      adjustments made to the input; copied
         * @param parsed     the request head; empty when it did not parse
         * @param parseError why parsing failed; empty when it parsed
         * @param checks     every rule with its verdict; copied, empty when parsing failed
         * @param extensions each extension offer and parameter with its verdict; copied, empty without offers
         * @param key        the accept derivation; empty without exactly one key
         * @param decision   the server's decision; empty while the head is unfinished
         */
        public RequestExplanation {
            notes = List.copyOf(notes);
            checks = List.copyOf(checks);
            extensions = List.copyOf(extensions);
        }

        /**
         * Whether the server would switch to WebSocket.
         *
         * @return true only for a {@link HandshakeDecision.Accepted} decision; false for a rejection or an unfinished head
         */
        public boolean accepted() {
            return decision.isPresent() && decision.get() instanceof HandshakeDecision.Accepted;
        }

        /**
         * Plain text: parsing, the rules, the accept derivation, the response bytes.
         *
         * @return a numbered report ending in LF, with the response shown as text and as hex
         */
        public String toText() {
            StringBuilder out = new StringBuilder();
            out.append("Checking a WebSocket upgrade request as a server would (RFC 6455 §4.2)\n");
            for (String note : notes) {
                out.append("  note: ").append(note).append('\n');
            }
            int section = 1;
            out.append('\n').append(section++).append(". Parse the HTTP head (RFC 9112)\n");
            if (parsed.isPresent()) {
                UpgradeRequest r = parsed.get();
                out.append("  [PASS] request line: ").append(r.method()).append(' ').append(r.target()).append(' ')
                        .append(r.httpVersion()).append('\n');
                out.append("  [PASS] ").append(r.fields().size()).append(" header field(s):\n");
                for (HttpFields.Field f : r.fields().all()) {
                    out.append(INDENT).append(f.name()).append(": ").append(f.value()).append('\n');
                }
            } else {
                out.append("  [FAIL] ").append(parseError.orElse("")).append('\n');
            }
            if (!checks.isEmpty()) {
                out.append('\n').append(section++).append(". Check every rule of the opening handshake\n");
                for (HandshakeCheck c : checks) {
                    out.append(c.passed() ? "  [PASS] " : "  [FAIL] ").append(c.rule())
                            .append("  (").append(c.rfcSection()).append(")\n");
                    out.append(INDENT).append(c.detail()).append('\n');
                }
            }
            if (!extensions.isEmpty()) {
                out.append('\n').append(section++)
                        .append(". Negotiate extensions: the first offer the server can honour wins (RFC 6455 §9.1, RFC 7692 §5)\n");
                for (HandshakeCheck c : extensions) {
                    out.append(c.passed() ? "  [ok]   " : "  [no]   ").append(c.rule())
                            .append("  (").append(c.rfcSection()).append(")\n");
                    out.append(INDENT).append(c.detail()).append('\n');
                }
            }
            if (key.isPresent()) {
                out.append('\n').append(section++).append(". ");
                out.append(key.get().toText().replace("\n  ", "\n     ").replaceFirst("\n$", "")).append('\n');
            }
            out.append('\n').append(section).append(". The server's answer\n");
            if (decision.isEmpty()) {
                out.append("  The head is not finished (no empty line yet): a server keeps reading and sends nothing.\n");
                return out.toString();
            }
            HandshakeDecision d = decision.get();
            if (d instanceof HandshakeDecision.Accepted) {
                HandshakeDecision.Accepted a = (HandshakeDecision.Accepted) d;
                out.append("  ACCEPTED: 101 Switching Protocols; after these bytes both sides speak WebSocket frames.\n");
                out.append("  subprotocol: ").append(a.subprotocol().orElse("(none selected)")).append('\n');
                out.append("  extensions: ").append(a.extensions().isEmpty() ? "(none accepted)"
                        : ExtensionOffer.toHeaderValue(a.extensions())).append('\n');
            } else {
                HandshakeDecision.Rejected rj = (HandshakeDecision.Rejected) d;
                out.append("  REJECTED: ").append(rj.status()).append(' ').append(rj.reasonPhrase()).append(" — ")
                        .append(rj.reason()).append(" (").append(rj.rfcSection()).append(")\n");
            }
            byte[] bytes = d.toResponseBytes();
            out.append("\n  The exact response bytes (").append(bytes.length).append(" bytes), as text:\n");
            out.append(HexDump.visibleLines(bytes, INDENT));
            out.append("\n  and in hex:\n");
            out.append(HexDump.dump(bytes, INDENT));
            return out.toString();
        }
    }

    /**
     * Explains how the accept value is derived from {@code key}, step by step, with the bytes.
     *
     * @param key the {@code Sec-WebSocket-Key} text as sent, valid or not
     * @return the steps; for an invalid key they stop at the check and there is no accept value
     */
    public KeyExplanation explainKey(String key) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Take the key exactly as the client sent it (" + key.length() + " characters)",
                "\"" + key + "\"", List.of(new ByteDump("ASCII bytes of the key", key.getBytes(StandardCharsets.ISO_8859_1)))));
        Optional<byte[]> nonce = SecWebSocketKey.decode(key);
        if (nonce.isEmpty()) {
            byte[] decoded = tryDecode(key);
            steps.add(new Step("Check it: base64 that decodes to exactly 16 bytes (RFC 6455 §4.1 item 7, §4.2.1 item 5)",
                    decoded == null ? "INVALID: not base64 (RFC 4648 §4 alphabet with '=' padding)"
                            : "INVALID: decodes to " + decoded.length + " bytes, not 16 (a valid key is 24 characters)",
                    decoded == null ? List.of() : List.of(new ByteDump("decoded bytes", decoded))));
            return new KeyExplanation(key, steps, Optional.empty());
        }
        steps.add(new Step("Check it: base64 that decodes to exactly 16 bytes (RFC 6455 §4.1 item 7, §4.2.1 item 5)",
                "valid: decodes to 16 bytes, hex " + HexDump.compact(nonce.get())
                        + " (only checked; the accept uses the key text, not these bytes)",
                List.of(new ByteDump("decoded nonce (16 bytes)", nonce.get()))));
        byte[] concatenated = SecWebSocketAccept.keyWithGuid(key);
        steps.add(new Step("Append the fixed GUID " + SecWebSocketAccept.GUID + " (RFC 6455 §1.3)",
                "\"" + key + SecWebSocketAccept.GUID + "\" (" + concatenated.length + " bytes)",
                List.of(new ByteDump("key + GUID as ASCII (" + concatenated.length + " bytes)", concatenated))));
        byte[] digest = sha1.digest(concatenated);
        steps.add(new Step("Hash those bytes with SHA-1 (" + (sha1 == Sha1Provider.JDK ? "JDK MessageDigest" : "BouncyCastle SHA1Digest") + ")",
                "SHA-1 = " + HexDump.compact(digest),
                List.of(new ByteDump("SHA-1 digest (20 bytes)", digest))));
        String accept = Base64.getEncoder().encodeToString(digest);
        steps.add(new Step("Encode the 20-byte digest in base64: this is Sec-WebSocket-Accept (RFC 6455 §4.2.2 step 5.4)",
                "\"" + accept + "\" (" + accept.length() + " characters)", List.of()));
        return new KeyExplanation(key, steps, Optional.of(accept));
    }

    /**
     * Explains what a server does with {@code rawRequest}. Input with bare LF line endings only (as a
     * text editor writes) is first converted to CRLF, and a missing final empty line added, each
     * noted in {@link RequestExplanation#notes()}; everything else is taken byte for byte.
     *
     * @param rawRequest the request head as bytes, e.g. read from a file; may be incomplete or malformed
     * @return the report; never throws for any input
     */
    public RequestExplanation explainRequest(byte[] rawRequest) {
        List<String> notes = new ArrayList<>();
        byte[] input = normaliseTextFile(rawRequest, notes);
        HeadParseResult<UpgradeRequest> result = HttpHeadParser.forRequests().feed(ByteBuffer.wrap(input));
        if (result instanceof HeadParseResult.Failed) {
            HeadParseResult.Failed<UpgradeRequest> failed = (HeadParseResult.Failed<UpgradeRequest>) result;
            return new RequestExplanation(notes, Optional.empty(),
                    Optional.of(failed.reason() + " (" + failed.rfcSection() + ")"), List.of(), List.of(), Optional.empty(),
                    Optional.of(failed.toRejection()));
        }
        if (result instanceof HeadParseResult.NeedMore) {
            return new RequestExplanation(notes, Optional.empty(),
                    Optional.of("the input ends before the empty line that closes the head (RFC 9112 §2.1)"),
                    List.of(), List.of(), Optional.empty(), Optional.empty());
        }
        HeadParseResult.Complete<UpgradeRequest> complete = (HeadParseResult.Complete<UpgradeRequest>) result;
        if (complete.leftover().hasRemaining()) {
            notes.add(complete.leftover().remaining() + " byte(s) after the head are not HTTP: a server hands them"
                    + " to the WebSocket frame decoder");
        }
        UpgradeRequest request = complete.head();
        Optional<KeyExplanation> key = request.fields().count("Sec-WebSocket-Key") == 1
                ? Optional.of(explainKey(request.fields().first("Sec-WebSocket-Key").orElseThrow()))
                : Optional.empty();
        return new RequestExplanation(notes, Optional.of(request), Optional.empty(), server.check(request),
                server.checkExtensions(request), key,
                Optional.of(server.decide(request)));
    }

    private static byte[] normaliseTextFile(byte[] raw, List<String> notes) {
        boolean hasCr = false;
        boolean hasLf = false;
        for (byte b : raw) {
            hasCr |= b == '\r';
            hasLf |= b == '\n';
        }
        if (hasCr || !hasLf) {
            return raw;
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        notes.add("the input uses bare LF line endings (as text editors write); converted to CRLF,"
                + " which HTTP requires (RFC 9112 §2.2)");
        if (!text.contains("\n\n")) {
            text = text.endsWith("\n") ? text + "\n" : text + "\n\n";
            notes.add("added the empty line that ends an HTTP head (RFC 9112 §2.1)");
        }
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] tryDecode(String key) {
        try {
            return Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
