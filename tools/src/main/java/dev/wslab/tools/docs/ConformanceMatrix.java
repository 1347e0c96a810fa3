package dev.wslab.tools.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 6455 conformance matrix ({@code docs/conformance-matrix.md}) as values: one {@link Row} per
 * requirement, each naming the tests that prove it or saying why there is none.
 *
 * <p>A row is a Markdown table line whose first cell is an id such as {@code F-12}:
 * <pre>
 * | F-12 | requirement in our words | §5.2 | MUST | both | `framing: dev.wslab.framing.codec.FrameDecoderTest#method` |
 * </pre>
 * The last cell holds one or more test references in backticks ({@code module: fully.qualified.Class#method}),
 * or a reason that starts with {@code n/a:} (the requirement does not apply to a library) or
 * {@code not tested:} (it applies, and no test proves it yet), or both.
 */
public final class ConformanceMatrix {
    /** The RFC's requirement levels the matrix records. */
    public static final Set<String> LEVELS = Set.of("MUST", "MUST NOT", "SHOULD", "SHOULD NOT");
    /** Who a requirement binds. */
    public static final Set<String> ROLES = Set.of("client", "server", "both");

    private static final Pattern ROW_ID = Pattern.compile("[A-Z]{1,3}-\\d{1,3}");
    private static final Pattern REFERENCE = Pattern.compile("`([a-z][a-z0-9-]*): *([A-Za-z_][\\w.$]*)#(\\w+)`");

    private ConformanceMatrix() {
    }

    /**
     * A reference to one test method.
     *
     * @param module    the Maven module directory, e.g. {@code framing}
     * @param className the fully qualified class name, nested classes joined with {@code .}
     * @param method    the test method's name
     */
    public record TestReference(String module, String className, String method) {
        public TestReference {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(method, "method");
        }

        @Override
        public String toString() {
            return module + ": " + className + "#" + method;
        }
    }

    /**
     * One requirement.
     *
     * @param id          a stable id, e.g. {@code F-12}
     * @param requirement the requirement in our own words
     * @param section     where RFC 6455 states it, e.g. {@code §5.2}
     * @param level       MUST, MUST NOT, SHOULD or SHOULD NOT
     * @param role        client, server or both
     * @param tests       the tests that prove it (may be empty)
     * @param reason      why there is no (complete) proof, or empty: text after {@code n/a:} or {@code not tested:}
     * @param line        the 1-based line in the matrix file
     */
    public record Row(String id, String requirement, String section, String level, String role, List<TestReference> tests,
                      String reason, int line) {
        public Row {
            tests = List.copyOf(tests);
        }

        /** True when the row says the requirement does not apply to a library. */
        public boolean notApplicable() {
            return reason.startsWith("n/a:");
        }

        /** True when the row admits that nothing tests it yet. */
        public boolean untested() {
            return reason.startsWith("not tested:");
        }
    }

    /**
     * Every row of the matrix text, in order.
     *
     * @throws IllegalArgumentException naming the line when a row does not have six cells
     */
    public static List<Row> parse(String markdown) {
        List<Row> rows = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.isEmpty() || !ROW_ID.matcher(cells.get(0)).matches()) {
                continue;
            }
            if (cells.size() != 6) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a matrix row has 6 cells (id, requirement, "
                        + "section, level, role, proof), this one has " + cells.size());
            }
            String proof = cells.get(5);
            List<TestReference> tests = new ArrayList<>();
            Matcher m = REFERENCE.matcher(proof);
            while (m.find()) {
                tests.add(new TestReference(m.group(1), m.group(2), m.group(3)));
            }
            String reason = "";
            String lower = proof.toLowerCase(Locale.ROOT);
            int na = lower.indexOf("n/a:");
            int nt = lower.indexOf("not tested:");
            int at = na >= 0 && (nt < 0 || na < nt) ? na : nt;
            if (at >= 0) {
                reason = proof.substring(at).strip();
            }
            rows.add(new Row(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4), tests, reason, i + 1));
        }
        return rows;
    }

    /** The cells of a table line; a {@code |} inside backticks or escaped as {@code \|} is not a separator. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                code = !code;
            }
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|' && !code) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().strip());
        }
        return cells;
    }
}
