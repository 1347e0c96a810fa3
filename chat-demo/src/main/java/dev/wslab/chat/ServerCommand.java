package dev.wslab.chat;

import dev.wslab.chat.auth.Argon2idPasswordHasher;
import dev.wslab.chat.auth.JwtClaims;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.chat.auth.TokenService;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.limits.RateLimit;
import dev.wslab.chat.cluster.ClusterUnavailableException;
import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.StorageException;
import dev.wslab.chat.transport.polling.PollingConfig;
import dev.wslab.chat.transport.polling.PollingTransport;
import dev.wslab.chat.web.WebClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wslab-chat server}: runs the chat server until Ctrl-C. */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the chat server: POST /api/register and /api/login (JSON {name,password}) give a JWT;",
            "the chat WebSocket (subprotocol wslab.chat.v1) takes it as 'Sec-WebSocket-Protocol: wslab.chat.v1, bearer.<jwt>'",
            "or 'Authorization: Bearer <jwt>'. The signing key comes from JWT_SECRET_KEY (at least 32 bytes);",
            "without it a random key is generated for this run."})
public final class ServerCommand implements Callable<Integer> {

    /** Where {@code ./wslab chat} keeps its data unless told otherwise (git ignores it). */
    public static final String DEFAULT_DATA_DIR = "./wslab-data";

