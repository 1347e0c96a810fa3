package dev.wslab.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The JSON report the Autobahn TestSuite writes for one agent (the implementation under test):
 * {@code index.json} maps each agent to its cases' verdicts, and each case has its own file with the
 * details (expected and received events, how the connection closed).
 *
 * <pre>{@code
 * AutobahnReport report = AutobahnReport.read(Path.of("target/autobahn/server"), "wslab-chat");
 * for (CaseResult r : report.cases()) { ... r.behavior() ... r.behaviorClose() ... }
 * }</pre>
 */
public final class AutobahnReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String agent;
    private final List<CaseResult> cases;

    private AutobahnReport(Path directory, String agent, List<CaseResult> cases) {
        this.directory = directory;
        this.agent = agent;
        this.cases = List.copyOf(cases);
    }

    /**
     * Reads {@code directory/index.json} and keeps the cases of {@code agent}.
     *
     * @throws IOException              if the index cannot be read
     * @throws IllegalArgumentException if the index has no such agent or a case line is malformed
     */
    public static AutobahnReport read(Path directory, String agent) throws IOException {
        JsonNode index = JSON.readTree(directory.resolve("index.json").toFile());
        JsonNode agentNode = index.get(agent);
        if (agentNode == null || !agentNode.isObject()) {
            List<String> agents = new ArrayList<>();
            index.fieldNames().forEachRemaining(agents::add);
            throw new IllegalArgumentException("the report in " + directory + " has no agent \"" + agent
                    + "\" (agents: " + agents + ")");
        }
        List<CaseResult> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = agentNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            cases.add(caseResult(entry.getKey(), entry.getValue()));
        }
        cases.sort(Comparator.comparing(CaseResult::id));
        return new AutobahnReport(directory, agent, cases);
    }

    private static CaseResult caseResult(String id, JsonNode line) {
        JsonNode code = line.get("remoteCloseCode");
        return new CaseResult(CaseId.of(id),
                Behavior.parse(text(line, "behavior")),
                Behavior.parse(text(line, "behaviorClose")),
                line.path("duration").asLong(0),
                code == null || code.isNull() ? OptionalInt.empty() : OptionalInt.of(code.asInt()),
                text(line, "reportfile"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("a case line lacks \"" + field + "\": " + node);
        }
        return value.asText();
    }

    /** The directory holding {@code index.json}. */
    public Path directory() {
        return directory;
    }

    /** The agent whose cases these are. */
    public String agent() {
        return agent;
    }

    /** Every case of the agent, in case order. */
    public List<CaseResult> cases() {
        return cases;
    }

    /** One case by id. */
    public Optional<CaseResult> find(CaseId id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * The details of one case from its own report file: descriptions, expected and received events, and
     * how the connection closed.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public CaseDetail detail(CaseResult result) {
        JsonNode c;
        try {
            c = JSON.readTree(directory.resolve(result.reportFile()).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report of case " + result.id(), e);
        }
        String closing = "remote close code " + c.path("remoteCloseCode").asText("none")
                + " \"" + c.path("remoteCloseReason").asText("") + "\""
                + ", local close code " + c.path("localCloseCode").asText("none")
                + ", " + (c.path("wasClean").asBoolean(false) ? "clean" : "not clean")
                + (c.path("wasNotCleanReason").isTextual() ? " (" + c.path("wasNotCleanReason").asText() + ")" : "")
                + (c.path("droppedByMe").asBoolean(false) ? ", TCP dropped by the suite" : "");
        return new CaseDetail(plain(c.path("description").asText("")), plain(c.path("expectation").asText("")),
                compact(c.get("expected")), compact(c.get("received")), c.path("result").asText(""),
                c.path("resultClose").asText(""), compact(c.get("expectedClose")), closing);
    }

    /** Case descriptions carry HTML markup (e.g. {@code <b>RSV = 2</b>}); the console wants words. */
    static String plain(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip();
    }

    private static String compact(JsonNode node) {
        if (node == null || node.isNull()) {
            return "(none)";
        }
        String text = node.toString();
        return text.length() > 600 ? text.substring(0, 600) + "… (" + text.length() + " chars)" : text;
    }
}
