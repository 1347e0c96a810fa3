package dev.wslab.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import dev.wslab.chat.transport.polling.PollingTransport;
import dev.wslab.client.ClientOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link ResumingChatClient}'s transports (the seed's {@code transports: ['polling', 'websocket']}): in
 * {@code AUTO} it starts on long polling and moves the same session to a WebSocket while messages flow,
 * each message once and in order; when WebSocket is not served it stays on polling; {@code POLLING} pins
 * polling; {@code ./wslab client --transport auto} does the same from the terminal.
 */
class ResumingChatClientTransportTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private ChatServer start(List<String> transports) {
        server = TestServers.start(TestServers.config().transports(transports),
                ServerParts.builder().extension(new PollingTransport()));
        return server;
    }

    private static List<String> texts(List<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("message")) {
                out.add(event.path("message").asText());
            }
        }
        return out;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void autoStartsOnPollingAndUpgradesMidTrafficWithEveryMessageOnceInOrder() throws Exception {
        start(List.of("polling", "websocket"));
        try (JdkChatClient bob = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "bob"))) {
            bob.joinAndWait("r");
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            List<String> status = new CopyOnWriteArrayList<>();
            int total = 300;
            java.util.concurrent.atomic.AtomicInteger heardAtUpgrade = new java.util.concurrent.atomic.AtomicInteger(-1);
            Thread talk = new Thread(() -> {
                for (int i = 1; i <= total; i++) {
                    bob.message("r", "m" + i, "b" + i);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            talk.start(); // the traffic runs while ada joins over polling and then moves to a WebSocket
            try (ResumingChatClient ada = new ResumingChatClient(List.of(server.chatUri()), ResumingChatClient.Transport.AUTO,
                    Accounts.registerAndLogin(server, "ada"), ClientOptions.builder(), events::add, s -> {
                        if (s.startsWith("upgraded")) {
                            heardAtUpgrade.set(texts(events).size());
                        }
                        status.add(s);
                    })) {
                ada.join("r");
                talk.join(30_000);
                awaitTrue(() -> texts(events).contains("m" + total) && ada.transport().equals("websocket"),
                        "ada upgraded and heard m" + total + "; status " + status);
                Thread.sleep(300);
                List<String> heard = texts(events);
                int first = Integer.parseInt(heard.get(0).substring(1));
                List<String> expected = new ArrayList<>();
                for (int i = first; i <= total; i++) {
                    expected.add("m" + i);
                }
                assertThat(heard).as("status " + status).containsExactlyElementsOf(expected);
                assertThat(heardAtUpgrade.get()).as("messages kept coming after the upgrade").isBetween(0, heard.size() - 10);
                assertThat(status).anyMatch(s -> s.startsWith("connected over HTTP long polling"))
                        .anyMatch(s -> s.equals("upgraded from long polling to WebSocket"));
                assertThat(server.context().sessions().resumes()).isEqualTo(1);
                ada.message("r", "on the socket now");
                bob.await(ServerEvent.Message.class, m -> m.message().equals("on the socket now"));
                assertThat(bob.drainAll()).noneMatch(e -> e instanceof ServerEvent.UserLeft);
            }
        }
    }

    @Test
    void withoutWebSocketAutoStaysOnPollingAndPollingIsPinned() throws Exception {
        start(List.of("polling"));
        for (ResumingChatClient.Transport transport : List.of(ResumingChatClient.Transport.AUTO, ResumingChatClient.Transport.POLLING)) {
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            List<String> status = new CopyOnWriteArrayList<>();
            String name = "p" + transport.name().toLowerCase(java.util.Locale.ROOT);
            try (ResumingChatClient client = new ResumingChatClient(List.of(server.chatUri()), transport,
                    Accounts.registerAndLogin(server, name), ClientOptions.builder(), events::add, status::add)) {
                client.join("q");
                client.message("q", "hello from " + name);
                awaitTrue(() -> texts(events).contains("hello from " + name) && client.unanswered() == 0, "the message came back");
                Thread.sleep(transport == ResumingChatClient.Transport.AUTO ? 500 : 0);
                assertThat(client.transport()).isEqualTo("polling");
                if (transport == ResumingChatClient.Transport.AUTO) {
                    assertThat(status).anyMatch(s -> s.startsWith("staying on long polling"));
                }
                assertThat(server.chat().onlineUsers()).contains(name);
            }
            // close() deleted the poll session: the user is gone at once, not after the 60 s poll expiry.
            awaitTrue(() -> !server.chat().onlineUsers().contains(name), name + " went offline when the client closed");
            assertThat(status).as("its own DELETE is not reported as a lost session").noneMatch(s -> s.startsWith("the poll session ended"));
            assertThat(server.chat().members("q")).doesNotContain(name);
        }
        assertThat(server.openWebSockets()).isZero();
    }

    @Test
    void theCommandLineClientTakesATransport() throws Exception {
        start(List.of("polling", "websocket"));
        Accounts.registerAndLogin(server, "cli");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ChatClientCommand(new ByteArrayInputStream(new byte[0])));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> command.execute("--url", server.chatUri().toString(),
                "--transport", "auto", "--name", "cli", "--password", "password-cli", "--join", "z", "--send", "z:over auto",
                "--listen-seconds", "1"));
        assertThat(exit.get(40, TimeUnit.SECONDS)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("connected over HTTP long polling").contains("cli: over auto");
        assertThat(new CommandLine(new ChatClientCommand(new ByteArrayInputStream(new byte[0])))
                .setErr(new PrintWriter(new StringWriter())).setOut(new PrintWriter(new StringWriter()))
                .execute("--transport", "carrier-pigeon", "--token", "x")).isEqualTo(ChatClientCommand.EXIT_USAGE);
    }
}
