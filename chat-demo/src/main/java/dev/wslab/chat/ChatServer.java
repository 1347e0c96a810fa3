package dev.wslab.chat;

import dev.wslab.chat.auth.AccountService;
import dev.wslab.chat.auth.TokenLocator;
import dev.wslab.chat.auth.TokenService;
import dev.wslab.chat.http.AccountRoutes;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.http.FrontDoor;
import dev.wslab.chat.http.PublicOrigins;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.SessionQuota;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.chat.http.JsonBody;
import dev.wslab.chat.lab.ProtocolLab;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.ops.ServerOps;
import dev.wslab.chat.rooms.ChatService;
import dev.wslab.chat.session.SessionRegistry;
import dev.wslab.chat.transport.polling.PollingTransport;
import dev.wslab.chat.rooms.LocalRoomBus;
import dev.wslab.chat.rooms.RoomBus;
import dev.wslab.chat.auth.AccountStore;
import dev.wslab.chat.cluster.ClusterStats;
import dev.wslab.chat.cluster.RedisAccountStore;
import dev.wslab.chat.cluster.RedisRoomBus;
import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.JdbcAccountStore;
import dev.wslab.chat.storage.JdbcRoomHistory;
import dev.wslab.chat.transport.undertow.WebSocketTransport;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server: Undertow for HTTP, wslab's {@code handshake} for every upgrade and wslab's
 * {@code framing} for every WebSocket byte. Tests, the conformance run and the benchmarks start it
 * in-process:
 *
 * <pre>{@code
 * try (ChatServer server = new ChatServer(ChatServerConfig.builder().port(0).echoEnabled(true).build(),
 *         WebClients.addTo(ServerParts.builder()).build())) {
 *     int port = server.start();
 *     URI chat = server.chatUri();      // ws://127.0.0.1:<port>/ws
 *     URI echo = server.echoUri();      // ws://127.0.0.1:<port>/echo
 *     ...
 * }
 * }</pre>
 *
 * <p>Routes: {@code POST /api/register}, {@code POST /api/login}, {@code DELETE /api/account},
 * {@code GET /health}, the chat
 * WebSocket at {@link ChatServerConfig#chatPath()}, the echo WebSocket at
 * {@link ChatServerConfig#echoPath()} when enabled, the web page from the class path's {@code web/}
 * directory at {@code /} when present, and whatever the {@link ServerParts}' {@link ServerExtension}s add.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    static {
        // Undertow and XNIO log through jboss-logging, which would pick java.util.logging; route them to
        // SLF4J like the rest of the server, unless the embedding application chose otherwise.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
    }

    /** Upgrade requests are small; a 16 KiB head is generous and stops header floods early. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final int MAX_HEADER_COUNT = 100;

    private final ChatServerConfig config;
    private final ServerParts parts;
    private final ServerContext context;
    private final WebSocketTransport webSockets;
    /** The one-node storage; {@code null} in a cluster. */
    private final EmbeddedDatabase database;
    /** A cluster node's counters and accounts; {@code null} on one node. */
    private final ClusterStats clusterStats;
    private final RedisAccountStore redisAccounts;
    private Undertow undertow;
    private int port = -1;

    /**
     * Opens the storage and prepares the server; {@link #start()} binds it.
     *
     * @throws dev.wslab.chat.storage.StorageException if the data directory cannot be used (locked by
     *         another server, another schema version, ...); the message says what to do
     * @throws dev.wslab.chat.cluster.ClusterUnavailableException if a cluster node cannot reach its Redis
     */
    public ChatServer(ChatServerConfig config) {
        this(config, ServerParts.minimal());
    }

    /**
     * Opens the storage and prepares the server; {@link #start()} binds it.
     *
     * @param config the settings
     * @param parts  the live components this server owns: account store, extra transports, wire tap
     * @throws dev.wslab.chat.storage.StorageException if the data directory cannot be used (locked by
     *         another server, another schema version, ...); the message says what to do
     */
    public ChatServer(ChatServerConfig config, ServerParts parts) {
        this.config = config;
        this.parts = parts;
        ProtocolCodec codec = new ProtocolCodec();
        AccountStore accountStore;
        RoomBus rooms;
        if (config.redisUri().isPresent()) {
            // One node of many: rooms, presence and accounts in the shared Redis, nothing on local disk.
            String uri = config.redisUri().get();
            this.database = null;
            this.clusterStats = new ClusterStats();
            rooms = new RedisRoomBus(codec, uri, UUID.randomUUID().toString().substring(0, 8), config.historySize(),
                    config.nodeTimeout(), clusterStats);
            this.redisAccounts = new RedisAccountStore(uri, clusterStats);
            accountStore = redisAccounts;
        } else {
            this.database = EmbeddedDatabase.open(config.dataDir());
            this.clusterStats = null;
            this.redisAccounts = null;
            rooms = new LocalRoomBus(codec, Clock.systemUTC(), config.limits(),
                    new JdbcRoomHistory(database, Math.max(1, config.historySize())), config.historySize());
            accountStore = parts.accountStore().orElseGet(() -> new JdbcAccountStore(database));
        }
        ChatService chat = new ChatService(codec, config.limits(), rooms);
        AccountService accounts = new AccountService(accountStore, config.passwordHasher());
        TokenService tokens = new TokenService(config.jwtSecret(), config.jwtClaims(), config.tokenLifetime(), Clock.systemUTC());
        BearerAuthenticator authenticator = new BearerAuthenticator(tokens, new TokenLocator(config.allowQueryToken()), accounts);
        PublicOrigins origins = PublicOrigins.of(config.publicHosts(), config.host(), config.tls().isPresent(),
                config.allowedOrigins());
        this.context = new ServerContext(config, parts, chat, accounts, tokens, authenticator, origins,
                new SessionQuota(config.limits().maxSessionsPerUser()),
                new SessionRegistry(chat, config.resumeWindow(), config.limits().maxSessionsPerUser()),
                new ServerOps(config));
        if (rooms instanceof RedisRoomBus cluster) {
            // Resumable sessions live in Redis too: a client resumes on any node (issue 13).
            context.sessions().share(cluster.sharedSessions(config.resumeWindow()));
        }
        this.webSockets = new WebSocketTransport(context);
        context.ops().bind(context, webSockets::openConnections);
        if (database != null) {
            context.ops().readiness().check("storage", database::problem); // /readyz (issue 19)
        }
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound TCP port (the chosen one when the configured port is 0)
     * @throws IllegalStateException if already started
     */
    public synchronized int start() {
        if (undertow != null) {
            throw new IllegalStateException("already started");
        }
        PathHandler routes = Handlers.path(staticOrIndex());
        AccountRoutes accountRoutes = new AccountRoutes(context.accounts(), context.tokens(), config.limits(),
                context.authenticator(), context.ops().metrics());
        routes.addExactPath("/api/register", accountRoutes.register());
        routes.addExactPath("/api/login", accountRoutes.login());
        routes.addExactPath("/api/account", accountRoutes.deleteAccount());
        routes.addExactPath("/health", exchange -> JsonHttp.send(exchange, 200,
                Map.of("status", "ok", "sessions", context.chat().sessionCount())));
        routes.addPrefixPath("/lab", new ProtocolLab().handler()); // the protocol lab, no login
        // Every transport is registered the same way: the WebSocket one always, the others (HTTP polling,
        // the page's side channels) when configured.
        webSockets.register(context, routes);
        context.ops().register(routes); // /metrics (issue 19)
        for (ServerExtension extension : parts.extensions()) {
            if (extension instanceof PollingTransport && !config.transports().contains("polling")) {
                continue; // --transports websocket: no polling routes at all
            }
            extension.register(context, routes);
        }
        Undertow.Builder builder = Undertow.builder();
        if (config.tls().isPresent()) {
            // RFC 6455 §3/§10.6: wss:// is the same upgrade inside TLS. Undertow terminates TLS and hands
            // our upgrade listener a connection whose channels already carry plaintext.
            builder.addHttpsListener(config.port(), config.host(), config.tls().get());
        } else {
            builder.addHttpListener(config.port(), config.host());
        }
        ChatLimits limits = config.limits();
        Undertow server = builder
                .setIoThreads(config.ioThreads())
                .setWorkerThreads(config.workerThreads())
                // Handshake head limits: Undertow's defaults (1 MiB of headers) are far too generous.
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADER_COUNT)
                // Undertow sets none of these by default: without them a client that opens a connection
                // and sends nothing, or half a request head, holds the socket for ever.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.requestParseTimeout()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.noRequestTimeout()))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(limits.idleTimeout()))
                // Each route's body limit is JsonBody's (--max-body; the lab's); this is only the backstop.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE,
                        JsonBody.undertowCap(Math.max(limits.maxBodyBytes(), ProtocolLab.MAX_BODY_BYTES)))
                .setHandler(new FrontDoor(context.origins(), context.ops().gate(routes)))
                .build();
        server.start();
        undertow = server;
        context.ops().readiness().listening(true);
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        log.info("wslab chat listening on {} (chat {}{})", httpUri(), chatUri(),
                config.echoEnabled() ? ", echo " + echoUri() : "");
        return port;
    }

    /**
     * Stops gracefully within --shutdown-timeout: readiness off and new connections refused, long polls
     * answered, every WebSocket closed with 1001 (waiting for the close frames
     * to go out), stops Undertow and closes the database (an in-memory one is gone). Safe to call
     * twice; a stopped server cannot be started again.
     */
    public synchronized void stop() {
        if (undertow != null) {
            // Graceful stop (issue 19), all within --shutdown-timeout: /readyz 503 and no new connections first,
            // long polls answered, every WebSocket told 1001 (peers that stopped reading are dropped at the
            // deadline), then the listener goes and the storage is flushed and closed below.
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            context.ops().drain(context, WebSocketTransport.SHUTDOWN_REASON, deadline - config.shutdownTimeout().toNanos() / 2);
            context.sessions().draining(); // on a cluster, sessions closed now resume on another node
            webSockets.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime() - 500_000_000L)));
            context.sessions().close();
            context.ops().readiness().listening(false);
            undertow.stop();
            undertow = null;
            log.info("wslab chat stopped");
        }
        context.chat().close();
        context.ops().close();
        if (database != null) {
            database.close();
        }
        if (redisAccounts != null) {
            redisAccounts.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The bound port, or -1 before {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** {@code http://host:port}, or {@code https://} when the server runs with TLS. */
    public URI httpUri() {
        return URI.create((secure() ? "https" : "http") + "://" + hostForUri() + ":" + port());
    }

    /** {@code ws://host:port/<chatPath>}, or {@code wss://} when the server runs with TLS. */
    public URI chatUri() {
        return URI.create(wsScheme() + "://" + hostForUri() + ":" + port() + config.chatPath());
    }

    /** {@code ws://host:port/<echoPath>} (whether or not echo is enabled), {@code wss://} with TLS. */
    public URI echoUri() {
        return URI.create(wsScheme() + "://" + hostForUri() + ":" + port() + config.echoPath());
    }

    private boolean secure() {
        return config.tls().isPresent();
    }

    private String wsScheme() {
        return secure() ? "wss" : "ws";
    }

    /** The chat, accounts and tokens this server runs on. */
    public ServerContext context() {
        return context;
    }

    /** A cluster node's Redis counters (round trips, ...); empty on a single node. */
    public Optional<ClusterStats> clusterStats() {
        return Optional.ofNullable(clusterStats);
    }

    /** The chat application (also reachable through {@link #context()}). */
    public ChatService chat() {
        return context.chat();
    }

    /** The configuration this server was built with. */
    public ChatServerConfig config() {
        return config;
    }

    /** How many WebSocket connections are open now (chat and echo). */
    public int openWebSockets() {
        return webSockets.openConnections();
    }

    private String hostForUri() {
        String host = config.host();
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** The page from the class path's web/ directory when it exists, otherwise a pointer to the API. */
    private static io.undertow.server.HttpHandler staticOrIndex() {
        ClassLoader loader = ChatServer.class.getClassLoader();
        if (loader.getResource("web/index.html") != null) {
            return new ResourceHandler(new ClassPathResourceManager(loader, "web"));
        }
        return exchange -> JsonHttp.sendError(exchange, 404, "not_found",
                "routes: POST /api/register, POST /api/login, GET /health, WebSocket on the chat path");
    }
}
