package dev.wslab.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceGateTest {

    private static final ConformanceGate STANDARD = new ConformanceGate(GatePolicy.standard());
    private static final CaseSelection SELECTION = CaseSelection.ci();

    private static List<CaseId> idsOf(AutobahnReport report) {
        return report.cases().stream().map(CaseResult::id).collect(Collectors.toList());
    }

    private static List<String> failingIds(GateResult result) {
        return result.failures().stream().map(f -> f.result().id().id()).collect(Collectors.toList());
    }

    @Test
    void aFailedCloseBehaviorFailsTheCaseEvenWhenTheBehaviorIsOk() throws Exception {
        AutobahnReport report = SampleReports.sample();
        GateResult result = STANDARD.evaluate(report, idsOf(report), SELECTION);

        // 2.1 has behavior OK but behaviorClose FAILED: the plugin's own verdict would let it pass.
        assertThat(failingIds(result)).contains("2.1");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aWrongCloseCodeIsAFailure() throws Exception {
        AutobahnReport report = SampleReports.sample();

        assertThat(failingIds(STANDARD.evaluate(report, idsOf(report), SELECTION))).containsExactly("2.1", "6.4.3");
    }

    @Test
    void nonStrictAndInformationalAreAcceptedAndListed() throws Exception {
        AutobahnReport report = SampleReports.sample();
        GateResult result = STANDARD.evaluate(report, idsOf(report), SELECTION);

        assertThat(result.accepted()).extracting(f -> f.result().id().id()).containsExactly("3.2", "7.1.6");
        assertThat(result.render()).contains("3.2 [behavior NON-STRICT, behaviorClose OK]")
                .contains("7.1.6 [behavior INFORMATIONAL, behaviorClose INFORMATIONAL]");
    }

    @Test
    void theStrictPolicyFailsNonStrict() throws Exception {
        AutobahnReport report = SampleReports.sample();
        GateResult result = new ConformanceGate(GatePolicy.strict()).evaluate(report, idsOf(report), SELECTION);

        assertThat(failingIds(result)).containsExactly("2.1", "3.2", "6.4.3");
        assertThat(result.accepted()).extracting(f -> f.result().id().id()).containsExactly("7.1.6");
    }

    @Test
    void unimplementedFailsBecauseOnlyImplementedFeaturesAreSelected(@TempDir Path dir) throws Exception {
        AutobahnReport report = SampleReports.write(dir, "1.1.1=OK/OK", "12.1.1=UNIMPLEMENTED/UNIMPLEMENTED");
        GateResult result = STANDARD.evaluate(report, idsOf(report), SELECTION);

        assertThat(failingIds(result)).containsExactly("12.1.1");
        assertThat(result.table()).contains("UNIMPLEMENTED");
    }

    @Test
    void uncleanAndFailedByClientCloseVerdictsFail(@TempDir Path dir) throws Exception {
        AutobahnReport report = SampleReports.write(dir, "1.1.1=OK/UNCLEAN", "1.1.2=OK/FAILED BY CLIENT", "1.1.3=OK/OK");

        assertThat(failingIds(STANDARD.evaluate(report, idsOf(report), SELECTION))).containsExactly("1.1.1", "1.1.2");
    }

    @Test
    void aSelectedCaseMissingFromTheReportFailsTheGate(@TempDir Path dir) throws Exception {
        AutobahnReport report = SampleReports.write(dir, "1.1.1=OK/OK");
        GateResult result = STANDARD.evaluate(report, List.of(CaseId.of("1.1.1"), CaseId.of("1.1.2")), SELECTION);

        assertThat(result.failures()).isEmpty();
        assertThat(result.missing()).containsExactly(CaseId.of("1.1.2"));
        assertThat(result.passed()).isFalse();
        assertThat(result.render()).contains("Missing from the report").contains("1.1.2");
    }

    @Test
    void anAllOkReportPasses(@TempDir Path dir) throws Exception {
        AutobahnReport report = SampleReports.write(dir, "1.1.1=OK/OK", "2.1=OK/OK", "9.1.1=OK/OK");
        GateResult result = STANDARD.evaluate(report, idsOf(report), SELECTION);

        assertThat(result.passed()).isTrue();
        assertThat(result.render()).contains("verdict: PASS");
    }

    @Test
    void theSummaryCountsEachCaseOnceInItsSectionByItsWorseVerdict() throws Exception {
        AutobahnReport report = SampleReports.sample();
        GateResult result = STANDARD.evaluate(report, idsOf(report), SELECTION);

        assertThat(result.sections()).containsExactly(
                new SectionSummary(1, 1, 0, 0, 0, 0),
                new SectionSummary(2, 0, 0, 0, 0, 1),
                new SectionSummary(3, 0, 1, 0, 0, 0),
                new SectionSummary(6, 0, 0, 0, 0, 1),
                new SectionSummary(7, 0, 0, 1, 0, 0),
                new SectionSummary(9, 2, 0, 0, 0, 0),
                new SectionSummary(10, 1, 0, 0, 0, 0));
        assertThat(result.totals()).isEqualTo(new SectionSummary(0, 4, 1, 1, 0, 2));
    }

    @Test
    void theTableHasTheColumnsAReviewerExpects() throws Exception {
        AutobahnReport report = SampleReports.sample();
        String table = STANDARD.evaluate(report, idsOf(report), SELECTION).table();

        assertThat(table.lines().findFirst().orElseThrow())
                .containsSubsequence("section", "OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED");
        assertThat(table).containsPattern("(?m)^2\\s+0\\s+0\\s+0\\s+0\\s+1$");
        assertThat(table).containsPattern("(?m)^total\\s+4\\s+1\\s+1\\s+0\\s+2$");
    }

    @Test
    void aFailureIsExplainedWithExpectedAndObserved() throws Exception {
        AutobahnReport report = SampleReports.sample();
        String text = STANDARD.evaluate(report, idsOf(report), SELECTION).render();

        assertThat(text).contains("case 6.4.3 [behavior OK, behaviorClose WRONG CODE]")
                .contains("expected close:     {\"closeCode\":[1007],\"closedByMe\":false,\"requireClean\":false}")
                .contains("observed close:     remote close code 1002")
                .contains("close verdict:      The close code should have been 1007 or empty")
                .contains("verdict: FAIL (2 failing, 0 missing)");
    }
}
