package dev.wslab.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.chat.limits.RateLimit;
import dev.wslab.chat.support.TestCertificates;
import dev.wslab.chat.transport.polling.PollingConfig;
import dev.wslab.chat.transport.polling.PollingTransport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsNeedNothingFromOutside() {
        ChatServerConfig config = parse().toConfig(Map.of());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.chatPath()).isEqualTo("/ws");
        assertThat(config.echoEnabled()).isFalse();
        assertThat(config.jwtSecret().generated()).isTrue();
        assertThat(config.keepAliveInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    /** A broadcast costs a hand-off per extra IO thread among a room's members: half the CPUs, not one per CPU. */
    @Test
    void oneIoThreadPerTwoCpusByDefaultAtLeastOne() {
        int expected = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertThat(ChatServerConfig.defaultIoThreads()).isEqualTo(expected);
        assertThat(parse().toConfig(Map.of()).ioThreads()).isEqualTo(expected);
        assertThat(ChatServerConfig.builder().build().ioThreads()).isEqualTo(expected);
    }

    @Test
    void everyFlagReachesTheConfiguration() {
        ChatServerConfig config = parse("--host", "0.0.0.0", "--port", "9000", "--chat-path", "/chat", "--echo",
                "--echo-path", "/", "--allowed-origins", "http://a.example,http://b.example", "--allow-query-token",
                "--max-message", "1024", "--max-outbound", "4096", "--keep-alive-interval", "5", "--keep-alive-timeout", "2",
                "--close-timeout", "3", "--token-ttl", "60", "--fast-password-hashing", "--io-threads", "3",
                "--worker-threads", "2").toConfig(Map.of("JWT_SECRET_KEY", "k".repeat(40)));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.chatPath()).isEqualTo("/chat");
        assertThat(config.echoEnabled()).isTrue();
        assertThat(config.echoPath()).isEqualTo("/");
        assertThat(config.allowedOrigins()).containsExactly("http://a.example", "http://b.example");
        assertThat(config.allowQueryToken()).isTrue();
        assertThat(config.maxMessageBytes()).isEqualTo(1024);
        assertThat(config.maxOutboundBytes()).isEqualTo(4096);
        assertThat(config.keepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.tokenLifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jwtSecret().generated()).isFalse();
        assertThat(config.ioThreads()).isEqualTo(3);
        assertThat(config.workerThreads()).isEqualTo(2);
        assertThat(config.passwordHasher().hash("password1")).contains("m=64,t=1");
    }

    private static PollingConfig pollingOf(ServerParts parts) {
        return parts.extensions().stream().filter(PollingTransport.class::isInstance).map(PollingTransport.class::cast)
                .findFirst().orElseThrow().config();
    }

    @Test
    void thePollingTransportRunsWithItsDefaultsUnlessTold() {
        assertThat(pollingOf(parse().toParts())).isEqualTo(PollingConfig.defaults());
    }

    @Test
    void pollingFlagsSetTheSlowConsumerBoundsOfAPollingSession() {
        PollingConfig polling = pollingOf(parse("--poll-max-pending", "500", "--poll-max-pending-bytes", "65536").toParts());
        assertThat(polling.maxPendingEvents()).isEqualTo(500);
        assertThat(polling.maxPendingChars()).isEqualTo(65536);
        assertThatThrownBy(() -> parse("--poll-max-pending", "0").toParts())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollingFlagsSetTheLongPollWaitAndTheSessionExpiry() {
        PollingConfig polling = pollingOf(parse("--poll-wait", "10", "--poll-session-expiry", "90").toParts());
        assertThat(polling.defaultWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(polling.sessionExpiry()).isEqualTo(Duration.ofSeconds(90));
        // A default wait above the longest allowed hold raises that bound with it.
        assertThat(pollingOf(parse("--poll-wait", "120").toParts()).maxWait()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aZeroPollingDurationIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> parse("--poll-session-expiry", "0").toParts())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionExpiry must be a positive duration");
        assertThatThrownBy(() -> parse("--poll-wait", "0").toParts())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultWait must be a positive duration");
    }

    @Test
    void anIdleTimeoutThatWouldCutALongPollOrAPingCycleIsRefused() {
        assertThatThrownBy(() -> parse("--idle-timeout", "30").toConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--idle-timeout (30 s) must exceed");
        assertThatThrownBy(() -> parse("--poll-wait", "200").toConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longest long poll (200 s)");
        ChatServerConfig config = parse("--idle-timeout", "300", "--public-host", "chat.example:443,localhost",
                "--message-rate", "5/1s", "--max-rooms", "7").toConfig(Map.of());
        assertThat(config.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.publicHosts()).containsExactly("chat.example:443", "localhost");
        assertThat(config.limits().messageRate()).isEqualTo(new RateLimit(5, Duration.ofSeconds(1)));
        assertThat(config.limits().maxRooms()).isEqualTo(7);
    }

    @Test
    void aShortSecretIsRefusedAtStartWithAClearMessage() {
        assertThatThrownBy(() -> parse().toConfig(Map.of("JWT_SECRET_KEY", "too-short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
        StringWriter err = new StringWriter();
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int exit = new CommandLine(new WslabChat()).setErr(new PrintWriter(err))
                    .execute("server", "--chat-path", "no-slash");
            assertThat(exit).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).contains("chatPath must start with '/'");
    }

    @Test
    void theTopCommandListsTheServerSubcommand() {
        StringWriter out = new StringWriter();
        new CommandLine(new WslabChat()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(out.toString()).contains("server");
        assertThat(List.of(new CommandLine(new WslabChat()).getSubcommands().keySet().toArray())).contains("server");
    }

    @Test
    void tlsKeystoreMakesTheServerSpeakHttpsAndWss(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir);
        ChatServerConfig config = parse("--tls-keystore", certificates.keystore().toString(),
                "--tls-keystore-password", TestCertificates.PASSWORD).toConfig(Map.of());
        assertThat(config.tls()).isPresent();
        assertThat(parse().toConfig(Map.of()).tls()).as("plain HTTP unless asked").isEmpty();
    }

    @Test
    void aKeystoreThatCannotBeOpenedIsAnInvalidOption(@TempDir Path dir) {
        ServerCommand command = parse("--tls-keystore", dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> command.toConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.p12");
    }
}
