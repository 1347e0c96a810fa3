package dev.wslab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutobahnReportTest {

    @Test
    void readsTheAgentsCasesInNumericOrder() throws Exception {
        AutobahnReport report = SampleReports.sample();

        assertThat(report.agent()).isEqualTo("sample");
        assertThat(report.cases()).extracting(c -> c.id().id())
                .containsExactly("1.1.1", "2.1", "3.2", "6.4.3", "7.1.6", "9.9.1", "9.10.1", "10.1.1");
    }

    @Test
    void keepsBothVerdictsAndTheCloseCode() throws Exception {
        CaseResult pingCase = SampleReports.sample().find(CaseId.of("2.1")).orElseThrow();

        assertThat(pingCase.behavior()).isEqualTo(Behavior.OK);
        assertThat(pingCase.behaviorClose()).isEqualTo(Behavior.FAILED);
        assertThat(pingCase.remoteCloseCode()).isEqualTo(OptionalInt.empty());
        assertThat(pingCase.reportFile()).isEqualTo("sample_case_2_1.json");
        assertThat(SampleReports.sample().find(CaseId.of("3.2")).orElseThrow().remoteCloseCode())
                .isEqualTo(OptionalInt.of(1002));
    }

    @Test
    void readsTheDetailsOfOneCaseInPlainWords() throws Exception {
        AutobahnReport report = SampleReports.sample();
        CaseDetail detail = report.detail(report.find(CaseId.of("3.2")).orElseThrow());

        assertThat(detail.description()).isEqualTo("Send small text message, then send again with RSV = 2, then send Ping.");
        assertThat(detail.expected()).isEqualTo("{\"NON-STRICT\":[],\"OK\":[[\"message\",\"Hello, world!\",false]]}");
        assertThat(detail.received()).isEqualTo("[]");
        assertThat(detail.closing()).contains("remote close code 1002").contains("clean");
    }

    @Test
    void saysWhyTheConnectionWasNotClean() throws Exception {
        AutobahnReport report = SampleReports.sample();
        CaseDetail detail = report.detail(report.find(CaseId.of("2.1")).orElseThrow());

        assertThat(detail.closing()).contains("not clean (peer did not respond (in time) in closing handshake)")
                .contains("TCP dropped by the suite");
        assertThat(detail.resultClose()).isEqualTo("The connection was failed by the wrong endpoint");
    }

    @Test
    void anUnknownAgentIsAnErrorThatNamesTheAgentsPresent() {
        assertThatThrownBy(() -> AutobahnReport.read(SampleReports.sampleDirectory(), "nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample").hasMessageContaining("other-agent");
    }

    @Test
    void aVerdictTheSuiteDoesNotWriteIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.json"), "{\"a\": {\"1.1.1\": {\"behavior\": \"PASSED\", "
                + "\"behaviorClose\": \"OK\", \"duration\": 1, \"remoteCloseCode\": 1000, \"reportfile\": \"f.json\"}}}");

        assertThatThrownBy(() -> AutobahnReport.read(dir, "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PASSED");
    }

    @Test
    void aCaseLineWithoutItsCloseVerdictIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.json"), "{\"a\": {\"1.1.1\": {\"behavior\": \"OK\", "
                + "\"duration\": 1, \"reportfile\": \"f.json\"}}}");

        assertThatThrownBy(() -> AutobahnReport.read(dir, "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("behaviorClose");
    }

    @Test
    void htmlInDescriptionsBecomesText() {
        assertThat(AutobahnReport.plain("send <b>RSV = 2</b> &amp; a &lt;ping&gt;")).isEqualTo("send RSV = 2 & a <ping>");
    }
}
