package dev.wslab.chat.cli;

import dev.wslab.chat.TlsContexts;
import dev.wslab.client.ClientOptions;
import dev.wslab.client.HandshakeFailedException;
import dev.wslab.client.HandshakeRefusedException;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.framing.connection.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wslab-chat client}: the chat from a terminal, over wslab's own client handshake and framing
 * ({@link WebSocketClient}) on a plain socket.
 *
 * <pre>
 * wslab-chat client --name ada --password secret-ada --register          # interactive: /join, /msg, /exit, /quit
 * wslab-chat client --name ada --password secret-ada \
 *     --join lobby --send "lobby:hello" --listen-seconds 5                 # scripted
 * </pre>
 *
 * <p>Exit codes: 0 when the client ended the session, 1 when the server ended it (its close code and
 * reason are printed), 2 for a usage or login problem, 3 when the WebSocket handshake was refused or
 * broken (the HTTP status and the server's reason are printed), 4 when the server cannot be reached,
 * 5 when the server answered a scripted command with an error.
 */
@Command(name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Chats from the terminal over wslab's own WebSocket client (handshake + framing on a socket).",
            "Logs in with --name/--password (POST /api/login; --register creates the account first) or uses --token.",
            "Interactive commands: /join ROOM, /exit ROOM, /msg ROOM TEXT, /users, plain text for the current room, /quit.",
            "Scripted: --join, --send ROOM:TEXT, --exit run in order; --listen-seconds N then prints events for N seconds."},
        sortOptions = false)
