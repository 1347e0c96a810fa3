package dev.wslab.conformance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample report under {@code src/test/resources}, and small reports written on the fly. */
final class SampleReports {

    private SampleReports() {
    }

    /** The directory of the sample report (agents {@code sample} and {@code other-agent}). */
    static Path sampleDirectory() {
        try {
            return Path.of(SampleReports.class.getResource("sample-report/index.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static AutobahnReport sample() throws IOException {
        return AutobahnReport.read(sampleDirectory(), "sample");
    }

    /**
     * Writes a report for agent {@code a} with one case per {@code id=behavior/behaviorClose} entry, each
     * with a minimal case file.
     */
    static AutobahnReport write(Path dir, String... cases) throws IOException {
        StringBuilder index = new StringBuilder("{\"a\": {");
        for (int i = 0; i < cases.length; i++) {
            String[] idAndVerdicts = cases[i].split("=");
            String[] verdicts = idAndVerdicts[1].split("/");
            String file = "a_case_" + idAndVerdicts[0].replace('.', '_') + ".json";
            index.append(i == 0 ? "" : ",").append('"').append(idAndVerdicts[0]).append("\": {\"behavior\": \"")
                    .append(verdicts[0]).append("\", \"behaviorClose\": \"").append(verdicts[1])
                    .append("\", \"duration\": 1, \"remoteCloseCode\": 1000, \"reportfile\": \"").append(file).append("\"}");
            Files.writeString(dir.resolve(file), "{\"description\": \"case " + idAndVerdicts[0]
                    + "\", \"expectation\": \"x\", \"expected\": {}, \"received\": [], \"result\": \"r\", "
                    + "\"resultClose\": \"rc\", \"expectedClose\": {}}");
        }
        index.append("}}");
        Files.writeString(dir.resolve("index.json"), index.toString());
        return AutobahnReport.read(dir, "a");
    }
}
