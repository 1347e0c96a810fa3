package dev.wslab.chat.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.TestServers;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reuse, end to end, as someone else's project would do it: {@code mvn install} puts the BOM and the three
 * libraries into a fresh local repository, then a separate tiny Maven project
 * ({@code src/test/reuse-project/}) that knows wslab only by {@code dev.wslab:wslab-bom} and
 * {@code dev.wslab:wslab-client} is built against that repository and run against this chat server's
 * {@code /echo}.
 *
 * <p>The fresh repository keeps the user's {@code ~/.m2} untouched (and parallel builds apart); it reads
 * plugins and third-party artifacts from the user's repository first (as a {@code file:} repository) and
 * from Maven Central for anything missing, so it works on a clean machine too.
 */
class LibraryReuseIT {

    private static final long STEP_MINUTES = 8;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aSeparateProjectBuildsOnThePublishedCoordinatesAndEchoesThroughTheChatServer() throws Exception {
        Path root = repositoryRoot();
        Path work = Files.createTempDirectory("wslab-reuse");
        try {
            Path repo = work.resolve("repository");
            Path settings = writeSettings(work);
            String mvn = mavenCommand();

            // A copy of the libraries (never the live build's target/ directories), with a parent pom that
            // lists only them.
            Path sources = work.resolve("wslab");
            for (String module : List.of("bom", "handshake", "framing", "client")) {
                copyTree(root.resolve(module), sources.resolve(module));
            }
            String parent = Files.readString(root.resolve("pom.xml"));
            Files.writeString(sources.resolve("pom.xml"), parent.replaceAll("(?s)<modules>.*?</modules>",
                    "<modules><module>bom</module><module>handshake</module><module>framing</module>"
                            + "<module>client</module></modules>"));
            run(sources, List.of(mvn, "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + repo,
                    "-DskipTests", "install"));
            for (String artifact : List.of("wslab-bom", "wslab-handshake", "wslab-framing", "wslab-client")) {
                assertThat(repo.resolve("dev/wslab/" + artifact + "/0.1.0-SNAPSHOT")).as(artifact + " installed").isDirectory();
            }
            assertThat(repo.resolve("dev/wslab/wslab-client/0.1.0-SNAPSHOT/wslab-client-0.1.0-SNAPSHOT-sources.jar"))
                    .as("sources jar").isRegularFile();
            assertThat(repo.resolve("dev/wslab/wslab-client/0.1.0-SNAPSHOT/wslab-client-0.1.0-SNAPSHOT-javadoc.jar"))
                    .as("javadoc jar").isRegularFile();

            Path project = work.resolve("echo-once");
            copyTree(root.resolve("chat-demo/src/test/reuse-project"), project);
            Path classpathFile = work.resolve("classpath.txt");
            run(project, List.of(mvn, "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + repo, "package",
                    "dependency:build-classpath", "-Dmdep.outputFile=" + classpathFile));
            String classpath = project.resolve("target/echo-once-1.0.jar") + File.pathSeparator
                    + Files.readString(classpathFile).strip();
            assertThat(classpath).doesNotContain("chat-demo").doesNotContain("undertow");

            try (ChatServer server = TestServers.start(TestServers.config())) {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                String output = run(project, List.of(java, "-cp", classpath, "example.EchoOnce",
                        server.echoUri().toString(), "reused"));
                assertThat(output).contains("echo: reused");
            }
        } finally {
            deleteTree(work);
        }
    }

    /** A settings file: the user's local repository as a read-only remote, then Maven Central. */
    private static Path writeSettings(Path work) throws IOException {
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        String repos = """
                <repository><id>user-local</id><url>%1$s</url><releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots></repository>
                <repository><id>central</id><url>https://repo.maven.apache.org/maven2</url><snapshots><enabled>false</enabled></snapshots></repository>
                """.formatted(userRepo.toUri());
        String settings = """
                <settings>
                  <profiles><profile><id>reuse</id>
                    <repositories>%1$s</repositories>
                    <pluginRepositories>%2$s</pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>reuse</activeProfile></activeProfiles>
                </settings>
                """.formatted(repos, repos.replace("<repository>", "<pluginRepository>").replace("</repository>", "</pluginRepository>"));
        Path file = work.resolve("settings.xml");
        Files.writeString(file, settings);
        return file;
    }

    private static String mavenCommand() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    /** The directory holding the parent pom and {@code chat-demo/}. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("chat-demo"))) {
                return p;
            }
        }
        throw new IllegalStateException("no wslab checkout above " + here);
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        boolean done = process.waitFor(STEP_MINUTES, TimeUnit.MINUTES);
        String text = new String(out, StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + text);
        }
        assertThat(process.exitValue()).withFailMessage("%s failed:%n%s", command, text).isZero();
        return text;
    }

    /** Copies a directory, leaving out build output ({@code target/}). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.filter(p -> !from.relativize(p).toString().startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
