package dev.wslab.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.TestCertificates;
import dev.wslab.chat.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wslab-chat client --url wss://…} against a chat server listening with a self-signed certificate. */
class ChatClientOverTlsTest {

    @TempDir
    static Path dir;

    private static ChatServer server;
    private static TestCertificates certificates;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.generate(dir);
        server = TestServers.start(TestServers.config().tls(certificates.serverContext()));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ChatClientCommand(new ByteArrayInputStream(new byte[0])));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = CompletableFuture.supplyAsync(() -> command.execute(args)).get(30, TimeUnit.SECONDS);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void registersLogsInAndChatsOverHttpsAndWss() throws Exception {
        String url = server.chatUri().toString();
        assertThat(url).startsWith("wss://");
        Result result = run("--url", url, "--trust-store", certificates.keystore().toString(),
                "--trust-store-password", TestCertificates.PASSWORD,
                "--name", "tess", "--password", "password-tess", "--register",
                "--join", "lobby", "--send", "lobby:sent through TLS");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("registered tess")
                .contains("* connected to " + url)
                .contains("tess: sent through TLS");
    }

    @Test
    void withoutTrustingTheCertificateTheClientSaysWhyAndStops() throws Exception {
        Result result = run("--url", server.chatUri().toString(), "--name", "tess", "--password", "password-tess");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).containsIgnoringCase("certification path");
    }
}
