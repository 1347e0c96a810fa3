package dev.wslab.chat;

import dev.wslab.chat.auth.JwtSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wslab-chat cluster}: a whole cluster on this machine, for watching a room span servers. Starts
 * a {@code redis-server} (its data in a temporary directory) and N chat nodes on consecutive ports,
 * each its own JVM, prints their URLs and the nodes' log lines (prefixed with the node), and on Ctrl-C
 * stops the nodes, then Redis, and removes the directory.
 */
@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "Starts redis-server (data in a temporary directory) and N chat nodes on consecutive ports sharing it;",
            "prints their URLs and stops everything on Ctrl-C. Open two nodes' pages in two browsers: one room, two servers.",
            "JWT_SECRET_KEY is used when set; otherwise one random key is generated and given to every node."})
public final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--nodes", description = "how many chat nodes (default: ${DEFAULT-VALUE})")
    int nodes = 2;

    @Option(names = {"-p", "--port"}, description = "port of the first node; the others follow (default: ${DEFAULT-VALUE})")
    int port = ChatServerConfig.DEFAULT_PORT;

    @Option(names = "--redis-port", description = "port of the redis-server it starts (default: ${DEFAULT-VALUE})")
    int redisPort = 6390;

    @Option(names = "--node-timeout", paramLabel = "SECONDS",
            description = "a node silent for this long is declared dead (default: ${DEFAULT-VALUE})")
    long nodeTimeout = ChatServerConfig.DEFAULT_NODE_TIMEOUT.toSeconds();

    @Option(names = "--fast-password-hashing", description = "pass --fast-password-hashing to the nodes (load tests)")
    boolean fastPasswordHashing;

    private final List<Process> started = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (nodes < 1 || nodes > 16) {
            System.err.println("wslab cluster: --nodes must be 1..16");
            return 2;
        }
        Path dir = Files.createTempDirectory("wslab-cluster-");
        String secret = System.getenv(JwtSecret.ENVIRONMENT_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            secret = Base64.getEncoder().encodeToString(key);
            out.println("wslab cluster: JWT_SECRET_KEY is not set; the nodes share a random key for this run");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(out, dir);
            stopped.countDown();
        }, "wslab-cluster-shutdown"));

        String redisUri = "redis://127.0.0.1:" + redisPort;
        try {
            Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            started.add(redis);
        } catch (IOException e) {
            System.err.println("wslab cluster: cannot start redis-server (" + e.getMessage() + "); install it first:"
                    + " sudo apt-get install -y redis-server");
            return 1;
        }
        if (!awaitPort(redisPort, 20)) {
            System.err.println("wslab cluster: redis-server did not start; its log: " + Files.readString(dir.resolve("redis.log")));
            return 1;
        }
        out.println("wslab cluster: redis-server on " + redisUri + " (append-only file in " + dir + ")");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < nodes; i++) {
            int nodePort = port + i;
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(dev.wslab.chat.ops.NodeJvmOptions.from(System.getenv()));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    WslabChat.class.getName(), "server", "--port", Integer.toString(nodePort), "--redis", redisUri,
                    "--node-timeout", Long.toString(nodeTimeout)));
            if (fastPasswordHashing) {
                command.add("--fast-password-hashing");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(JwtSecret.ENVIRONMENT_VARIABLE, secret);
            Process node = builder.start();
            started.add(node);
            pump(node, "node " + (i + 1), out);
        }
        for (int i = 0; i < nodes; i++) {
            if (!awaitPort(port + i, 60)) {
                System.err.println("wslab cluster: node " + (i + 1) + " did not start on port " + (port + i));
                return 1;
            }
        }
        out.println("wslab cluster: " + nodes + " node(s) sharing " + redisUri + ":");
        for (int i = 0; i < nodes; i++) {
            out.println("  node " + (i + 1) + "  http://127.0.0.1:" + (port + i) + "  chat ws://127.0.0.1:" + (port + i) + "/ws");
        }
        out.println("wslab cluster: register on one node, log in on another, join the same room. Ctrl-C stops all.");
        stopped.await();
        return 0;
    }

    /** Nodes first (SIGTERM: they leave their rooms and say goodbye to Redis), then Redis; then the directory. */
    private synchronized void stopAll(PrintStream out, Path dir) {
        for (int i = started.size() - 1; i >= 0; i--) {
            Process process = started.get(i);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
        out.println("wslab cluster: stopped");
    }

    private static void pump(Process process, String name, PrintStream out) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out.println("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // the node ended
            }
        }, name + "-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean awaitPort(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }
}
