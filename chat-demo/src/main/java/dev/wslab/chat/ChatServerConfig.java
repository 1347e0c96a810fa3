package dev.wslab.chat;

import dev.wslab.chat.auth.Argon2idPasswordHasher;
import dev.wslab.chat.auth.JwtClaims;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.chat.auth.PasswordHasher;
import dev.wslab.chat.http.PublicOrigins;
import dev.wslab.chat.limits.ChatLimits;
import dev.wslab.chat.storage.EmbeddedDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The settings of a {@link ChatServer}: values only, never a live component (those, such as the
 * account store, the polling transport or the frame inspector, are {@link ServerParts}). Build one
 * with {@link #builder()}; every setting has a safe default, so {@code ChatServerConfig.builder().build()}
 * is the server as {@code ./wslab chat} runs it (except that {@code ./wslab chat} reads
 * {@code JWT_SECRET_KEY} and adds the page's parts).
 *
 * @param host                 address to bind; loopback by default so a demo is not exposed to the network
 * @param port                 TCP port; 0 picks a free one ({@link ChatServer#start()} returns it)
 * @param chatPath             path of the chat's WebSocket endpoint
 * @param echoEnabled          whether the conformance echo endpoint exists (off by default)
 * @param echoPath             path of the echo endpoint ("/" is allowed: the Autobahn client connects there)
 * @param publicHosts          the names clients reach this server by ({@code host}, {@code host:port} or
 *                             {@code scheme://host[:port]}); any other {@code Host} gets 421 and only
 *                             their origins are trusted. Empty: the bound address and {@code localhost}
 * @param allowedOrigins       browser origins allowed besides the server's own; "*" allows any
 * @param allowQueryToken      whether {@code ?token=} is accepted on the upgrade (off: URLs get logged)
 * @param deflate              whether the chat and echo endpoints accept permessage-deflate (RFC 7692) when a
 *                             client offers it (on by default; the policy and its cost are in the README)
 * @param maxMessageBytes      largest chat message (and frame) accepted; larger closes with 1009
 * @param echoMaxMessageBytes  largest message on the echo endpoint (Autobahn sends up to 16 MiB)
 * @param maxOutboundBytes     bytes a chat connection may have queued towards a slow client before it
 *                             is closed with 1008; the echo endpoint allows twice its message limit
 * @param maxOutboundTotalBytes the sum of all clients' queued bytes (WebSocket queues and poll backlogs) the
 *                             server holds; past it the largest consumers are cut as slow (1008, or session ended)
 * @param metricsFrom          who may read {@code GET /metrics}: {@code loopback}, {@code any}, {@code off} or
 *                             addresses and CIDR blocks (see {@link dev.wslab.chat.metrics.MetricsAccess})
 * @param shutdownTimeout      how long a stop may take: readiness off, 1001 to every WebSocket, long polls answered,
 *                             storage flushed; whatever is still open then is dropped
 * @param keepAliveInterval    a ping is sent after this long without any frame from the peer
 * @param keepAliveTimeout     the peer must answer (any frame) within this time, or it is dropped
 * @param closeTimeout         after our close frame, how long we wait for the peer's before aborting
 * @param transports           the chat transports served, in the order clients should try them ("polling",
 *                             "websocket"); a transport not listed is not routed at all
 * @param resumeWindow         how long a session whose connection dropped waits for its client to resume it
 *                             before its user leaves its rooms
 * @param tokenLifetime        how long a token from {@code /api/login} is valid
 * @param jwtSecret            HS256 key (at least 32 bytes)
 * @param jwtClaims            the issuer and audience a token must name (each may be none) and the claim
 *                             holding the user's name, so tokens of another issuer are accepted
 * @param passwordHasher       how passwords are hashed (Argon2id; cheap settings in tests)
 * @param dataDir              directory of the embedded database holding accounts and room history;
 *                             {@value dev.wslab.chat.storage.EmbeddedDatabase#MEMORY} (the builder's default, for
 *                             tests and benchmarks) keeps them in memory; {@code ./wslab chat} uses {@code ./wslab-data}
 * @param historySize          how many of a room's latest messages a joiner receives (0: none)
 * @param redisUri             when present ({@code redis://host:port}), this server is one node of a cluster:
 *                             rooms, presence and accounts live in that Redis and {@code dataDir} is not used;
 *                             needs a configured (not generated) {@code jwtSecret}, shared by every node
 * @param nodeTimeout          in a cluster, a node silent for this long is declared dead and its users
 *                             leave their rooms, announced by a surviving node
 * @param ioThreads            Undertow IO threads (each owns many connections, never blocks)
 * @param workerThreads        Undertow worker threads (password hashing runs there)
 * @param limits               timeouts, body sizes, rate limits and caps (see {@link ChatLimits})
 * @param tls                  when present, the server listens with TLS on {@code port} (https:// and wss://,
 *                             RFC 6455 §3 and §10.6) using this context's key material, instead of plain HTTP
 */
public record ChatServerConfig(
        String host,
        int port,
        String chatPath,
        boolean echoEnabled,
        String echoPath,
        List<String> publicHosts,
        List<String> allowedOrigins,
        boolean allowQueryToken,
        boolean deflate,
        int maxMessageBytes,
        int echoMaxMessageBytes,
        long maxOutboundBytes,
        long maxOutboundTotalBytes,
        String metricsFrom,
        Duration shutdownTimeout,
        Duration keepAliveInterval,
        Duration keepAliveTimeout,
        Duration closeTimeout,
        List<String> transports,
        Duration resumeWindow,
        Duration tokenLifetime,
        JwtSecret jwtSecret,
        JwtClaims jwtClaims,
        PasswordHasher passwordHasher,
        String dataDir,
        int historySize,
        Optional<String> redisUri,
        Duration nodeTimeout,
        int ioThreads,
        int workerThreads,
        ChatLimits limits,
        Optional<SSLContext> tls) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_CHAT_PATH = "/ws";
    public static final String DEFAULT_ECHO_PATH = "/echo";
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final int DEFAULT_ECHO_MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 1024;
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
    /** A third of the 96 MiB heap chat-demo/jvm.options gives {@code ./wslab chat}: queued text costs up to twice its bytes. */
    public static final long DEFAULT_MAX_OUTBOUND_TOTAL_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    /** As socket.io's connection state recovery: two minutes. */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(120);
    /** The transports there are, in the seed's default order: start with polling, upgrade to WebSocket. */
    public static final List<String> TRANSPORTS = List.of("polling", "websocket");
    public static final int DEFAULT_HISTORY = 50;
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Undertow IO threads by default: half the CPUs, at least one. A room's broadcast is written by the IO thread
     * of each member's connection, so every extra IO thread that holds members costs a hand-off and a wake-up per
     * message; the other half of the CPUs is left to the JVM's collector and compiler, the history writer and
     * the worker threads. On 2 cores one IO thread delivered 1.2–1.35× the messages per CPU-second of two, with
     * a lower p99.9 (docs/benchmarks/io-threads/README.md).
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
    /** Upper bound of {@code historySize}: a join must stay one modest event. */
    public static final int MAX_HISTORY = 1000;

    public ChatServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        requirePath(chatPath, "chatPath");
        requirePath(echoPath, "echoPath");
        if (echoEnabled && echoPath.equals(chatPath)) {
            throw new IllegalArgumentException("the echo endpoint and the chat endpoint need different paths");
        }
        publicHosts = List.copyOf(publicHosts);
        PublicOrigins.of(publicHosts, host, false, List.of()); // fails early on a public host it cannot read
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxMessageBytes < 126 || echoMaxMessageBytes < 126) {
            throw new IllegalArgumentException("message limits below 126 bytes would refuse ordinary frames");
        }
        if (maxOutboundBytes < maxMessageBytes) {
            throw new IllegalArgumentException("maxOutboundBytes must hold at least one message of maxMessageBytes");
        }
        dev.wslab.chat.metrics.MetricsAccess.parse(metricsFrom); // fails early on an entry it cannot read
        requirePositive(shutdownTimeout, "shutdownTimeout");
        if (maxOutboundTotalBytes < 1) {
            // Below one client's bound it is allowed: the total then cuts a single client first.
            throw new IllegalArgumentException("the total outbound cap must be positive");
        }
        requirePositive(keepAliveInterval, "keepAliveInterval");
        requirePositive(keepAliveTimeout, "keepAliveTimeout");
        requirePositive(closeTimeout, "closeTimeout");
        transports = List.copyOf(transports);
        if (transports.isEmpty() || transports.stream().anyMatch(t -> !TRANSPORTS.contains(t))
                || transports.stream().distinct().count() != transports.size()) {
            throw new IllegalArgumentException("transports lists 'polling' and/or 'websocket', each once, in the order"
                    + " clients should try them (got " + transports + ")");
        }
        requirePositive(resumeWindow, "resumeWindow");
        requirePositive(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(jwtClaims, "jwtClaims");
        Objects.requireNonNull(passwordHasher, "passwordHasher");
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException("dataDir must name a directory or be " + EmbeddedDatabase.MEMORY);
        }
        if (historySize < 0 || historySize > MAX_HISTORY) {
            throw new IllegalArgumentException("history must be 0.." + MAX_HISTORY + " messages");
        }
        Objects.requireNonNull(redisUri, "redisUri");
        requirePositive(nodeTimeout, "nodeTimeout");
        if (redisUri.isPresent()) {
            if (!redisUri.get().startsWith("redis://")) {
                throw new IllegalArgumentException("the Redis address must look like redis://HOST:PORT, not '" + redisUri.get() + "'");
            }
            if (jwtSecret.generated()) {
                // Every node must verify the tokens every other node issued: one configured secret for all.
                throw new IllegalArgumentException("a cluster node (--redis) needs JWT_SECRET_KEY, the same on every node"
                        + " (at least " + JwtSecret.MIN_BYTES + " bytes); it is not set");
            }
        }
        if (ioThreads < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("ioThreads and workerThreads must be at least 1");
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tls, "tls");
    }

    /** A builder holding the defaults (random JWT secret, recommended Argon2id cost, accounts and history in memory). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePath(String path, String name) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(name + " must start with '/'");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    /** Fluent construction of a {@link ChatServerConfig}; unset values keep their defaults. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String chatPath = DEFAULT_CHAT_PATH;
        private boolean echoEnabled;
        private String echoPath = DEFAULT_ECHO_PATH;
        private List<String> publicHosts = List.of();
        private List<String> allowedOrigins = List.of();
        private boolean allowQueryToken;
        private boolean deflate = true;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int echoMaxMessageBytes = DEFAULT_ECHO_MAX_MESSAGE_BYTES;
        private long maxOutboundBytes = DEFAULT_MAX_OUTBOUND_BYTES;
        private long maxOutboundTotalBytes = DEFAULT_MAX_OUTBOUND_TOTAL_BYTES;
        private String metricsFrom = dev.wslab.chat.metrics.MetricsAccess.DEFAULT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
        private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private List<String> transports = TRANSPORTS;
        private Duration resumeWindow = DEFAULT_RESUME_WINDOW;
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private JwtSecret jwtSecret;
        private JwtClaims jwtClaims = JwtClaims.DEFAULTS;
        private PasswordHasher passwordHasher;
        private String dataDir = EmbeddedDatabase.MEMORY;
        private int historySize = DEFAULT_HISTORY;
        private Optional<String> redisUri = Optional.empty();
        private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;
        private int ioThreads = defaultIoThreads();
        private int workerThreads = 8;
        private ChatLimits limits = ChatLimits.DEFAULTS;
        private Optional<SSLContext> tls = Optional.empty();

        private Builder() {}

        private Builder(ChatServerConfig c) {
            host = c.host;
            port = c.port;
            chatPath = c.chatPath;
            echoEnabled = c.echoEnabled;
            echoPath = c.echoPath;
            publicHosts = c.publicHosts;
            allowedOrigins = c.allowedOrigins;
            allowQueryToken = c.allowQueryToken;
            deflate = c.deflate;
            maxMessageBytes = c.maxMessageBytes;
            echoMaxMessageBytes = c.echoMaxMessageBytes;
            maxOutboundBytes = c.maxOutboundBytes;
            maxOutboundTotalBytes = c.maxOutboundTotalBytes;
            metricsFrom = c.metricsFrom;
            shutdownTimeout = c.shutdownTimeout;
            keepAliveInterval = c.keepAliveInterval;
            keepAliveTimeout = c.keepAliveTimeout;
            closeTimeout = c.closeTimeout;
            transports = c.transports;
            resumeWindow = c.resumeWindow;
            tokenLifetime = c.tokenLifetime;
            jwtSecret = c.jwtSecret;
            jwtClaims = c.jwtClaims;
            passwordHasher = c.passwordHasher;
            dataDir = c.dataDir;
            historySize = c.historySize;
            redisUri = c.redisUri;
            nodeTimeout = c.nodeTimeout;
            ioThreads = c.ioThreads;
            workerThreads = c.workerThreads;
            limits = c.limits;
            tls = c.tls;
        }

        public Builder host(String value) { host = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder chatPath(String value) { chatPath = value; return this; }
        public Builder echoEnabled(boolean value) { echoEnabled = value; return this; }
        public Builder echoPath(String value) { echoPath = value; return this; }
        public Builder publicHosts(List<String> value) { publicHosts = value; return this; }
        public Builder allowedOrigins(List<String> value) { allowedOrigins = value; return this; }
        public Builder allowQueryToken(boolean value) { allowQueryToken = value; return this; }
        /** Accept permessage-deflate offers (the default), or decline every one. */
        public Builder deflate(boolean value) { deflate = value; return this; }
        public Builder maxMessageBytes(int value) { maxMessageBytes = value; return this; }
        public Builder echoMaxMessageBytes(int value) { echoMaxMessageBytes = value; return this; }
        public Builder maxOutboundBytes(long value) { maxOutboundBytes = value; return this; }
        /** The cap on all clients' undelivered data together; past it the largest are cut as slow. */
        public Builder maxOutboundTotalBytes(long value) { maxOutboundTotalBytes = value; return this; }
        /** Who may read {@code GET /metrics}: {@code loopback} (default), {@code any}, {@code off}, or addresses/CIDR blocks. */
        public Builder metricsFrom(String value) { metricsFrom = value; return this; }
        public Builder shutdownTimeout(Duration value) { shutdownTimeout = value; return this; }
        public Builder keepAliveInterval(Duration value) { keepAliveInterval = value; return this; }
        public Builder keepAliveTimeout(Duration value) { keepAliveTimeout = value; return this; }
        public Builder closeTimeout(Duration value) { closeTimeout = value; return this; }
        public Builder transports(List<String> value) { transports = value; return this; }
        public Builder resumeWindow(Duration value) { resumeWindow = value; return this; }
        public Builder tokenLifetime(Duration value) { tokenLifetime = value; return this; }
        public Builder jwtSecret(JwtSecret value) { jwtSecret = value; return this; }
        public Builder jwtClaims(JwtClaims value) { jwtClaims = value; return this; }
        public Builder passwordHasher(PasswordHasher value) { passwordHasher = value; return this; }
        /** A directory for the embedded database, or {@value EmbeddedDatabase#MEMORY} (the default). */
        public Builder dataDir(String value) { dataDir = value; return this; }
        public Builder historySize(int value) { historySize = value; return this; }
        /** Make this server a node of the cluster that shares the Redis at {@code redis://host:port}. */
        public Builder redis(String uri) { redisUri = Optional.of(uri); return this; }
        public Builder nodeTimeout(Duration value) { nodeTimeout = value; return this; }
        public Builder ioThreads(int value) { ioThreads = value; return this; }
        public Builder workerThreads(int value) { workerThreads = value; return this; }
        public Builder limits(ChatLimits value) { limits = value; return this; }
        /** Serve https:// and wss:// on {@code port} with this context's certificate instead of plain HTTP. */
        public Builder tls(SSLContext value) { tls = Optional.of(value); return this; }

        public ChatServerConfig build() {
            return new ChatServerConfig(host, port, chatPath, echoEnabled, echoPath, publicHosts, allowedOrigins,
                    allowQueryToken, deflate,
                    maxMessageBytes, echoMaxMessageBytes, maxOutboundBytes, maxOutboundTotalBytes, metricsFrom, shutdownTimeout, keepAliveInterval, keepAliveTimeout,
                    closeTimeout, transports, resumeWindow, tokenLifetime,
                    jwtSecret != null ? jwtSecret : JwtSecret.random(), jwtClaims,
                    passwordHasher != null ? passwordHasher : Argon2idPasswordHasher.recommended(),
                    dataDir, historySize, redisUri, nodeTimeout,
                    ioThreads, workerThreads, limits, tls);
        }
    }
}
