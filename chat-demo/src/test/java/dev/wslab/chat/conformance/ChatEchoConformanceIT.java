package dev.wslab.chat.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.conformance.AutobahnReport;
import dev.wslab.conformance.AutobahnSpec;
import dev.wslab.conformance.CaseId;
import dev.wslab.conformance.CaseSelection;
import dev.wslab.conformance.ConformanceGate;
import dev.wslab.conformance.GateResult;
import dev.wslab.conformance.GateSettings;
import dev.wslab.conformance.Wstest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Autobahn TestSuite's fuzzing client against the chat server's {@code /echo} endpoint — the same
 * Undertow adapter, handshake and framing as the chat — and the gate over its report.
 *
 * <p>It lives here, beside the server it tests, so that no module depends on the chat demo: the
 * {@code conformance} module is the gate (suite runner, report reader, verdicts) and the client run.
 */
class ChatEchoConformanceIT {
    static final String AGENT = "wslab-chat-echo";

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theChatServersEchoEndpointPassesTheAutobahnGate() throws Exception {
        long started = System.nanoTime();
        Path reports = GateSettings.freshReportDirectory("server");
        CaseSelection selection = GateSettings.selection();
        ChatServerConfig config = ChatServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .echoEnabled(true)
                // The suite counts every frame it receives; a keep-alive Ping in the middle of a case would
                // be an unexpected event, so the server's pings are pushed beyond the length of any case.
                .keepAliveInterval(Duration.ofMinutes(30))
                .build();
        List<CaseId> selected;
        try (ChatServer server = new ChatServer(config)) {
            server.start();
            selected = Wstest.fromClassPath().runFuzzingClient(
                    AutobahnSpec.fuzzingClient(AGENT, server.echoUri(), reports, selection),
                    reports, Duration.ofMinutes(15));
        }
        GateResult result = new ConformanceGate(GateSettings.policy())
                .evaluate(AutobahnReport.read(reports, AGENT), selected, selection);
        GateSettings.publish(result, reports, started);

        assertThat(selected).as("cases the suite resolved").isNotEmpty();
        assertThat(result.passed()).withFailMessage("%s", result.render()).isTrue();
    }
}
