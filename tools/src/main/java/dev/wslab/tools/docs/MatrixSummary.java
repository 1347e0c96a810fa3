package dev.wslab.tools.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts at the top of the conformance matrix, computed from its rows so they cannot be wrong. */
final class MatrixSummary {
    private MatrixSummary() {
    }

    static String render(List<ConformanceMatrix.Row> rows) {
        Map<String, int[]> byLevel = new LinkedHashMap<>();
        for (String level : List.of("MUST", "MUST NOT", "SHOULD", "SHOULD NOT")) {
            byLevel.put(level, new int[3]);
        }
        for (ConformanceMatrix.Row row : rows) {
            int[] counts = byLevel.computeIfAbsent(row.level(), k -> new int[3]);
            if (!row.tests().isEmpty()) {
                counts[0]++;
            } else if (row.notApplicable()) {
                counts[1]++;
            } else {
                counts[2]++;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| level | requirements | proved by tests | not applicable to a library | not tested |\n");
        out.append("|---|---|---|---|---|\n");
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : byLevel.entrySet()) {
            int[] c = e.getValue();
            out.append("| ").append(e.getKey()).append(" | ").append(c[0] + c[1] + c[2]).append(" | ").append(c[0])
                    .append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        out.append("| **all** | **").append(total[0] + total[1] + total[2]).append("** | **").append(total[0])
                .append("** | **").append(total[1]).append("** | **").append(total[2]).append("** |\n");
        List<ConformanceMatrix.Row> untested = rows.stream().filter(r -> r.tests().isEmpty() && !r.notApplicable()).toList();
        if (!untested.isEmpty()) {
            out.append("\nNot tested: ");
            for (int i = 0; i < untested.size(); i++) {
                ConformanceMatrix.Row r = untested.get(i);
                out.append(i == 0 ? "" : ", ").append(r.id()).append(" (").append(r.level()).append(", ")
                        .append(r.section()).append(")");
            }
            out.append(".\n");
        }
        return out.toString();
    }
}
