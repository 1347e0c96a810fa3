package dev.wslab.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Autobahn TestSuite (Python 2, shipped inside the autobahntestsuite-maven-plugin jar from Maven
 * Central) under Jython 2.7 in a child JVM.
 *
 * <p>Why a child JVM and not the plugin's goal: the child's class path holds only Jython and the suite,
 * because Jython resolves Java packages as Python modules and our class path's {@code io.undertow} would
 * shadow Python's {@code io}; Twisted's reactor cannot be restarted in one JVM, and the gate needs two
 * runs; and the plugin's goal connects to {@code InetAddress.getLocalHost()} (not always loopback), writes
 * its reports relative to Maven's working directory, and has no fuzzing server for testing a client.
 * A small driver script ({@code wstest_driver.py}, next to this class) uses the suite's own factories on
 * 127.0.0.1.
 */
public final class Wstest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

    private final Path javaLauncher;
    private final List<Path> classPath;

    /**
     * @param java      the {@code java} launcher for the child JVM
     * @param classPath the Jython standalone jar and the jar holding the suite's Python packages
     */
    public Wstest(Path java, List<Path> classPath) {
        this.javaLauncher = java;
        this.classPath = List.copyOf(classPath);
    }

    /**
     * The launcher of the running JVM, and the two jars found on this JVM's class path (they are runtime
     * dependencies of this module).
     */
    public static Wstest fromClassPath() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new Wstest(java, List.of(jarHolding("org/python/util/jython.class"),
                jarHolding("autobahntestsuite/fuzzing.py")));
    }

    private static Path jarHolding(String resource) {
        URL url = Wstest.class.getClassLoader().getResource(resource);
        if (url == null || !url.getProtocol().equals("jar")) {
            throw new IllegalStateException(resource + " is not in a jar on the class path; the conformance module "
                    + "needs org.python:jython-standalone and the autobahntestsuite-maven-plugin jar at runtime");
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        try {
            return Path.of(new URL(file).toURI());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate the jar of " + url, e);
        }
    }

    /**
     * Runs the fuzzing client ({@code spec} from {@link AutobahnSpec#fuzzingClient}) to the end: every case
     * against every server in the spec, then the reports in the spec's {@code outdir}.
     *
     * @param workDir where the spec, the driver, the log and the resolved case list go
     * @param timeout the most the whole run may take; the child is killed after it
     * @return the cases the suite resolved from the spec
     * @throws IOException if the child fails or times out (its log's tail is in the message)
     */
    public List<CaseId> runFuzzingClient(ObjectNode spec, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Run run = launch("fuzzingclient", spec, workDir);
        Process process = run.process();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the Autobahn fuzzing client did not finish within " + timeout + "\n" + run.logTail());
            }
            if (process.exitValue() != 0) {
                throw new IOException("the Autobahn fuzzing client exited with " + process.exitValue() + "\n" + run.logTail());
            }
        } finally {
            stop(process);
        }
        return run.selectedCases();
    }

    /**
     * Starts the fuzzing server ({@code spec} from {@link AutobahnSpec#fuzzingServer}) and waits until it
     * listens. The caller's client then runs the cases; {@link FuzzingServer#close()} stops it.
     */
    public FuzzingServer startFuzzingServer(ObjectNode spec, Path workDir, Duration startTimeout)
            throws IOException, InterruptedException {
        Run run = launch("fuzzingserver", spec, workDir);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(Files.readString(run.log(), StandardCharsets.UTF_8));
                if (m.find()) {
                    return new FuzzingServer(run, Integer.parseInt(m.group(1)));
                }
                if (!run.process().isAlive()) {
                    throw new IOException("the Autobahn fuzzing server exited with " + run.process().exitValue()
                            + "\n" + run.logTail());
                }
                Thread.sleep(100);
            }
            throw new IOException("the Autobahn fuzzing server did not start within " + startTimeout + "\n" + run.logTail());
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(run.process());
            throw e;
        }
    }

    private static Path copyScript(String name, Path workDir) throws IOException {
        Path target = workDir.resolve(name);
        try (InputStream in = Wstest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Run launch(String mode, ObjectNode spec, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path specFile = workDir.resolve(mode + "-spec.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(specFile.toFile(), spec);
        Path driver = copyScript("wstest_driver.py", workDir);
        // Sections 12 and 13 (permessage-deflate), which the packaged suite lacks; the driver imports them.
        copyScript("wstest_deflate_cases.py", workDir);
        Path selected = workDir.resolve(mode + "-selected-cases.json");
        Files.deleteIfExists(selected);
        Path log = workDir.resolve(mode + ".log");

        List<String> command = new ArrayList<>();
        command.add(javaLauncher.toString());
        // The 9.x cases hold messages of several MiB as Python strings: 1 GiB covers the CI selection; the
        // 8 and 16 MiB cases (allSizes) want more. Jython's own caches stay out of $HOME.
        command.add("-Xmx" + System.getProperty("wslab.autobahn.suiteHeap", "1g"));
        command.add("-Dpython.cachedir.skip=true");
        command.add("-Dpython.console.encoding=UTF-8");
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add("org.python.util.jython");
        command.add(driver.toString());
        command.add(mode);
        command.add(specFile.toString());
        command.add(selected.toString());
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // If the build is interrupted (Ctrl-C), the child must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop autobahn " + mode));
        return new Run(process, log, selected);
    }

    static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A started child: its process, its log and where it writes the cases it resolved. */
    record Run(Process process, Path log, Path selectedFile) {

        List<CaseId> selectedCases() throws IOException {
            if (!Files.exists(selectedFile)) {
                throw new IOException("the suite did not write its case list " + selectedFile + "\n" + logTail());
            }
            List<CaseId> ids = new ArrayList<>();
            for (JsonNode id : JSON.readTree(selectedFile.toFile())) {
                ids.add(CaseId.of(id.asText()));
            }
            return ids;
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return "--- last lines of " + log + " ---\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log at " + log + ")";
            }
        }
    }

    /** The suite's fuzzing server, running in its child JVM on 127.0.0.1. */
    public static final class FuzzingServer implements AutoCloseable {
        private final Run run;
        private final int port;

        FuzzingServer(Run run, int port) {
            this.run = run;
            this.port = port;
        }

        /** The port it listens on (127.0.0.1). */
        public int port() {
            return port;
        }

        /** The cases it will run for each client, as it resolved them from the spec. */
        public List<CaseId> selectedCases() throws IOException {
            return run.selectedCases();
        }

        /** The last lines of its log, for error messages. */
        public String logTail() {
            return run.logTail();
        }

        /** Stops the child JVM (the reports were written when the client asked for them). */
        @Override
        public void close() throws InterruptedException {
            stop(run.process());
        }
    }
}
