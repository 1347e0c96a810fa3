package dev.wslab.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.CuttingProxy;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code wslab-chat client --resume} and a list of {@code --url}s: a connection reset by a proxy mid-traffic
 * is resumed (every message printed once, in order; the room never hears the user leave), and a
 * first URL that does not answer is skipped for the next.
 */
class ChatClientResumeTest {

    private static CompletableFuture<Integer> run(StringWriter out, String... args) {
        CommandLine command = new CommandLine(new ChatClientCommand(new ByteArrayInputStream(new byte[0])));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        return CompletableFuture.supplyAsync(() -> command.execute(args));
    }

    private static int exit(CompletableFuture<Integer> run, StringWriter out) throws Exception {
        try {
            return run.get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the client did not end; its output:\n" + out, e);
        }
    }

    private static void awaitOutput(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!out.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in output:\n" + out);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aResetConnectionIsResumedAndEveryMessageIsPrintedOnceInOrder() throws Exception {
        ChatServer server = TestServers.start(TestServers.config().publicHosts(List.of("127.0.0.1:*")));
        try (CuttingProxy proxy = new CuttingProxy(new InetSocketAddress("127.0.0.1", server.port()));
             JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> ada = run(out, "--url", "ws://127.0.0.1:" + proxy.port() + "/ws", "--resume",
                    "--name", "ada", "--password", "password-ada", "--register", "--join", "r", "--listen-seconds", "8");
            bob.await(ServerEvent.UserJoined.class, j -> j.userName().equals("ada"));
            for (int i = 1; i <= 20; i++) {
                bob.message("r", "m" + i, "b" + i);
            }
            awaitOutput(out, "bob: m20");
            proxy.cut();
            for (int i = 21; i <= 40; i++) {
                bob.message("r", "m" + i, "b" + i);
            }
            awaitOutput(out, "bob: m40");
            assertThat(exit(ada, out)).as(out.toString()).isZero();
            String printed = out.toString();
            assertThat(printed).contains("resumed session");
            Matcher m = Pattern.compile("bob: (m\\d+)").matcher(printed);
            StringBuilder order = new StringBuilder();
            while (m.find()) {
                order.append(m.group(1)).append(' ');
            }
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 40; i++) {
                expected.append('m').append(i).append(' ');
            }
            assertThat(order.toString()).as(printed).isEqualTo(expected.toString());
            assertThat(bob.drainAll()).as("the room never heard ada leave before her clean close")
                    .filteredOn(e -> e instanceof ServerEvent.UserLeft).hasSizeLessThanOrEqualTo(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void aUrlThatDoesNotAnswerIsSkippedForTheNextOfTheList() throws Exception {
        ChatServer server = TestServers.start(TestServers.config());
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            String token = Accounts.registerAndLogin(server, "cy");
            StringWriter out = new StringWriter();
            int dead = dev.wslab.chat.support.RedisServer.freePort(); // nothing listens there
            CompletableFuture<Integer> cy = run(out, "--url", "ws://127.0.0.1:" + dead + "/ws," + server.chatUri(),
                    "--token", token, "--join", "r", "--send", "r:hello", "--listen-seconds", "1");
            assertThat(exit(cy, out)).as(out.toString()).isZero();
            assertThat(bob.await(ServerEvent.Message.class, msg -> msg.message().equals("hello")).sender().userName()).isEqualTo("cy");
            assertThat(out.toString()).contains("cannot connect to ws://127.0.0.1:" + dead + "/ws")
                    .contains("trying " + server.chatUri()).contains("cy: hello");
        } finally {
            server.stop();
        }
    }
}
