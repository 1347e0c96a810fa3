package dev.wslab.chat.docs;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HandshakeExplainer;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.OriginPolicy;
import dev.wslab.handshake.ServerHandshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the chat server itself answers to the gallery's HTTP-level requests and to the seed's request, next to
 * what wslab's own {@code HttpHeadParser} (the library's parser, the one {@code ./wslab explain} and the gallery
 * use) answers. The chat server does not parse heads with wslab's parser: Undertow does, with its own limits
 * ({@link ChatServer#MAX_HEADER_BYTES}, {@link ChatServer#MAX_HEADER_COUNT}), and only then do the chat's rules
 * and wslab's {@code ServerHandshake} see the request. The table is generated from a real run: a chat server is
 * started on a free port and each request is written to it on a plain socket.
 *
 * <p>{@code docs/break-it.md} holds the table between {@value #BEGIN} and {@value #END}; {@code ./wslab docs}
 * runs {@link #main} and {@code ChatServerAnswersTest} fails when the page is stale.
 */
public final class ChatServerAnswers {

    public static final String BEGIN = "<!-- chat-answers:begin (generated from a real run of the chat server by ./wslab docs) -->";
    public static final String END = "<!-- chat-answers:end -->";

    /** One request sent to both parsers. */
    record Case(String what, byte[] bytes) {}

    private ChatServerAnswers() {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the seed's own request (Origin `http://localhost:9000`, Host `localhost:8080`)",
                ascii(HandshakeExplainer.SEED_REQUEST)));
        cases.add(new Case("the RFC 6455 §1.2 request, unchanged", ascii(HandshakeExplainer.RFC_REQUEST)));
        List<String> flood = rfcLines();
        for (int i = 1; i <= 100; i++) {
            flood.add(flood.size() - 1, "X-Flood-" + i + ": x");
        }
        cases.add(new Case("[a header flood](#header-flood): 107 header lines", crlf(flood)));
        List<String> longLine = rfcLines();
        longLine.add(2, "Cookie: " + "a".repeat(4992));
        cases.add(new Case("[one header line of 5000 bytes](#header-line-too-long)", crlf(longLine)));
        List<String> big = rfcLines();
        for (int i = 1; i <= 20; i++) {
            big.add(2, "X-Big-" + i + ": " + "b".repeat(990));
        }
        cases.add(new Case("a head of 20 KiB (20 lines of 1000 bytes)", crlf(big)));
        cases.add(new Case("[lines ending in LF only](#bare-lf-line-endings)",
                ascii(HandshakeExplainer.RFC_REQUEST.replace("\r\n", "\n"))));
        List<String> folded = rfcLines();
        folded.add(indexOf(folded, "Sec-WebSocket-Protocol:") + 1, " superduperchat");
        cases.add(new Case("[a header folded onto a second line](#obsolete-line-folding)", crlf(folded)));
        return cases;
    }

    /**
     * The chat server the table runs: the defaults, except that it answers to the names the requests use
     * ({@code localhost:8080} and {@code server.example.com}), takes the RFC's resource name {@code /chat} as its
     * chat path, and lets the RFC example's page {@code http://example.com} in, so that each request meets the
     * parser and the rules rather than a 421 or a 404.
     */
    static ChatServerConfig config() {
        return ChatServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .chatPath("/chat")
                .publicHosts(List.of("localhost:8080", "server.example.com:*"))
                .allowedOrigins(List.of("http://example.com"))
                .jwtSecret(JwtSecret.random())
                .ioThreads(1)
                .workerThreads(2)
                .build();
    }

    /** The Markdown table, from a real run. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| request | wslab's `HttpHeadParser` (the library; `./wslab explain`, the gallery) answers |"
                + " the chat server (Undertow's parser, " + ChatServer.MAX_HEADER_BYTES / 1024 + " KiB / "
                + ChatServer.MAX_HEADER_COUNT + " headers, then the chat's rules) answers |\n");
        out.append("|---|---|---|\n");
        try (ChatServer server = new ChatServer(config(), ServerParts.minimal())) {
            server.start();
            for (Case c : cases()) {
                out.append("| ").append(c.what()).append(" | ").append(wslab(c.bytes())).append(" | ")
                        .append(chatServer(server.port(), c.bytes())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** What wslab's parser says, and then wslab's handshake with the chat's Origin rule. */
    static String wslab(byte[] request) {
        HeadParseResult<dev.wslab.handshake.UpgradeRequest> parsed = HttpHeadParser.parseRequest(request);
        if (parsed instanceof HeadParseResult.Failed<?> failed) {
            HandshakeDecision.Rejected r = failed.toRejection();
            return "**" + r.status() + "** " + cell(r.reason());
        }
        if (parsed instanceof HeadParseResult.Complete<dev.wslab.handshake.UpgradeRequest> complete) {
            OriginPolicy listed = OriginPolicy.allowList(List.of("http://example.com"));
            OriginPolicy sameHost = OriginPolicy.sameHost();
            HandshakeDecision d = ServerHandshake.builder().subprotocols("chat")
                    .originPolicy((o, req) -> sameHost.allows(o, req) || listed.allows(o, req))
                    .build().decide(complete.head());
            if (d instanceof HandshakeDecision.Rejected r) {
                return "parsed; then **" + r.status() + "** " + cell(r.reason());
            }
            return "parsed; the handshake rules pass (**101**)";
        }
        return "the head is not complete";
    }

    /**
     * The status line and the first line of the body the chat server sends back, or what it did instead. A
     * server that answers before reading the whole request closes with unread bytes, which resets the
     * connection and may discard its answer before we read it: up to three tries, keeping the first answer.
     */
    static String chatServer(int port, byte[] request) {
        String shown = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            shown = chatServerOnce(port, request);
            if (!shown.startsWith("no answer")) {
                break;
            }
        }
        return shown;
    }

    private static String chatServerOnce(int port, byte[] request) {
        byte[] answer;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            answer = readAnswer(socket.getInputStream());
        } catch (IOException e) {
            return "no answer: " + e.getClass().getSimpleName();
        }
        if (answer.length == 0) {
            return "no answer: the connection is closed without a response";
        }
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        String status = lineEnd < 0 ? text : text.substring(0, lineEnd);
        status = status.replaceFirst("^HTTP/1\\.1 ", "");
        int bodyAt = text.indexOf("\r\n\r\n");
        String body = bodyAt < 0 ? "" : new String(Arrays.copyOfRange(answer, bodyAt + 4, answer.length),
                StandardCharsets.UTF_8).strip();
        int nl = body.indexOf('\n');
        if (nl >= 0) {
            body = body.substring(0, nl);
        }
        return "**" + cell(status) + "**" + (body.isEmpty() ? " (no body)" : " " + cell(shorten(body)));
    }

    /** Everything the server sends until it closes or pauses. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                int head = text.indexOf("\r\n\r\n");
                if (head >= 0 && complete(text, head)) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // a pause or a reset: what arrived is the answer
        }
        return bytes.toByteArray();
    }

    private static boolean complete(String text, int headEnd) {
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                return text.length() - headEnd - 4 >= length;
            }
        }
        return true;
    }

    private static String shorten(String body) {
        return body.length() <= 140 ? body : body.substring(0, 140) + "…";
    }

    private static String cell(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
                .replace("\r", "").replace("\n", " ");
    }

    private static List<String> rfcLines() {
        return new ArrayList<>(Arrays.asList(HandshakeExplainer.RFC_REQUEST.split("\r\n")));
    }

    private static byte[] crlf(List<String> lines) {
        return ascii(String.join("\r\n", lines) + "\r\n\r\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no line starts with " + prefix);
    }

    /** {@code document} with the table rewritten. */
    public static String refresh(String document) {
        return GeneratedBlock.replace(document, BEGIN, END, markdown());
    }

    /**
     * Rewrites the table in the given documents ({@code ./wslab docs} runs it on the gallery).
     *
     * @param args paths of the documents
     * @throws Exception if a document cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        GeneratedBlock.rewrite(args, "what the chat server answers", ChatServerAnswers::refresh);
    }
}
