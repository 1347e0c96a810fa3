package dev.wslab.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseSelectionTest {

    @Test
    void runsSections1To7And9And10And12And13() {
        assertThat(CaseSelection.ci().cases()).containsExactly("1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.*", "10.*",
                "12.*", "13.*");
    }

    @Test
    void excludesOnlySlowSizesOfSections9And12And13EachWithAReason() {
        CaseSelection ci = CaseSelection.ci();

        assertThat(ci.excludedIds()).isNotEmpty().allSatisfy(id -> assertThat(CaseId.of(id).section()).isIn(9, 12, 13));
        assertThat(ci.exclusions()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
        assertThat(ci.excludedIds()).doesNotHaveDuplicates()
                .doesNotContain("9.1.1", "9.2.4", "9.3.1", "9.3.9", "9.4.1", "9.5.3", "9.6.3", "9.7.1", "9.8.6");
    }

    @Test
    void permessageDeflateRunsEveryDataSetAndEveryParameterCombinationInSomeSize() {
        CaseSelection ci = CaseSelection.ci();
        List<String> excluded = ci.excludedIds();
        List<String> run = new ArrayList<>();
        for (int section : new int[] {12, 13}) {
            for (int j = 1; j <= (section == 12 ? 5 : 7); j++) {
                String subsection = section + "." + j + ".";
                for (int i = 1; i <= 18; i++) {
                    if (!excluded.contains(subsection + i)) {
                        run.add(subsection + i);
                    }
                }
                assertThat(run).as("a case of " + subsection + "x runs").anyMatch(id -> id.startsWith(subsection));
            }
        }
        // 12.1.11: a compressed message in 32 fragments; 13.5.11: the same with a 9-bit window and no takeover.
        assertThat(run).hasSize(22).contains("12.1.11", "13.5.11");
        assertThat(ci.notRun()).isEmpty();
        assertThat(ci.describe()).contains("excluded 12.1.2").doesNotContain("not run");
    }

    @Test
    void allSizesExcludesNothing() {
        assertThat(CaseSelection.allSizes().excludedIds()).isEmpty();
        assertThat(CaseSelection.allSizes().describe()).contains("nothing excluded");
    }

    @Test
    void theFuzzingClientSpecNamesTheServerTheCasesAndTheExclusions() {
        JsonNode spec = AutobahnSpec.fuzzingClient("wslab", URI.create("ws://127.0.0.1:8080/echo"),
                Path.of("target/x"), CaseSelection.ci());

        assertThat(spec.get("servers").get(0).get("url").asText()).isEqualTo("ws://127.0.0.1:8080/echo");
        assertThat(spec.get("servers").get(0).get("agent").asText()).isEqualTo("wslab");
        assertThat(Path.of(spec.get("outdir").asText()).isAbsolute()).isTrue();
        assertThat(texts(spec.get("cases"))).isEqualTo(CaseSelection.ci().cases());
        assertThat(texts(spec.get("exclude-cases"))).isEqualTo(CaseSelection.ci().excludedIds());
        assertThat(spec.get("options").get("failByDrop").asBoolean(true)).isFalse();
    }

    @Test
    void theFuzzingServerListensOnLoopbackOnly() {
        JsonNode spec = AutobahnSpec.fuzzingServer(Path.of("target/x"), CaseSelection.ci());

        assertThat(spec.get("url").asText()).isEqualTo("ws://127.0.0.1:0");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
