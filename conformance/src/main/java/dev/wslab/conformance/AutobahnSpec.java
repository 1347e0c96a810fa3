package dev.wslab.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.file.Path;

/**
 * The specification files the suite reads (the same shape {@code wstest -m fuzzingclient -s spec.json}
 * takes): where to write the reports, which cases to run, and — for the fuzzing client — which servers
 * to test.
 */
public final class AutobahnSpec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AutobahnSpec() {
    }

    /** The suite as a client testing the server at {@code serverUri}, reported as {@code agent}. */
    public static ObjectNode fuzzingClient(String agent, URI serverUri, Path outdir, CaseSelection selection) {
        ObjectNode spec = common(outdir, selection);
        ObjectNode server = JSON.createObjectNode().put("agent", agent).put("url", serverUri.toString());
        spec.putArray("servers").add(server);
        return spec;
    }

    /** The suite as a server on 127.0.0.1 and a port of the OS's choosing, testing whichever client connects. */
    public static ObjectNode fuzzingServer(Path outdir, CaseSelection selection) {
        return common(outdir, selection).put("url", "ws://127.0.0.1:0");
    }

    private static ObjectNode common(Path outdir, CaseSelection selection) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("outdir", outdir.toAbsolutePath().toString());
        // failByDrop=false: when the suite itself fails a connection, it still sends a Close frame instead
        // of dropping TCP (the setting of the suite's own spec templates), so the peer's close handling is
        // observed too.
        spec.putObject("options").put("failByDrop", false);
        ArrayNode cases = spec.putArray("cases");
        selection.cases().forEach(cases::add);
        ArrayNode excluded = spec.putArray("exclude-cases");
        selection.excludedIds().forEach(excluded::add);
        spec.putObject("exclude-agent-cases");
        return spec;
    }
}
