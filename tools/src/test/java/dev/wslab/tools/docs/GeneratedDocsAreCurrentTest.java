package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough's output blocks are what the code prints today: every document under {@code docs/} is
 * regenerated in memory and compared with the committed file.
 */
class GeneratedDocsAreCurrentTest {
    private final DocsGenerator generator = new DocsGenerator(DocsGenerator.findRoot(Path.of("")));

    @Test
    void every_generated_block_matches_what_the_code_produces_now() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Path doc : generator.documents()) {
            String committed = Files.readString(doc, StandardCharsets.UTF_8);
            String fresh = generator.regenerate(doc);
            if (!fresh.equals(committed)) {
                stale.add(generator.root().relativize(doc) + " " + firstDifference(committed, fresh));
            }
        }
        assertThat(stale)
                .as("generated docs are out of date; refresh them from the repository root with%n  %s%n"
                        + "and review the diff. Stale:", DocsGenerator.REFRESH_COMMAND)
                .isEmpty();
    }

    @Test
    void the_walkthrough_exists_and_every_page_has_generated_output() {
        List<String> names = generator.documents().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("README.md", "01-why-websocket.md", "02-opening-handshake.md", "03-frames.md",
                "04-messages.md", "05-closing.md", "06-security.md", "07-using-the-library.md", "break-it.md",
                "conformance-matrix.md");
        for (Path doc : generator.documents()) {
            String name = doc.getFileName().toString();
            if (name.matches("0[1-7]-.*\\.md") || name.equals("break-it.md")) {
                assertThat(markerCount(doc)).as("%s has generated blocks", name).isPositive();
            }
        }
    }

    private static long markerCount(Path doc) {
        try {
            return MarkdownDocument.parse(Files.readString(doc, StandardCharsets.UTF_8)).blocks().size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code (line N: committed "..." / generated "...")} for the first line that differs. */
    static String firstDifference(String committed, String fresh) {
        String[] a = committed.split("\n", -1);
        String[] b = fresh.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "(end of file)";
            String y = i < b.length ? b[i] : "(end of file)";
            if (!x.equals(y)) {
                return "(line " + (i + 1) + ": committed \"" + x + "\" / generated \"" + y + "\")";
            }
        }
        return "(line endings differ)";
    }
}
