package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the conformance matrix honest: every test it names exists, every row without a test says why, and
 * the sections the matrix promises to cover are covered.
 */
class ConformanceMatrixTest {
    private static final Path ROOT = DocsGenerator.findRoot(Path.of(""));

    private static List<ConformanceMatrix.Row> rows() throws IOException {
        return ConformanceMatrix.parse(Files.readString(ROOT.resolve(DocsGenerator.MATRIX), StandardCharsets.UTF_8));
    }

    @Test
    void every_named_test_exists_in_the_source_tree() throws IOException {
        TestSourceIndex index = new TestSourceIndex(ROOT);
        List<String> missing = new ArrayList<>();
        for (ConformanceMatrix.Row row : rows()) {
            for (ConformanceMatrix.TestReference ref : row.tests()) {
                Optional<String> problem = index.problemWith(ref);
                problem.ifPresent(p -> missing.add(row.id() + " (line " + row.line() + "): " + ref + " — " + p));
            }
        }
        assertThat(missing).as("tests named in %s that do not exist", DocsGenerator.MATRIX).isEmpty();
    }

    @Test
    void every_row_is_complete_and_proved_or_explained() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConformanceMatrix.Row row : rows()) {
            String where = row.id() + " (line " + row.line() + ")";
            if (!ids.add(row.id())) {
                problems.add(where + ": duplicate id");
            }
            if (!ConformanceMatrix.LEVELS.contains(row.level())) {
                problems.add(where + ": level '" + row.level() + "' is not one of " + ConformanceMatrix.LEVELS);
            }
            if (!ConformanceMatrix.ROLES.contains(row.role())) {
                problems.add(where + ": role '" + row.role() + "' is not one of " + ConformanceMatrix.ROLES);
            }
            if (!row.section().matches("§(4|5|7|8|10)(\\.\\d+)*\\b.*")) {
                problems.add(where + ": section '" + row.section() + "' is not in §4, §5, §7, §8 or §10");
            }
            if (row.requirement().split("\\s+").length < 4) {
                problems.add(where + ": the requirement needs a sentence in our own words");
            }
            if (row.tests().isEmpty() && row.reason().isEmpty()) {
                problems.add(where + ": neither a test nor a reason (n/a: … or not tested: …)");
            }
            if (!row.reason().isEmpty() && row.reason().split("\\s+").length < 5) {
                problems.add(where + ": the reason is too short to explain anything: " + row.reason());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_matrix_covers_every_section_with_requirements() throws IOException {
        Set<String> sections = new HashSet<>();
        for (ConformanceMatrix.Row row : rows()) {
            for (String part : row.section().split(",")) {
                sections.add(part.strip().replaceAll("^§?([0-9.]+).*$", "$1"));
            }
        }
        // The sections of RFC 6455 §4, §5, §7 and §10 that contain MUST, MUST NOT, SHOULD or SHOULD NOT.
        assertThat(sections).contains("4.1", "4.2.1", "4.2.2", "4.4", "5.1", "5.2", "5.3", "5.4", "5.5", "5.5.1",
                "5.5.2", "5.6", "5.8", "7.1.1", "7.1.2", "7.1.7", "7.2.1", "7.2.2", "7.2.3", "7.4.1", "8.1", "10.2",
                "10.3", "10.4", "10.6", "10.7");
    }

    @Test
    void most_requirements_are_proved_by_tests() throws IOException {
        List<ConformanceMatrix.Row> rows = rows();
        long proved = rows.stream().filter(r -> !r.tests().isEmpty()).count();
        assertThat(rows).hasSizeGreaterThan(80);
        assertThat(proved).as("rows proved by tests").isGreaterThan(rows.size() * 3 / 4);
    }

    // ------------------------------------------------------------------------ the parser and the index

    @Test
    void parses_rows_with_several_tests_and_a_note() {
        List<ConformanceMatrix.Row> rows = ConformanceMatrix.parse("""
                | id | requirement | RFC | level | role | proved by |
                |---|---|---|---|---|---|
                | F-1 | A client masks every frame. | §5.1 | MUST | client | `framing: a.B#c`<br>`framing: a.B.Inner#d` — note |
                | F-2 | An intermediary keeps its hands off. | §5.4 | MUST NOT | both | n/a: wslab is never an intermediary. |
                """);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).tests()).containsExactly(new ConformanceMatrix.TestReference("framing", "a.B", "c"),
                new ConformanceMatrix.TestReference("framing", "a.B.Inner", "d"));
        assertThat(rows.get(0).line()).isEqualTo(3);
        assertThat(rows.get(1).tests()).isEmpty();
        assertThat(rows.get(1).notApplicable()).isTrue();
        assertThat(rows.get(1).reason()).isEqualTo("n/a: wslab is never an intermediary.");
    }

    @Test
    void a_row_with_a_missing_cell_is_an_error_naming_the_line() {
        assertThatThrownBy(() -> ConformanceMatrix.parse("\n| F-1 | text | §5.1 | MUST | both |\n"))
                .hasMessageContaining("line 2");
    }

    @Test
    void a_pipe_inside_backticks_is_not_a_cell_separator() {
        assertThat(ConformanceMatrix.cells("| a | `x | y` | b |")).containsExactly("a", "`x | y`", "b");
    }

    @Test
    void the_index_finds_annotated_test_methods_only(@TempDir Path root) throws IOException {
        Path tests = root.resolve("mod/src/test/java/p");
        Files.createDirectories(tests);
        Files.writeString(root.resolve("mod/pom.xml"), "<project/>");
        Files.writeString(tests.resolve("T.java"), """
                package p;
                class T {
                    @Test
                    void real() {
                    }

                    @ParameterizedTest
                    @CsvSource({"a; b", "c"})
                    void parameterized(String s) {
                    }

                    void helper() {
                    }

                    @Property void inline(@ForAll int x) {
                    }

                    static class Inner {
                        @Test
                        void nested() {
                        }
                    }
                }
                """);
        TestSourceIndex index = new TestSourceIndex(root);
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.T", "real"))).isEmpty();
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.T", "parameterized"))).isEmpty();
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.T", "inline"))).isEmpty();
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.T.Inner", "nested"))).isEmpty();
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.T", "helper")))
                .get().asString().contains("no test method helper");
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.T", "absent"))).isPresent();
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("mod", "p.U", "real")))
                .get().asString().contains("no test class p.U");
        assertThat(index.problemWith(new ConformanceMatrix.TestReference("nomod", "p.T", "real")))
                .get().asString().contains("no module");
    }
}
