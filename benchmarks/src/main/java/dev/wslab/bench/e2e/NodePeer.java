package dev.wslab.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the Node.js peers live ({@code benchmarks/node-peers}: {@code socketio-chat.js}, {@code nest-chat.mjs}
 * and the pinned {@code package-lock.json}) and how to start one. Their dependencies (socket.io, NestJS) come
 * from the npm registry: the first start installs them with {@code npm ci} (exactly the locked versions) into
 * the folder's {@code node_modules}, so a fresh clone needs only Node.js and npm.
 */
final class NodePeer {

    static final String DIR = "benchmarks/node-peers";
    /** The lock file {@code npm ci} installs from; its presence marks the folder. */
    private static final String LOCK = "package-lock.json";

    private NodePeer() {
    }

    /** {@code node <server>} for a Node.js kind, its dependencies installed first if they are not. */
    static List<String> command(ServerKind kind) throws IOException {
        Path dir = directory();
        installDependencies(dir);
        String server = switch (kind) {
            case SOCKETIO_NODE -> "socketio-chat.js";
            case NESTJS_NODE -> "nest-chat.mjs";
            default -> throw new IllegalArgumentException(kind + " is not a Node.js peer");
        };
        return List.of(executable("node"), dir.resolve(server).toString());
    }

    /** The peer's folder, found from the working directory or one of its parents (as {@link ChatNode#jar()}). */
    static Path directory() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DIR);
            if (Files.isRegularFile(candidate.resolve(LOCK))) {
                return candidate;
            }
        }
        throw new IOException("the Node.js peers (" + DIR + "/" + LOCK + ") were not found from "
                + Path.of("").toAbsolutePath() + ": run from the repository");
    }

    /** {@code npm ci} once: npm writes {@code node_modules/.package-lock.json} when an install is complete. */
    private static synchronized void installDependencies(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("node_modules/.package-lock.json"))) {
            return;
        }
        // npm's output goes to a file, so that the bounded wait below is the only wait (reading a pipe to its end
        // would wait as long as npm hangs).
        Path log = Files.createTempFile("npm-ci", ".log");
        Process npm = new ProcessBuilder(executable("npm"), "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean finished = npm.waitFor(5, TimeUnit.MINUTES);
            if (!finished || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IOException("`npm ci` in " + dir + (finished ? " failed" : " took over 5 minutes")
                        + "; it printed:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing the Node.js peers' dependencies", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A program on the PATH, or a clear error: the Node.js peers need Node.js and npm. */
    private static String executable(String name) throws IOException {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException("the Node.js peers need `" + name + "` (Node.js 20 and npm) on the PATH");
    }
}
