package dev.wslab.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our {@code WebSocketClient} (chat-demo's client driver) against the Autobahn TestSuite's fuzzing
 * server, echoing every message, and the gate over the report the server writes.
 */
class ClientConformanceIT {
    static final String AGENT = "wslab-client";

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void ourClientPassesTheAutobahnGate() throws Exception {
        long started = System.nanoTime();
        Path reports = GateSettings.freshReportDirectory("client");
        CaseSelection selection = GateSettings.selection();
        List<CaseId> selected;
        AutobahnEchoClient client;
        try (Wstest.FuzzingServer server = Wstest.fromClassPath().startFuzzingServer(
                AutobahnSpec.fuzzingServer(reports, selection), reports, Duration.ofMinutes(2))) {
            selected = server.selectedCases();
            client = new AutobahnEchoClient(URI.create("ws://127.0.0.1:" + server.port()), AGENT, Duration.ofSeconds(60));
            int count = client.runAll();
            assertThat(count).as("the server's case count").isEqualTo(selected.size());
        }
        GateResult result = new ConformanceGate(GateSettings.policy())
                .evaluate(AutobahnReport.read(reports, AGENT), selected, selection);
        GateSettings.publish(result, reports, started);

        assertThat(client.problems()).as("problems on the client side").isEmpty();
        assertThat(result.passed()).withFailMessage("%s", result.render()).isTrue();
    }
}