public final class ChatClientCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_CLOSED_BY_SERVER = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_HANDSHAKE = 3;
    static final int EXIT_UNREACHABLE = 4;
    static final int EXIT_COMMAND_REFUSED = 5;

    @Spec
    CommandSpec spec;

    static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:8080/ws");

    @Option(names = "--url", paramLabel = "WS_URL", split = ",",
            description = "the chat WebSocket (default: ws://127.0.0.1:8080/ws); repeatable or comma-separated: the nodes"
                    + " of a cluster, tried in order (implies --resume)")
    List<URI> urls;

    /** The first of {@link #urls}: where the client logs in and connects first. */
    URI url = DEFAULT_URL;

    @Option(names = "--transport", paramLabel = "websocket|polling|auto",
            description = "websocket (default), polling (HTTP long polling), or auto: long polling first, then the same"
                    + " session moved to a WebSocket, as the page does (polling and auto imply --resume)")
    String transport = "websocket";

    @Option(names = "--resume",
            description = "ask for a resumable session; when the connection drops, reconnect (to the next --url, if"
                    + " several) and resume it: no event lost or shown twice, unanswered commands sent again")
    boolean resume;

    @Option(names = {"-n", "--name"}, description = "account name")
    String name;

    @Option(names = {"-p", "--password"}, description = "password (else $WSLAB_PASSWORD, else asked on the console)")
    String password;

    @Option(names = "--register", description = "create the account first (an existing account is fine: then just log in)")
    boolean register;

    @Option(names = "--token", description = "use this JWT instead of logging in")
    String token;

    @Option(names = "--auth", paramLabel = "header|subprotocol",
            description = "send the token as 'Authorization: Bearer' (default) or as a 'bearer.<jwt>' subprotocol like a browser")
    String auth = "header";

    @Option(names = "--join", paramLabel = "ROOM", description = "join ROOM (repeatable; runs first)")
    List<String> joins = new ArrayList<>();

    @Option(names = "--send", paramLabel = "ROOM:TEXT", description = "send TEXT to ROOM (repeatable; after the joins)")
    List<String> sends = new ArrayList<>();

    @Option(names = "--exit", paramLabel = "ROOM", description = "leave ROOM (repeatable; after the sends)")
    List<String> exits = new ArrayList<>();

    @Option(names = "--listen-seconds", paramLabel = "N",
            description = "after the scripted commands, print events for N seconds and stop (no interactive input)")
    Double listenSeconds;

    @Option(names = "--raw", description = "print each event's JSON as received")
    boolean raw;

    @Option(names = "--no-deflate",
            description = "do not offer permessage-deflate (RFC 7692); by default it is offered and used when the server accepts")
    boolean noDeflate;

    @Option(names = "--reply-timeout", paramLabel = "SECONDS", description = "wait this long for each reply (default: ${DEFAULT-VALUE})")
    double replyTimeout = 10;

    @Option(names = "--trust-store", paramLabel = "PATH",
            description = "for wss://, trust the certificate(s) in this keystore (.p12/.jks) or PEM/DER file"
                    + " instead of the JVM's default CAs (e.g. a self-signed test server)")
    Path trustStore;

    @Option(names = "--trust-store-password", paramLabel = "PASSWORD",
            description = "password of --trust-store if it is a keystore (default: empty)")
    char[] trustStorePassword = new char[0];

    final InputStream stdin;
    Optional<SSLContext> tls = Optional.empty();
    final ProtocolCodec codec = new ProtocolCodec();
    private final Map<String, CompletableFuture<ServerEvent>> pendingReplies = new ConcurrentHashMap<>();
    private final CompletableFuture<Event.Closed> closed = new CompletableFuture<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    EventPrinter printer;
    private PrintWriter err;

    /** Reads interactive input from {@link System#in}. */
    public ChatClientCommand() {
        this(System.in);
    }

    /** Reads interactive input from {@code stdin} (tests feed lines here). */
    ChatClientCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws InterruptedException {
        printer = new EventPrinter(spec.commandLine().getOut(), raw);
        err = spec.commandLine().getErr();
        if (urls == null || urls.isEmpty()) {
            urls = List.of(DEFAULT_URL);
        }
        for (URI each : urls) {
            url = each;
            if (url.getScheme() == null || url.getHost() == null
                    || !(url.getScheme().equalsIgnoreCase("ws") || url.getScheme().equalsIgnoreCase("wss"))) {
                return fail(EXIT_USAGE, "--url must be a ws:// or wss:// URL such as ws://127.0.0.1:8080/ws (got " + url + ")");
            }
        }
        url = urls.get(0);
        if (url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equalsIgnoreCase("ws") || url.getScheme().equalsIgnoreCase("wss"))) {
            return fail(EXIT_USAGE, "--url must be a ws:// or wss:// URL such as ws://127.0.0.1:8080/ws (got " + url + ")");
        }
        try {
            tls = trustStore == null ? Optional.empty()
                    : Optional.of(TlsContexts.trusting(trustStore, trustStorePassword));
        } catch (IllegalArgumentException bad) {
            return fail(EXIT_USAGE, bad.getMessage());
        }
        if (!List.of("websocket", "polling", "auto").contains(transport)) {
            return fail(EXIT_USAGE, "--transport is websocket, polling or auto (got " + transport + ")");
        }
        if (!auth.equals("header") && !auth.equals("subprotocol")) {
            return fail(EXIT_USAGE, "--auth is 'header' or 'subprotocol'");
        }
        List<ClientCommand> script = new ArrayList<>();
        try {
            script.addAll(scriptedCommands());
        } catch (IllegalArgumentException bad) {
            return fail(EXIT_USAGE, bad.getMessage());
        }

        String bearer;
        try {
            bearer = obtainToken();
        } catch (AccountsApi.RefusedException | IllegalArgumentException refused) {
            return fail(EXIT_USAGE, refused.getMessage());
        } catch (IOException unreachable) {
            return fail(EXIT_UNREACHABLE, "cannot reach " + AccountsApi.httpBaseOf(url) + ": " + describe(unreachable));
        }

        if (resume || urls.size() > 1 || !transport.equals("websocket")) {
            return new ResumingRun(this, bearer, ResumingChatClient.Transport.valueOf(transport.toUpperCase(java.util.Locale.ROOT)))
                    .run(script);
        }
        WebSocketSession session;
        try {
            session = WebSocketClient.connect(url, options(bearer));
        } catch (HandshakeRefusedException refused) {
            return fail(EXIT_HANDSHAKE, refusal(refused));
        } catch (HandshakeFailedException broken) {
            return fail(EXIT_HANDSHAKE, "the WebSocket handshake failed: " + broken.getMessage());
        } catch (IOException unreachable) {
            return fail(EXIT_UNREACHABLE, "cannot connect to " + url + ": " + describe(unreachable));
        }
        printer.note("connected to " + url + " (subprotocol " + session.subprotocol().orElse("none") + ")"
                + (script.isEmpty() && listenSeconds == null ? "; type /help for commands" : ""));

        boolean refusedCommand = false;
        for (ClientCommand command : script) {
            ServerEvent reply = sendAndAwaitReply(session, command);
            refusedCommand |= !(reply instanceof ServerEvent.Ok);
            if (closed.isDone()) {
                break;
            }
        }
        if (!closed.isDone()) {
            if (listenSeconds != null) {
                awaitClosed((long) (listenSeconds * 1000));
            } else if (script.isEmpty()) {
                interactive(session);
            }
        }
        if (closed.isDone() && closedByServer()) {
            session.abort();
            return EXIT_CLOSED_BY_SERVER;
        }
        session.close();
        return refusedCommand ? EXIT_COMMAND_REFUSED : EXIT_OK;
    }

    // ---- login and connection ----

    private String obtainToken() throws IOException, InterruptedException, AccountsApi.RefusedException {
        if (token != null) {
            return token;
        }
        if (name == null) {
            throw new IllegalArgumentException("give --name and --password (or --token)");
        }
        String secret = password != null ? password : System.getenv("WSLAB_PASSWORD");
        if (secret == null && System.console() != null) {
            char[] typed = System.console().readPassword("password for %s: ", name);
            secret = typed == null ? null : new String(typed);
        }
        if (secret == null) {
            throw new IllegalArgumentException("no password: give --password or set WSLAB_PASSWORD");
        }
        AccountsApi accounts = new AccountsApi(AccountsApi.httpBaseOf(url), tls);
        if (register) {
            if (accounts.register(name, secret)) {
                printer.note("registered " + name);
            } else {
                printer.note(name + " is already registered; logging in");
            }
        }
        return accounts.login(name, secret);
    }

    private ClientOptions options(String bearer) {
        ClientOptions.Builder options = ClientOptions.builder().listener((session, event) -> onEvent(event));
        if (auth.equals("subprotocol")) {
            options.subprotocols("wslab.chat.v1", "bearer." + bearer);
        } else {
            options.subprotocols("wslab.chat.v1").header("Authorization", "Bearer " + bearer);
        }
        tls.ifPresent(options::sslContext);
        options.deflate(!noDeflate);
        return options.build();
    }

    /** "HTTP 401 Unauthorized" and the server's explanation, from the body or the challenge. */
    static String refusal(HandshakeRefusedException refused) {
        StringBuilder text = new StringBuilder("the server refused the WebSocket handshake: HTTP ")
                .append(refused.status()).append(' ').append(refused.reasonPhrase());
        String body = refused.body() == null ? "" : refused.body().strip();
        if (!body.isEmpty()) {
            text.append(System.lineSeparator()).append("  reason: ").append(body);
        }
        refused.headers().first("WWW-Authenticate").ifPresent(challenge ->
                text.append(System.lineSeparator()).append("  WWW-Authenticate: ").append(challenge));
        if (refused.status() == 401) {
            text.append(System.lineSeparator()).append("  (log in again, or check --token)");
        }
        return text.toString();
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused (is the server running?)";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    // ---- events (on the session's reader thread) ----

    private void onEvent(Event event) {
        if (event instanceof Event.Text text) {
            ServerEvent decoded;
            try {
                decoded = codec.decodeEvent(text.text());
            } catch (IllegalArgumentException unknown) {
                printer.note("unreadable event: " + text.text());
                return;
            }
            printer.event(text.text(), decoded);
            String id = decoded instanceof ServerEvent.Ok ok ? ok.id()
                    : decoded instanceof ServerEvent.Error error ? error.id()
                    : decoded instanceof ServerEvent.Users users ? users.id() : null;
            if (id != null) {
                CompletableFuture<ServerEvent> waiting = pendingReplies.remove(id);
                if (waiting != null) {
                    waiting.complete(decoded);
                }
            }
        } else if (event instanceof Event.Violation violation) {
            printer.note("the server broke the protocol: " + violation.explanation() + " (" + violation.rfcSection() + ")");
        } else if (event instanceof Event.Closed end) {
            if (end.initiatedByPeer()) {
                printer.note("the server closed the connection: " + end.code()
                        + (end.reason().isEmpty() ? "" : " \"" + end.reason() + "\"")
                        + (end.clean() ? "" : " (without a closing handshake)"));
            } else {
                printer.note("closed: " + end.code() + (end.reason().isEmpty() ? "" : " \"" + end.reason() + "\""));
            }
            closed.complete(end);
            pendingReplies.values().forEach(waiting -> waiting.complete(null));
        }
    }

    private boolean closedByServer() {
        Event.Closed end = closed.getNow(null);
        return end != null && end.initiatedByPeer();
    }

    // ---- sending ----

    private List<ClientCommand> scriptedCommands() {
        List<ClientCommand> script = new ArrayList<>();
        for (String room : joins) {
            script.add(new ClientCommand.Join(nextId(), room));
        }
        for (String send : sends) {
            int colon = send.indexOf(':');
            if (colon <= 0 || colon == send.length() - 1) {
                throw new IllegalArgumentException("--send takes ROOM:TEXT, e.g. --send 'lobby:hello' (got '" + send + "')");
            }
            script.add(new ClientCommand.SendMessage(nextId(), send.substring(0, colon), send.substring(colon + 1)));
        }
        for (String room : exits) {
            script.add(new ClientCommand.Exit(nextId(), room));
        }
        return script;
    }

    private String nextId() {
        return "cli-" + nextId.getAndIncrement();
    }

    /** Sends a command and waits for its reply; null if none came (timeout or the connection ended). */
    private ServerEvent sendAndAwaitReply(WebSocketSession session, ClientCommand command) throws InterruptedException {
        CompletableFuture<ServerEvent> reply = send(session, command);
        if (reply == null) {
            return null;
        }
        try {
            return reply.get((long) (replyTimeout * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            printer.note("no reply to " + command.id() + " within " + replyTimeout + " s");
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private CompletableFuture<ServerEvent> send(WebSocketSession session, ClientCommand command) {
        CompletableFuture<ServerEvent> reply = new CompletableFuture<>();
        pendingReplies.put(command.id(), reply);
        if (!session.sendText(codec.encodeCommand(command))) {
            pendingReplies.remove(command.id());
            printer.note("not sent: the connection is closing");
            return null;
        }
        return reply;
    }

    private void awaitClosed(long millis) throws InterruptedException {
        try {
            closed.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillOpen) {
            // the listening time is over
        }
    }

    // ---- interactive ----

    /** Reads lines until /quit, the end of input, or the server ending the session. */
    private void interactive(WebSocketSession session) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String endOfInput = new String("end of input");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // treated as the end of input
            }
            lines.add(endOfInput);
        }, "wslab-client-stdin");
        reader.setDaemon(true); // a blocked console read must not keep the JVM alive
        reader.start();

        String currentRoom = null;
        while (!closed.isDone()) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line == endOfInput) {
                return;
            }
            UserInput input = UserInput.parse(line, nextId());
            if (input instanceof UserInput.Quit) {
                return;
            } else if (input instanceof UserInput.Help) {
                printer.note(UserInput.HELP);
            } else if (input instanceof UserInput.Invalid invalid) {
                printer.note(invalid.problem());
            } else if (input instanceof UserInput.Say say) {
                if (currentRoom == null) {
                    printer.note("join a room first: /join ROOM");
                } else {
                    send(session, new ClientCommand.SendMessage(nextId(), currentRoom, say.text()));
                }
            } else if (input instanceof UserInput.Send toSend) {
                if (toSend.command() instanceof ClientCommand.Join join) {
                    currentRoom = join.room();
                }
                send(session, toSend.command());
            }
        }
    }

    private int fail(int code, String message) {
        err.println("wslab-chat client: " + message);
        err.flush();
        return code;
    }
}
