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

/**
 * A chat server in its own JVM (the load generator never shares a heap, a JIT or a GC with it).
 * It runs {@link ServerMain} from the same class path and Java as this JVM, prints the port it
 * listens on, and stops when its standard input closes. Its CPU time is read from the operating
 * system through {@link ProcessHandle}.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<String> log = new ArrayList<>();
    private final java.util.concurrent.BlockingQueue<String> measurements = new java.util.concurrent.LinkedBlockingQueue<>();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code ServerMain kind args...} and waits (at most 60 s) until it reports its port. */
    static ServerProcess start(ServerKind kind, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.add(kind.name());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.startsWith(ServerMain.READY)) {
                ServerProcess server = new ServerProcess(process, Integer.parseInt(line.substring(ServerMain.READY.length()).trim()));
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
                if (line.startsWith(ServerMain.MEASURED)) {
                    measurements.add(line.substring(ServerMain.MEASURED.length()));
                    continue;
                }
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

    /**
     * Asks the server to collect garbage fully and report its heap: {@code heapUsed=… heapMax=…
     * directUsed=… threads=…} (bytes), waiting at most two minutes.
     */
    String measure() throws IOException, InterruptedException {
        process.getOutputStream().write("measure\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        String answer = measurements.poll(2, TimeUnit.MINUTES);
        if (answer == null) {
            throw new IOException("the server did not answer 'measure' within 2 minutes");
        }
        return answer;
    }

    /** The server process's CPU time so far (user + system, all threads), in nanoseconds. */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
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
