package dev.wslab.bench.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat server in its own JVM (the load generator never shares a heap, a JIT or a GC with it), or, for the
 * Node.js peers, in its own Node.js process.
 * It runs on the same Java as this JVM, prints the port it listens on, and stops when its standard
 * input closes ({@link ServerMain}) or when it is terminated (the chat, which drains its clients first). Its CPU time is read from the operating
 * system through {@link ProcessHandle}.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<String> log = new ArrayList<>();
    /** What the chat prints once it listens: {@code wslab chat: http://127.0.0.1:PORT  chat ws://…}. */
    private static final Pattern CHAT_READY = Pattern.compile("^wslab chat: https?://[^ ]*:(\\d+) ");
    private static final Pattern PEER_READY = Pattern.compile("^" + ServerMain.READY + "(\\d+)");

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts one server of {@code kind} and waits (at most 60 s) until it reports its port: wslab's chat
     * from its jar ({@link ChatNode}; {@code args} may name the Redis of its cluster), any other kind as
     * {@code ServerMain kind args...} from this JVM's class path.
     */
    static ServerProcess start(ServerKind kind, List<String> jvmOptions, String... args) throws IOException {
        if (kind.wslabChat()) {
            return startChat(ChatNode.jar(), jvmOptions, ChatNode.arguments(args.length > 0 ? args[0] : null),
                    Footprint.includesShipped(jvmOptions));
        }
        if (!kind.jvm()) {
            // Node's own process (JVM options do not apply); it prints the same LISTENING line and stops on the
            // same signals.
            return awaitPort(new ProcessBuilder(NodePeer.command(kind)).redirectErrorStream(true).start(),
                    PEER_READY, kind.name());
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.add(kind.name());
        command.addAll(List.of(args));
        return awaitPort(new ProcessBuilder(command).redirectErrorStream(true).start(), PEER_READY, kind.name());
    }

    /**
     * Starts wslab's chat from {@code jar} (this build's, or another build's for a comparison) with these JVM
     * options and chat arguments; {@code arenaCap}: {@code MALLOC_ARENA_MAX=2}, as {@code ./wslab chat} sets it.
     */
    static ServerProcess startChat(java.nio.file.Path jar, List<String> jvmOptions, List<String> chatArguments,
                                   boolean arenaCap) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(chatArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JWT_SECRET_KEY", ChatNode.JWT_SECRET);
        if (arenaCap) {
            builder.environment().put("MALLOC_ARENA_MAX", "2");
        }
        return awaitPort(builder.start(), CHAT_READY, ServerKind.WSLAB.name());
    }

    private static ServerProcess awaitPort(Process process, Pattern ready, String kind) throws IOException {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher port = ready.matcher(line);
            if (port.find()) {
                ServerProcess server = new ServerProcess(process, Integer.parseInt(port.group(1)));
                Thread drain = new Thread(() -> server.drain(out), "server-log-" + kind);
                drain.setDaemon(true);
                drain.start();
                return server;
            }
            seen.add(line);
        }
        process.destroyForcibly();
        throw new IOException("the " + kind + " server did not start; its output was:\n" + String.join("\n", seen));
    }

    private void drain(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (log) {
                    if (log.size() < 200) {
                        log.add(line);
                    }
                }
            }
        } catch (IOException ignored) {
            // The process ended; nothing more to read.
        }
    }

    /** Lines the server printed after it started (the first 200), for diagnosing a failed cell. */
    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The server process's CPU time so far (user + system, all threads), in nanoseconds. */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // ServerMain's signal to stop
            process.destroy(); // SIGTERM: the chat's way to stop (it says goodbye to its clients first)
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This JVM's own {@code java}, so that the server runs on the same JDK as the load generator. */
    static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
