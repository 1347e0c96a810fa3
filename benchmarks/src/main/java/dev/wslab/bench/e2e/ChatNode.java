package dev.wslab.bench.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * wslab's chat server as the benchmarks run it: the shipped jar ({@code chat-demo/target/wslab-chat.jar},
 * the one {@code ./wslab chat} runs) started with its own command line, so what is measured is what a
 * user runs, and no module of the build depends on the demo's classes. The flags change only what
 * would otherwise measure the protections instead of the transports:
 * <ul>
 *   <li>{@code --fast-password-hashing}: a thousand users log in before the cells, and the demo's
 *       deliberately slow Argon2id would dominate the setup (it is outside the measured window anyway);</li>
 *   <li>a 64 MiB outbound bound per connection and per polling session instead of 1 MiB, because the
 *       Undertow and Netty peers have no bound at all and a saturation cell with 16 KiB messages must
 *       not be cut short by the demo's slow-consumer protection;</li>
 *   <li>login, message and session-count limits lifted: a benchmark is one address posting as fast as it can.</li>
 * </ul>
 */
final class ChatNode {

    /** The chat's WebSocket path (the server's default). */
    static final String CHAT_PATH = "/ws";

    /**
     * The {@code JWT_SECRET_KEY} of every benchmark node: cluster nodes must verify each other's tokens,
     * and the capacity runner signs its 10,000 users' tokens itself (as the seed's gateway did).
     */
    static final String JWT_SECRET = "wslab-benchmark-cluster-secret-0123456789";

    /** A system property naming the chat jar, when it is not at {@code chat-demo/target/wslab-chat.jar}. */
    static final String JAR_PROPERTY = "wslab.bench.chatJar";
    /** Extra arguments for every chat node of a run, after the benchmark's own. */
    static final String EXTRA_ARGS_PROPERTY = "wslab.bench.chatArgs";
    /**
     * {@code -Dwslab.bench.shippedPasswordHashing=true}: the server hashes passwords as shipped (Argon2id, 7 MiB per
     * hash on its heap) instead of {@code --fast-password-hashing}, to see what real logins add to its footprint.
     */
    static final String SHIPPED_HASHING_PROPERTY = "wslab.bench.shippedPasswordHashing";

    private static final String JAR = "chat-demo/target/wslab-chat.jar";
    private static final long OUTBOUND_BYTES = 64L * 1024 * 1024;

    private ChatNode() {
    }

    /**
     * The jar, found from the working directory or one of its parents (the runner is started from the
     * repository, its tests from {@code benchmarks/}).
     *
     * @throws IOException if it is missing: build it first
     */
    static Path jar() throws IOException {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null) {
            return requireFile(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(JAR);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("the chat server's jar (" + JAR + ") is missing: build it first with "
                + "`mvn -pl chat-demo -am -DskipTests package`, or name it with -D" + JAR_PROPERTY + "=PATH");
    }

    private static Path requireFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(JAR_PROPERTY + " names " + path + ", which is not a file");
        }
        return path;
    }

    /** The chat's command line after {@code java -jar wslab-chat.jar}: one node, alone or on {@code redisUri}. */
    static List<String> arguments(String redisUri) {
        List<String> args = new ArrayList<>(List.of("server",
                "--host", "127.0.0.1",
                "--port", "0",
                "--data-dir", ":memory:",
                "--fast-password-hashing",
                "--max-outbound", Long.toString(OUTBOUND_BYTES),
                // The server-wide cap (issue 19) above what any cell keeps in flight, so no cell is cut by it: at
                // saturation up to ~10,000 deliveries of 16 KiB (~165 MB) wait at once. With the cap at one
                // client's 64 MiB the full matrix's 16 KiB cells of 100 and 1,000 clients lost their slowest members.
                "--max-outbound-total", Long.toString(4 * OUTBOUND_BYTES),
                // Poll commands carry the matrix's largest payload (16 KiB) inside their JSON: above the default 16 KiB.
                "--max-body", Integer.toString(64 * 1024),
                // Tokens outlive a run: the full matrix takes about an hour per JDK, the default lifetime.
                "--token-ttl", Long.toString(java.time.Duration.ofHours(12).toSeconds()),
                "--poll-max-pending", "1000000",
                "--poll-max-pending-bytes", Long.toString(OUTBOUND_BYTES),
                "--keep-alive-interval", "30",
                // Clients reach the server through a byte-counting proxy on a port chosen later.
                "--public-host", "127.0.0.1:*",
                "--login-rate-per-address", "1000000/1s",
                "--login-rate-per-name", "1000000/1s",
                "--message-rate", "100000000/1s",
                "--max-sessions-per-user", "100000"));
        if (Boolean.getBoolean(SHIPPED_HASHING_PROPERTY)) {
            args.remove("--fast-password-hashing");
        }
        if (redisUri != null) {
            args.addAll(List.of("--redis", redisUri));
        }
        // Trying a server option in every cell, e.g. -Dwslab.bench.chatArgs="--io-threads 1 --data-dir /tmp/d".
        String extra = System.getProperty(EXTRA_ARGS_PROPERTY, "").trim();
        return extra.isEmpty() ? args : withOptions(args, List.of(extra.split("\\s+")));
    }

    /**
     * A new (modifiable) list: {@code base} with {@code extra} added, an option of {@code extra} replacing the same
     * option of {@code base} and its value (picocli refuses an option given twice).
     */
    static List<String> withOptions(List<String> base, List<String> extra) {
        List<String> args = new ArrayList<>(base);
        for (String option : extra) {
            int at = option.startsWith("--") ? args.indexOf(option) : -1;
            if (at >= 0) {
                args.remove(at);
                if (at < args.size() && !args.get(at).startsWith("--")) {
                    args.remove(at); // its value
                }
            }
        }
        args.addAll(extra);
        return args;
    }

    /**
     * A token for user {@code user<index>} signed with {@link #JWT_SECRET}, as a gateway sharing the key
     * mints it (no {@code created} claim: bound to no account of the chat, which accepts it as such).
     */
    static String token(int index, Duration lifetime) {
        Instant now = Instant.now();
        return JWT.create()
                .withIssuer("wslab")
                .withAudience("wslab-chat")
                .withSubject("user-" + index)
                .withClaim("name", "user" + index)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .sign(Algorithm.HMAC256(JWT_SECRET));
    }
}