    @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE}, this machine only)")
    String host = ChatServerConfig.DEFAULT_HOST;

    @Option(names = {"-p", "--port"}, description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = ChatServerConfig.DEFAULT_PORT;

    @Option(names = "--chat-path", description = "path of the chat WebSocket (default: ${DEFAULT-VALUE})")
    String chatPath = ChatServerConfig.DEFAULT_CHAT_PATH;

    @Option(names = "--echo", description = "enable the echo WebSocket for conformance runs (no auth)")
    boolean echo;

    @Option(names = "--echo-path", description = "path of the echo WebSocket (default: ${DEFAULT-VALUE})")
    String echoPath = ChatServerConfig.DEFAULT_ECHO_PATH;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN",
            description = {"browser origins allowed besides this server's own, comma-separated; '*' allows any.",
                "Their pages may also call /api/* and /poll/* (CORS: the exact origin is echoed, no credentials)"})
    List<String> allowedOrigins = List.of();

    @Option(names = "--public-host", split = ",", paramLabel = "HOST",
            description = {"a name clients reach this server by: host, host:port, host:* (any port) or scheme://host[:port], comma-separated",
                "or repeated; any other Host header gets 421 and only these origins are trusted",
                "(default: the --host address and localhost)"})
    List<String> publicHosts = List.of();

    @Option(names = "--request-parse-timeout", paramLabel = "SECONDS",
            description = "close a connection whose request head is not complete this long after its first byte (default: ${DEFAULT-VALUE})")
    long requestParseTimeout = ChatLimits.DEFAULT_REQUEST_PARSE_TIMEOUT.toSeconds();

    @Option(names = "--no-request-timeout", paramLabel = "SECONDS",
            description = "close a connection that starts no request for this long (default: ${DEFAULT-VALUE})")
    long noRequestTimeout = ChatLimits.DEFAULT_NO_REQUEST_TIMEOUT.toSeconds();

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "close any connection, HTTP or WebSocket, silent both ways for this long (default: ${DEFAULT-VALUE})")
    long idleTimeout = ChatLimits.DEFAULT_IDLE_TIMEOUT.toSeconds();

    @Option(names = "--body-timeout", paramLabel = "SECONDS",
            description = "answer 408 when a request body is not complete within this time (default: ${DEFAULT-VALUE})")
    long bodyTimeout = ChatLimits.DEFAULT_BODY_TIMEOUT.toSeconds();

    @Option(names = "--max-body", paramLabel = "BYTES",
            description = "largest JSON request body; larger gets 413 (default: ${DEFAULT-VALUE})")
    int maxBody = ChatLimits.DEFAULT_MAX_BODY_BYTES;

    @Option(names = "--login-rate-per-address", paramLabel = "N/PERIOD", converter = RateLimitConverter.class,
            description = "logins and registrations per client address, e.g. 20/60s; then 429 (default: ${DEFAULT-VALUE})")
    RateLimit loginPerAddress = ChatLimits.DEFAULT_LOGIN_PER_ADDRESS;

    @Option(names = "--login-rate-per-name", paramLabel = "N/PERIOD", converter = RateLimitConverter.class,
            description = "logins and registrations per account name; then 429 (default: ${DEFAULT-VALUE})")
    RateLimit loginPerName = ChatLimits.DEFAULT_LOGIN_PER_NAME;

    @Option(names = "--message-rate", paramLabel = "N/PERIOD", converter = RateLimitConverter.class,
            description = "chat commands per session; then error rate_limited (default: ${DEFAULT-VALUE})")
    RateLimit messageRate = ChatLimits.DEFAULT_MESSAGE_RATE;

    @Option(names = "--message-abuse", paramLabel = "N/PERIOD", converter = RateLimitConverter.class,
            description = "refused commands per session before it is closed with 1008 (default: ${DEFAULT-VALUE})")
    RateLimit messageAbuse = ChatLimits.DEFAULT_MESSAGE_ABUSE;

    @Option(names = "--max-sessions-per-user", paramLabel = "N",
            description = "WebSocket connections plus polling sessions per user; then 429 (default: ${DEFAULT-VALUE})")
    int maxSessionsPerUser = ChatLimits.DEFAULT_MAX_SESSIONS_PER_USER;

    @Option(names = "--max-rooms-per-session", paramLabel = "N",
            description = "rooms one session may be in; then error too_many_rooms (default: ${DEFAULT-VALUE})")
    int maxRoomsPerSession = ChatLimits.DEFAULT_MAX_ROOMS_PER_SESSION;

    @Option(names = "--max-rooms", paramLabel = "N",
            description = "rooms on the server; then error room_limit_reached (default: ${DEFAULT-VALUE})")
    int maxRooms = ChatLimits.DEFAULT_MAX_ROOMS;

    @Option(names = "--max-inspector-streams", paramLabel = "N",
            description = "frame-inspector streams per user; then 429 (default: ${DEFAULT-VALUE})")
    int maxInspectorStreams = ChatLimits.DEFAULT_MAX_INSPECTOR_STREAMS;

    @Option(names = "--rooms-page-size", paramLabel = "N",
            description = "most rooms in one GET /api/rooms answer (default: ${DEFAULT-VALUE})")
    int roomsPageSize = ChatLimits.DEFAULT_ROOMS_PAGE_SIZE;

    @Option(names = "--allow-query-token", description = "also accept the token as ?token= on the upgrade (off: URLs get logged)")
    boolean allowQueryToken;

    @Option(names = "--no-deflate",
            description = "decline permessage-deflate (RFC 7692); by default the chat and echo endpoints accept a client's offer")
    boolean noDeflate;

    @Option(names = "--max-message", paramLabel = "BYTES",
            description = "largest chat message; bigger ones close the connection with 1009 (default: ${DEFAULT-VALUE})")
    int maxMessage = ChatServerConfig.DEFAULT_MAX_MESSAGE_BYTES;

    @Option(names = "--echo-max-message", paramLabel = "BYTES", description = "largest echo message (default: ${DEFAULT-VALUE})")
    int echoMaxMessage = ChatServerConfig.DEFAULT_ECHO_MAX_MESSAGE_BYTES;

    @Option(names = "--max-outbound", paramLabel = "BYTES",
            description = "bytes queued towards a client before it is closed as a slow consumer with 1008 (default: ${DEFAULT-VALUE})")
    long maxOutbound = ChatServerConfig.DEFAULT_MAX_OUTBOUND_BYTES;

    @Option(names = "--max-outbound-total", paramLabel = "BYTES",
            description = "bytes queued towards all clients together (WebSocket queues and poll backlogs); past it the largest are cut as slow consumers (default: ${DEFAULT-VALUE})")
    long maxOutboundTotal = ChatServerConfig.DEFAULT_MAX_OUTBOUND_TOTAL_BYTES;

    @Option(names = "--metrics-from", paramLabel = "loopback|any|off|CIDR,...",
            description = "who may read GET /metrics (Prometheus text): loopback, any, off, or addresses and CIDR blocks, comma-separated (default: ${DEFAULT-VALUE})")
    String metricsFrom = dev.wslab.chat.metrics.MetricsAccess.DEFAULT;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
            description = "on SIGTERM: /readyz 503, 1001 to every WebSocket, long polls answered, storage flushed, exit within this time (default: ${DEFAULT-VALUE})")
    long shutdownTimeout = ChatServerConfig.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds();

    @Option(names = "--keep-alive-interval", paramLabel = "SECONDS",
            description = "ping a peer silent for this long (default: ${DEFAULT-VALUE})")
    long keepAliveInterval = ChatServerConfig.DEFAULT_KEEP_ALIVE_INTERVAL.toSeconds();

    @Option(names = "--keep-alive-timeout", paramLabel = "SECONDS",
            description = "drop a peer that does not answer a ping within this time (default: ${DEFAULT-VALUE})")
    long keepAliveTimeout = ChatServerConfig.DEFAULT_KEEP_ALIVE_TIMEOUT.toSeconds();

    @Option(names = "--close-timeout", paramLabel = "SECONDS",
            description = "wait this long for the peer's close frame before dropping TCP (default: ${DEFAULT-VALUE})")
    long closeTimeout = ChatServerConfig.DEFAULT_CLOSE_TIMEOUT.toSeconds();

    @Option(names = "--transports", split = ",", paramLabel = "polling|websocket",
            description = "the chat transports served, in the order clients try them; one alone serves only it (default: polling,websocket)")
    List<String> transports = ChatServerConfig.TRANSPORTS;

    @Option(names = "--resume-window", paramLabel = "SECONDS",
            description = "a session whose connection dropped waits this long for its client to resume it; then its user leaves its rooms (default: ${DEFAULT-VALUE})")
    long resumeWindow = ChatServerConfig.DEFAULT_RESUME_WINDOW.toSeconds();

    @Option(names = "--token-ttl", paramLabel = "SECONDS", description = "lifetime of login tokens (default: ${DEFAULT-VALUE})")
    long tokenTtl = ChatServerConfig.DEFAULT_TOKEN_LIFETIME.toSeconds();

    @Option(names = "--poll-wait", paramLabel = "SECONDS",
            description = "how long the HTTP polling transport holds a long poll that names no wait= (default: ${DEFAULT-VALUE})")
    long pollWait = PollingConfig.DEFAULT_WAIT.toSeconds();

    @Option(names = "--poll-session-expiry", paramLabel = "SECONDS",
            description = "end a polling session (its user leaves its rooms) after this long without a poll (default: ${DEFAULT-VALUE})")
    long pollSessionExpiry = PollingConfig.DEFAULT_SESSION_EXPIRY.toSeconds();

    @Option(names = "--poll-max-pending", paramLabel = "EVENTS",
            description = "events waiting for a polling session's next poll before it is ended as a slow consumer (default: ${DEFAULT-VALUE})")
    int pollMaxPending = PollingConfig.DEFAULT_MAX_PENDING_EVENTS;

    @Option(names = "--poll-max-pending-bytes", paramLabel = "CHARS",
            description = "characters of events waiting for a polling session's next poll before it is ended as a slow consumer (default: ${DEFAULT-VALUE})")
    long pollMaxPendingChars = PollingConfig.DEFAULT_MAX_PENDING_CHARS;

    @Option(names = "--jwt-issuer", paramLabel = "ISS",
            description = "the 'iss' a token must carry (and /api/login writes); 'none' checks none (default: ${DEFAULT-VALUE})")
    String jwtIssuer = TokenService.DEFAULT_ISSUER;

    @Option(names = "--jwt-audience", paramLabel = "AUD",
            description = "the 'aud' a token must carry (and /api/login writes); 'none' checks none (default: ${DEFAULT-VALUE})")
    String jwtAudience = TokenService.DEFAULT_AUDIENCE;

    @Option(names = "--jwt-name-claim", paramLabel = "CLAIM",
            description = "the token claim holding the user's display name; without it the name is 'sub' (default: ${DEFAULT-VALUE})")
    String jwtNameClaim = JwtClaims.DEFAULTS.nameClaim();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where accounts and room history are kept (an embedded H2 database file); "
                    + "'" + EmbeddedDatabase.MEMORY + "' keeps them in memory only (default: ${DEFAULT-VALUE})")
    String dataDir = DEFAULT_DATA_DIR;

    @Option(names = "--history", paramLabel = "MESSAGES",
            description = "how many of a room's latest messages a member gets on join, 0 for none (default: ${DEFAULT-VALUE})")
    int history = ChatServerConfig.DEFAULT_HISTORY;

    @Option(names = "--redis", paramLabel = "URI",
            description = "run as one node of a cluster: rooms, presence and accounts in the Redis at redis://HOST:PORT"
                    + " (needs JWT_SECRET_KEY, the same on every node; --data-dir is then not used)")
    String redis;

    @Option(names = "--node-timeout", paramLabel = "SECONDS",
            description = "with --redis: a node silent for this long is declared dead and its users leave their rooms"
                    + " (default: ${DEFAULT-VALUE})")
    long nodeTimeout = ChatServerConfig.DEFAULT_NODE_TIMEOUT.toSeconds();

    @Option(names = "--fast-password-hashing",
            description = "cheap Argon2id settings for load tests and benchmarks; never for real passwords")
    boolean fastPasswordHashing;

    @Option(names = "--io-threads", description = "Undertow IO threads (default: half the CPUs, at least 1)")
    int ioThreads = ChatServerConfig.defaultIoThreads();

    @Option(names = "--worker-threads", description = "Undertow worker threads (default: ${DEFAULT-VALUE})")
    int workerThreads = 8;

    @Option(names = "--tls-keystore", paramLabel = "PATH",
            description = "serve https:// and wss:// on --port with the key and certificate in this PKCS#12/JKS keystore")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "password of --tls-keystore (prompted when given without a value; default: empty)")
    char[] tlsKeystorePassword = new char[0];

    /** Reads {@code 20/60s}-style rates for picocli. */
    static final class RateLimitConverter implements CommandLine.ITypeConverter<RateLimit> {
        @Override
        public RateLimit convert(String value) {
            return RateLimit.parse(value);
        }
    }

    /**
     * The page's needs besides the WebSocket: the polling transport (with these options), the frame
     * inspector, the room list; accounts in memory.
     *
     * @throws IllegalArgumentException if a polling option is invalid
     */
    ServerParts toParts() {
        PollingConfig polling = PollingConfig.defaults()
                .withDefaultWait(Duration.ofSeconds(pollWait))
                .withSessionExpiry(Duration.ofSeconds(pollSessionExpiry))
                .withPendingLimits(pollMaxPending, pollMaxPendingChars);
        return WebClients.addTo(ServerParts.builder(), new PollingTransport(polling)).build();
    }

    @Override
    public Integer call() throws InterruptedException {
        ChatServerConfig config;
        ServerParts parts;
        try {
            config = toConfig(System.getenv());
            parts = toParts();
        } catch (IllegalArgumentException invalid) {
            // A too-short JWT_SECRET_KEY, a path without '/', ...: say what is wrong, not a stack trace.
            System.err.println("wslab chat: " + invalid.getMessage());
            return 2;
        }
        ChatServer server;
        try {
            server = new ChatServer(config, parts);
        } catch (StorageException unusable) {
            // Locked by another server, another schema version, not writable: say so and stop.
            System.err.println("wslab chat: " + unusable.getMessage());
            return 1;
        } catch (ClusterUnavailableException unreachable) {
            System.err.println("wslab chat: cannot reach Redis at " + redis + ": " + unreachable.getMessage()
                    + " (start redis-server first, or run without --redis)");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dev.wslab.chat.ops.ShutdownWatchdog.start(config.shutdownTimeout());
            server.stop();
            stopped.countDown();
        }, "wslab-chat-shutdown"));
        int bound = server.start();
        System.out.println("wslab chat: " + server.httpUri() + "  chat " + server.chatUri()
                + (echo ? "  echo " + server.echoUri() : "") + "  (Ctrl-C stops)");
        if (bound <= 0) {
            return 1;
        }
        stopped.await();
        return 0;
    }

    /**
     * The configuration these options describe, with the JWT secret from {@code environment}.
     *
     * @throws IllegalArgumentException if an option or the secret is invalid
     */
    ChatServerConfig toConfig(Map<String, String> environment) {
        // The idle timeout would otherwise cut a held long poll, or a quiet WebSocket between two pings.
        long longestPoll = Math.max(pollWait, PollingConfig.DEFAULT_MAX_WAIT.toSeconds());
        if (idleTimeout <= longestPoll || idleTimeout <= keepAliveInterval + keepAliveTimeout) {
            throw new IllegalArgumentException("--idle-timeout (" + idleTimeout + " s) must exceed the longest long poll ("
                    + longestPoll + " s) and --keep-alive-interval + --keep-alive-timeout ("
                    + (keepAliveInterval + keepAliveTimeout) + " s)");
        }
        ChatServerConfig.Builder builder = ChatServerConfig.builder()
                .host(host)
                .port(port)
                .chatPath(chatPath)
                .echoEnabled(echo)
                .echoPath(echoPath)
                .publicHosts(publicHosts)
                .allowedOrigins(allowedOrigins)
                .allowQueryToken(allowQueryToken)
                .deflate(!noDeflate)
                .maxMessageBytes(maxMessage)
                .echoMaxMessageBytes(echoMaxMessage)
                .maxOutboundBytes(maxOutbound)
                .maxOutboundTotalBytes(maxOutboundTotal)
                .metricsFrom(metricsFrom)
                .shutdownTimeout(Duration.ofSeconds(shutdownTimeout))
                .keepAliveInterval(Duration.ofSeconds(keepAliveInterval))
                .keepAliveTimeout(Duration.ofSeconds(keepAliveTimeout))
                .closeTimeout(Duration.ofSeconds(closeTimeout))
                .transports(transports)
                .resumeWindow(Duration.ofSeconds(resumeWindow))
                .tokenLifetime(Duration.ofSeconds(tokenTtl))
                .jwtSecret(JwtSecret.fromEnvironment(environment))
                .jwtClaims(new JwtClaims(JwtClaims.optional(jwtIssuer), JwtClaims.optional(jwtAudience), jwtNameClaim))
                .dataDir(dataDir)
                .historySize(history)
                .nodeTimeout(Duration.ofSeconds(nodeTimeout))
                .passwordHasher(fastPasswordHashing ? Argon2idPasswordHasher.fastForTests() : Argon2idPasswordHasher.recommended())
                .ioThreads(ioThreads)
                .workerThreads(workerThreads)
                .limits(ChatLimits.builder()
                        .requestParseTimeout(Duration.ofSeconds(requestParseTimeout))
                        .noRequestTimeout(Duration.ofSeconds(noRequestTimeout))
                        .idleTimeout(Duration.ofSeconds(idleTimeout))
                        .bodyTimeout(Duration.ofSeconds(bodyTimeout))
                        .maxBodyBytes(maxBody)
                        .loginPerAddress(loginPerAddress)
                        .loginPerName(loginPerName)
                        .messageRate(messageRate)
                        .messageAbuse(messageAbuse)
                        .maxSessionsPerUser(maxSessionsPerUser)
                        .maxRoomsPerSession(maxRoomsPerSession)
                        .maxRooms(maxRooms)
                        .maxInspectorStreams(maxInspectorStreams)
                        .roomsPageSize(roomsPageSize)
                        .build());
        if (redis != null) {
            builder.redis(redis);
        }
        if (tlsKeystore != null) {
            // RFC 6455 §10.6: the same server, reached as https:// and wss://.
            builder.tls(TlsContexts.server(tlsKeystore, tlsKeystorePassword));
        }
        return builder.build();
    }
}
