package dev.wslab.conformance;

import dev.wslab.client.ClientOptions;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.framing.Limits;
import dev.wslab.framing.connection.Event;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our {@link WebSocketClient} as the client under test of the suite's fuzzing server, in the usual
 * Autobahn client flow: ask {@code /getCaseCount}, connect to {@code /runCase?case=N&agent=...} for each
 * case and echo every text and binary message until the server ends the connection, then ask
 * {@code /updateReports?agent=...} to have the reports written.
 */
public final class AutobahnEchoClient {
    /** Autobahn's 9.x cases send messages of up to 16 MiB; the client must accept them to echo them. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 1024;

    private final URI server;
    private final String agent;
    private final Duration caseTimeout;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param server      the fuzzing server, e.g. {@code ws://127.0.0.1:9001}
     * @param agent       the name the reports use for our client
     * @param caseTimeout the most one case may take before the client gives up on it
     */
    public AutobahnEchoClient(URI server, String agent, Duration caseTimeout) {
        this.server = server;
        this.agent = agent;
        this.caseTimeout = caseTimeout;
    }

    /** Runs every case the server offers, then asks for the reports. @return the number of cases run */
    public int runAll() throws IOException, InterruptedException {
        int count = caseCount();
        for (int i = 1; i <= count; i++) {
            runCase(i);
        }
        updateReports();
        return count;
    }

    /** Things that went wrong on our side (a case that could not connect or did not end in time). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** How many cases the fuzzing server runs for each client. */
    public int caseCount() throws IOException, InterruptedException {
        try (WebSocketSession session = WebSocketClient.connect(endpoint("/getCaseCount", null))) {
            Optional<Event> answer = session.nextEvent(caseTimeout);
            if (answer.isPresent() && answer.get() instanceof Event.Text text) {
                return Integer.parseInt(text.text().trim());
            }
            throw new IOException("the fuzzing server did not tell its case count: " + answer);
        }
    }

    /** Runs case number {@code index} (1-based, in the server's order): echo until the server closes. */
    public void runCase(int index) throws InterruptedException {
        ClientOptions options = ClientOptions.builder()
                .limits(Limits.DEFAULTS.withMaxSizes(MAX_MESSAGE_BYTES))
                .listener(AutobahnEchoClient::echo)
                .build();
        WebSocketSession session;
        try {
            session = WebSocketClient.connect(endpoint("/runCase", "case=" + index + "&agent=" + encode(agent)), options);
        } catch (IOException e) {
            problems.add("case " + index + ": could not connect: " + e.getMessage());
            return;
        }
        if (session.awaitClosed(caseTimeout).isEmpty()) {
            problems.add("case " + index + ": not over after " + caseTimeout + "; connection dropped");
            session.abort();
            return;
        }
        // Over for the protocol; let our answering Close go out and the server close TCP first (§7.1.1).
        session.close();
    }

    /** Asks the server to write the reports for our agent, and waits until it has. */
    public void updateReports() throws IOException, InterruptedException {
        // The fuzzing server writes every case's report before it answers this upgrade: on a loaded machine
        // that takes longer than a handshake normally may, so this one handshake gets the case timeout.
        ClientOptions slowAnswer = ClientOptions.builder().handshakeTimeout(caseTimeout).build();
        try (WebSocketSession session = WebSocketClient.connect(endpoint("/updateReports", "agent=" + encode(agent)), slowAnswer)) {
            // The server writes the reports when this connection opens, then closes it.
            session.awaitClosed(caseTimeout);
        }
    }

    private static void echo(WebSocketSession session, Event event) {
        if (event instanceof Event.Text text) {
            session.sendText(text.text());
        } else if (event instanceof Event.Binary binary) {
            session.sendBinary(binary.payload().toByteArray());
        }
        // Pings are answered by the connection itself (RFC 6455 §5.5.2); Close likewise (§5.5.1).
    }

    private URI endpoint(String path, String query) {
        return URI.create(server.toString().replaceAll("/+$", "") + path + (query == null ? "" : "?" + query));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
