package dev.wslab.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rerun replaces exactly its own cells of an earlier run, in place, and says so in the notes. */
class CellReplacementTest {

    @TempDir
    Path dir;

    private static CellResult cell(int payload, long delivered, boolean passed) {
        CellSpec spec = new CellSpec(Transport.WSLAB_WEBSOCKET, payload, 10, 1, CellSpec.Mode.SATURATION, 0, 4, 1, 1);
        return new CellResult(spec, 10, 100, delivered, 1, delivered, new CellResult.Latency(1, 2, 3, 4, 5, 6),
                0, 0, 0, Double.NaN, 0, Double.NaN, List.of(new CellResult.Check("delivery", passed, "")));
    }

    private static RunReport report(String started, List<CellResult> cells) {
        return new RunReport("full", "cmd " + started, new RunReport.Environment("17", "vm", "os", 2, "cpu", "1.0 1 1",
                "2.0 2 2", started, started + "+1h"), cells, List.of());
    }

    @Test
    void theRerunsCellsTakeTheirPlacesAndTheNoteSaysWhenAndWhy() throws Exception {
        RunReport earlier = report("T0", List.of(cell(16, 100, true), cell(16384, 60, false), cell(128, 100, true)));
        Path file = dir.resolve("earlier.json");
        new ObjectMapper().writeValue(file.toFile(), earlier);

        RunReport merged = CellReplacement.replace(CellReplacement.read(file),
                report("T9", List.of(cell(16384, 100, true))), "the 16 KiB cells hit a benchmark limit");

        assertThat(merged.cells()).extracting(CellResult::delivered).containsExactly(100L, 100L, 100L);
        assertThat(merged.passed()).isTrue();
        assertThat(merged.environment().startedUtc()).isEqualTo("T0");
        assertThat(merged.notes()).singleElement().asString()
                .startsWith("1 of these 3 cells were run again T9 → T9+1h (load average before 1.0 1 1, after 2.0 2 2)")
                .contains("the 16 KiB cells hit a benchmark limit").endsWith("Command: cmd T9");
    }

    @Test
    void aRerunCellTheEarlierRunDidNotHaveIsRefused() {
        RunReport earlier = report("T0", List.of(cell(16, 100, true)));

        assertThatThrownBy(() -> CellReplacement.replace(earlier, report("T9", List.of(cell(128, 100, true))), "why"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
