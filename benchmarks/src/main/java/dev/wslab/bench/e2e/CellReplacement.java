package dev.wslab.bench.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A rerun of some cells of an earlier run ({@code --only REGEX --replace-cells-in FILE}): the earlier report with
 * those cells' results replaced by the rerun's, in their places, and a note saying which were rerun, when, at
 * what load and why. For a long matrix where a few cells failed for a reason outside the servers (a benchmark
 * setting): fixing the setting and rerunning those cells beats rerunning an hour of cells that were fine.
 */
final class CellReplacement {

    private CellReplacement() {
    }

    static RunReport read(Path file) throws IOException {
        // Computed properties (passed, label, ...) are in the JSON too; NaN stands for "not measured".
        return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
                .readValue(file.toFile(), RunReport.class);
    }

    /**
     * The earlier report with the rerun's cells in place of those with the same label.
     *
     * @throws IllegalArgumentException if the rerun has a cell the earlier run did not have
     */
    static RunReport replace(RunReport earlier, RunReport rerun, String why) {
        Map<String, CellResult> fresh = rerun.cells().stream()
                .collect(Collectors.toMap(cell -> cell.spec().label(), Function.identity()));
        List<CellResult> cells = new ArrayList<>();
        int replaced = 0;
        for (CellResult cell : earlier.cells()) {
            CellResult again = fresh.get(cell.spec().label());
            cells.add(again != null ? again : cell);
            replaced += again != null ? 1 : 0;
        }
        if (replaced != fresh.size()) {
            throw new IllegalArgumentException("the rerun has " + fresh.size() + " cells, of which only " + replaced
                    + " are in the earlier run");
        }
        List<String> notes = new ArrayList<>(earlier.notes());
        RunReport.Environment env = rerun.environment();
        notes.add(String.format("%d of these %d cells were run again %s → %s (load average before %s, after %s) "
                        + "and replace the first run's results: %s. Command: %s", replaced, cells.size(), env.startedUtc(),
                env.finishedUtc(), env.loadAverageBefore(), env.loadAverageAfter(), why, rerun.command()));
        return new RunReport(earlier.profile(), earlier.command(), earlier.environment(), cells, notes);
    }
}
