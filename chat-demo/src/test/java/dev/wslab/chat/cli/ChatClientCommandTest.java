package dev.wslab.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.WslabChat;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code wslab-chat client} against a running chat server in this JVM. */
class ChatClientCommandTest {

    private static ChatServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config());
        url = server.chatUri().toString();
        Accounts.post(server, "/api/register", Accounts.credentials("bob", "password-bob"));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** One run of the command: its exit code and what it printed. */
    private static final class Run {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit;

        Run(InputStream stdin, String... args) {
            CommandLine command = new CommandLine(new ChatClientCommand(stdin));
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            exit = CompletableFuture.supplyAsync(() -> command.execute(args));
        }

        int exitCode() throws Exception {
            return exit.get(30, TimeUnit.SECONDS);
        }

        /** Waits until the output contains {@code text} (the client prints from its reader thread). */
        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!out.toString().contains(text)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + text + "' in output:\n" + out + "\nerrors:\n" + err);
                }
                Thread.sleep(20);
            }
        }
    }

    private static InputStream noInput() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Test
    void isTheClientSubcommandOfWslabChat() {
        assertThat(new CommandLine(new WslabChat()).getSubcommands()).containsKey("client");
    }

    @Test
    void aScriptedRunRegistersJoinsSendsAndPrintsTheLiveStream() throws Exception {
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.login(server, "bob"))) {
            bob.joinAndWait("lobby");
            Run ada = new Run(noInput(), "--url", url, "--name", "ada", "--password", "password-ada", "--register",
                    "--join", "lobby", "--send", "lobby:hello from the terminal", "--listen-seconds", "3");
            ada.awaitOutput("registered ada");
            ada.awaitOutput("ada: hello from the terminal");
            assertThat(bob.await(ServerEvent.Message.class, m -> true).message()).isEqualTo("hello from the terminal");
            bob.message("lobby", "hi terminal", "b1");
            ada.awaitOutput("bob: hi terminal");
            assertThat(ada.exitCode()).isZero();
            String out = ada.out.toString();
            assertThat(out).contains("* connected to " + url + " (subprotocol wslab.chat.v1)")
                    .contains("[lobby] * here: bob, ada")
                    .contains("ok cli-1")
                    .contains("ok cli-2 (message ")
                    .contains("* closed: 1000");
            bob.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada"));
        }
    }

    @Test
    void interactiveLinesJoinSendExitAndQuit() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        Run cleo = new Run(new PipedInputStream(keyboard), "--url", url, "--name", "cleo", "--password", "password-cleo",
                "--register", "--auth", "subprotocol");
        cleo.awaitOutput("type /help for commands");
        type(keyboard, "/help");
        cleo.awaitOutput("/msg ROOM TEXT");
        type(keyboard, "just text");
        cleo.awaitOutput("join a room first");
        type(keyboard, "/join den");
        cleo.awaitOutput("[den] * here: cleo");
        type(keyboard, "/users");
        cleo.awaitOutput("* online (");
        type(keyboard, "plain text goes to the current room");
        cleo.awaitOutput("cleo: plain text goes to the current room");
        type(keyboard, "/msg den with /msg");
        cleo.awaitOutput("cleo: with /msg");
        type(keyboard, "/msg nowhere lost?");
        cleo.awaitOutput("not_joined: you have not joined room 'nowhere'");
        type(keyboard, "/frobnicate");
        cleo.awaitOutput("unknown command /frobnicate");
        type(keyboard, "/exit den");
        type(keyboard, "/quit");
        assertThat(cleo.exitCode()).isZero();
        assertThat(cleo.out.toString()).contains("* closed: 1000");
        assertThat(server.chat().members("den")).isEmpty();
    }

    @Test
    void aRefusedHandshakePrintsTheStatusAndTheServersReason() throws Exception {
        Run run = new Run(noInput(), "--url", url, "--token", "not-a-jwt", "--join", "lobby");
        assertThat(run.exitCode()).isEqualTo(ChatClientCommand.EXIT_HANDSHAKE);
        assertThat(run.err.toString())
                .contains("the server refused the WebSocket handshake: HTTP 401 Unauthorized")
                .contains("reason: ")
                .contains("not a well-formed JWT")
                .contains("WWW-Authenticate: Bearer");
    }

    @Test
    void theCloseCodeAndReasonArePrintedWhenTheServerEndsTheSession() throws Exception {
        ChatServer own = TestServers.start(TestServers.config());
        try {
            PipedOutputStream keyboard = new PipedOutputStream();
            Run dan = new Run(new PipedInputStream(keyboard), "--url", own.chatUri().toString(), "--name", "dan",
                    "--password", "password-dan", "--register");
            dan.awaitOutput("type /help for commands");
            own.stop();
            assertThat(dan.exitCode()).isEqualTo(ChatClientCommand.EXIT_CLOSED_BY_SERVER);
            assertThat(dan.out.toString()).contains("* the server closed the connection: 1001 \"server shutting down: reconnect");
            keyboard.close();
        } finally {
            own.stop();
        }
    }

    @Test
    void aScriptedCommandTheServerRefusesIsReportedInTheExitCode() throws Exception {
        Run run = new Run(noInput(), "--url", url, "--name", "bob", "--password", "password-bob", "--send", "elsewhere:hi");
        assertThat(run.exitCode()).isEqualTo(ChatClientCommand.EXIT_COMMAND_REFUSED);
        assertThat(run.out.toString()).contains("error cli-1 not_joined");
    }

    @Test
    void loginAndConnectionProblemsAreExplained() throws Exception {
        Run wrongPassword = new Run(noInput(), "--url", url, "--name", "bob", "--password", "not-bobs-password");
        assertThat(wrongPassword.exitCode()).isEqualTo(ChatClientCommand.EXIT_USAGE);
        assertThat(wrongPassword.err.toString()).contains("login refused (HTTP 401): unknown name or wrong password");

        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Run unreachable = new Run(noInput(), "--url", "ws://127.0.0.1:" + closedPort + "/ws", "--token", "x");
        assertThat(unreachable.exitCode()).isEqualTo(ChatClientCommand.EXIT_UNREACHABLE);
        assertThat(unreachable.err.toString()).contains("cannot connect to").contains("connection refused");

        Run badSend = new Run(noInput(), "--url", url, "--token", "x", "--send", "no-colon");
        assertThat(badSend.exitCode()).isEqualTo(ChatClientCommand.EXIT_USAGE);
        assertThat(badSend.err.toString()).contains("--send takes ROOM:TEXT");

        Run notWs = new Run(noInput(), "--url", "http://127.0.0.1:1/ws", "--token", "x");
        assertThat(notWs.exitCode()).isEqualTo(ChatClientCommand.EXIT_USAGE);
    }

    private static void type(PipedOutputStream keyboard, String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }
}
