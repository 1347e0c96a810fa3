package dev.wslab.tools;

import dev.wslab.handshake.HandshakeExplainer;
import dev.wslab.handshake.PerMessageDeflateNegotiator;
import dev.wslab.handshake.OriginPolicy;
import dev.wslab.handshake.ServerHandshake;
import dev.wslab.handshake.Sha1Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wslab-tools explain}: the handshake explainer. A thin command-line wrapper; the steps
 * themselves come from {@link HandshakeExplainer} in the handshake module.
 */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {
                "Explains the WebSocket opening handshake (RFC 6455 §1.3, §4) step by step with real bytes.",
                "",
                "Without options it explains the RFC 6455 §1.3 sample key, the RFC 6455 §1.2 request with the",
                "seed's key, the seed's own request (Origin http://localhost:9000 to localhost:8080) and the",
                "RFC request with a browser's permessage-deflate offer, so you see both test vectors:",
                "  dGhlIHNhbXBsZSBub25jZQ== -> s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                "  x3JJHMbDL1EzLkh9GBhXDw== -> HSmrc0sMlYUkAGmm5OPpG2HaGWk=",
                ""},
        footer = {
                "",
                "Examples:",
                "  ./wslab explain --key x3JJHMbDL1EzLkh9GBhXDw==",
                "  ./wslab explain --request my-request.txt",
                "  printf 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | ./wslab explain --request -",
                "",
                "Exit status: 0 when every key is valid and every request accepted, 1 otherwise, 2 on usage errors."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--key", paramLabel = "KEY",
            description = "a Sec-WebSocket-Key to turn into Sec-WebSocket-Accept, step by step")
    private String key;

    @Option(names = "--request", paramLabel = "FILE",
            description = "a raw HTTP upgrade request to check rule by rule; '-' reads standard input."
                    + " A file with plain LF line endings is converted to CRLF (and says so).")
    private String request;

    @Option(names = "--sha1", paramLabel = "PROVIDER", defaultValue = "jdk",
            description = "which SHA-1 to use: jdk (MessageDigest) or bouncycastle (SHA1Digest); default: ${DEFAULT-VALUE}")
    private String sha1;

    @Option(names = "--subprotocols", paramLabel = "LIST", split = ",", defaultValue = "chat",
            description = "the subprotocols the explained server speaks, most preferred first; default: ${DEFAULT-VALUE}")
    private List<String> subprotocols;

    @Option(names = "--allowed-origins", paramLabel = "LIST", split = ",",
            description = "only these origins may connect (e.g. http://example.com); default: any origin."
                    + " With --origin-policy same-host: these origins besides the server's own")
    private List<String> allowedOrigins;

    @Option(names = "--origin-policy", paramLabel = "POLICY", defaultValue = "any",
            description = "any: every origin may connect (unless --allowed-origins lists some);"
                    + " same-host: only pages from the host and port the request's Host names, as the chat server"
                    + " does by default (RFC 6455 §10.2); default: ${DEFAULT-VALUE}")
    private String originPolicy;

    @Option(names = "--no-deflate",
            description = "the explained server declines permessage-deflate (RFC 7692); by default it negotiates it"
                    + " with wslab's default policy")
    private boolean noDeflate;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Sha1Provider provider = sha1Provider();
        ServerHandshake.Builder server = ServerHandshake.builder().sha1(provider)
                .subprotocols(subprotocols.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        if (!noDeflate) {
            server.extensionNegotiator(PerMessageDeflateNegotiator.withDefaults());
        }
        server.originPolicy(originPolicy());
        HandshakeExplainer explainer = new HandshakeExplainer(server.build(), provider);
        PrintWriter out = spec.commandLine().getOut();

        boolean allGood = true;
        if (key == null && request == null) {
            out.print(explainer.explainKey(HandshakeExplainer.RFC_SAMPLE_KEY).toText());
            out.println();
            HandshakeExplainer.RequestExplanation rfc =
                    explainer.explainRequest(HandshakeExplainer.RFC_REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.println("The RFC 6455 §1.2 request, with the seed's key:");
            out.print(rfc.toText());
            allGood = rfc.accepted();
            HandshakeExplainer.RequestExplanation seed =
                    explainer.explainRequest(HandshakeExplainer.SEED_REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.println();
            out.println("The seed's own request (its page on http://localhost:9000, its server on localhost:8080);"
                    + " try it with --origin-policy same-host:");
            out.print(seed.toText());
            allGood &= seed.accepted();
            HandshakeExplainer.RequestExplanation deflate =
                    explainer.explainRequest(HandshakeExplainer.DEFLATE_REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.println();
            out.println("The RFC 6455 §1.2 request with a browser's permessage-deflate offer:");
            out.print(deflate.toText());
            allGood &= deflate.accepted();
        }
        if (key != null) {
            HandshakeExplainer.KeyExplanation explanation = explainer.explainKey(key);
            out.print(explanation.toText());
            allGood &= explanation.accept().isPresent();
        }
        if (request != null) {
            if (key != null) {
                out.println();
            }
            HandshakeExplainer.RequestExplanation explanation = explainer.explainRequest(readRequest());
            out.print(explanation.toText());
            allGood &= explanation.accepted();
        }
        out.flush();
        return allGood ? 0 : 1;
    }

    private OriginPolicy originPolicy() {
        switch (originPolicy.toLowerCase(java.util.Locale.ROOT)) {
            case "any":
                return allowedOrigins == null ? OriginPolicy.anyOrigin() : OriginPolicy.allowList(allowedOrigins);
            case "same-host":
                OriginPolicy sameHost = OriginPolicy.sameHost();
                if (allowedOrigins == null) {
                    return sameHost;
                }
                OriginPolicy listed = OriginPolicy.allowList(allowedOrigins);
                return (origin, request) -> sameHost.allows(origin, request) || listed.allows(origin, request);
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--origin-policy must be 'any' or 'same-host', not '" + originPolicy + "'");
        }
    }

    private Sha1Provider sha1Provider() {
        switch (sha1.toLowerCase(java.util.Locale.ROOT)) {
            case "jdk":
                return Sha1Provider.JDK;
            case "bouncycastle":
            case "bc":
                return Sha1Provider.BOUNCY_CASTLE;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--sha1 must be 'jdk' or 'bouncycastle', not '" + sha1 + "'");
        }
    }

    /** The request bytes, read whole: at most a little more than the parser's 8 KiB head limit matters. */
    private byte[] readRequest() throws IOException {
        if (request.equals("-")) {
            InputStream in = System.in;
            return in.readNBytes(1 << 20);
        }
        Path path = Path.of(request);
        if (!Files.isRegularFile(path)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + request);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(1 << 20);
        }
    }
}
