package dev.wslab.chat.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A chat server in its own JVM ({@code wslab-chat server ...} on the test class path), so a test can
 * kill it with SIGKILL as an operator or the kernel's OOM killer would.
 */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code server --port <free> <args>} with {@code JWT_SECRET_KEY} set to the tests' secret and waits until it listens. */
    public static NodeProcess start(String... args) {
        return startOn(RedisServer.freePort(), args);
    }

    /** As {@link #start}, on {@code port}: a node restarted where its clients expect it (a rolling restart). */
    public static NodeProcess startOn(int port, String... args) {
        List<String> serverArgs = new ArrayList<>(List.of("--fast-password-hashing"));
        serverArgs.addAll(List.of(args));
        return launch(port, List.of("-Xmx256m"), serverArgs);
    }

    /**
     * A server as {@code ./wslab chat} ships it: the JVM options of {@code chat-demo/jvm.options} (its 96 MiB heap
     * among them) and the real password hashing, plus {@code args}.
     */
    public static NodeProcess startShipped(String... args) {
        List<String> jvm = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("jvm.options"), StandardCharsets.UTF_8)) {
                String option = line.replaceFirst("#.*", "").trim();
                if (!option.isEmpty()) {
                    jvm.add(option);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("chat-demo/jvm.options (tests run in chat-demo/)", e);
        }
        return launch(RedisServer.freePort(), jvm, List.of(args));
    }

    private static NodeProcess launch(int port, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "dev.wslab.chat.WslabChat", "server", "--port", Integer.toString(port)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JWT_SECRET_KEY", TestServers.SECRET);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeProcess node = new NodeProcess(process, port);
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    node.output.append(line).append('\n');
                    if (line.startsWith("wslab chat: http")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.complete(false);
        }, "node-" + port + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (!listening.get(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the node exited before listening; its output:\n" + node.output);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the node did not listen within 60 s; its output:\n" + node.output, e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return node;
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI chatUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** SIGKILL: no goodbye to Redis, no close frames; the node just vanishes. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as an orchestrator stops a server: it drains and exits (issue 19's graceful stop). */
    public void terminate() {
        process.destroy();
    }

    /** The exit status once the process has ended within {@code seconds}, or -1 if it is still running. */
    public int awaitExit(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public int port() {
        return port;
    }

    /** Everything the node printed so far. */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        kill();
    }
}
