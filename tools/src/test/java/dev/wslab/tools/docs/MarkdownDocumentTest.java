package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownDocumentTest {

    @Test
    void finds_markers_with_shell_like_arguments() {
        MarkdownDocument doc = MarkdownDocument.parse("# t\n<!-- wslab:run frame --hex 'de ad' --annotate -->\nold\n"
                + "<!-- wslab:end -->\ntail\n");
        assertThat(doc.blocks()).hasSize(1);
        GeneratedBlock block = doc.blocks().get(0);
        assertThat(block.directive()).isEqualTo("run");
        assertThat(block.arguments()).containsExactly("frame", "--hex", "de ad", "--annotate");
        assertThat(block.line()).isEqualTo(2);
        assertThat(doc.contentOf(block)).isEqualTo("old\n");
    }

    @Test
    void replaces_only_the_content_between_the_markers() {
        String text = "before\n<!-- wslab:x a -->\nold\nstale\n<!-- wslab:end -->\nafter\n";
        String out = MarkdownDocument.parse(text).regenerate(b -> "new " + b.arguments().get(0));
        assertThat(out).isEqualTo("before\n<!-- wslab:x a -->\nnew a\n<!-- wslab:end -->\nafter\n");
    }

    @Test
    void a_new_marker_gets_its_content_and_an_end_marker() {
        String out = MarkdownDocument.parse("<!-- wslab:x -->\ntext\n").regenerate(b -> "made\n");
        assertThat(out).isEqualTo("<!-- wslab:x -->\nmade\n<!-- wslab:end -->\ntext\n");
    }

    @Test
    void regenerating_twice_changes_nothing() {
        MarkdownDocument.Renderer r = b -> "```\nout\n```\n";
        String once = MarkdownDocument.parse("a\n<!-- wslab:x -->\nb\n<!-- wslab:y -->\n").regenerate(r);
        assertThat(MarkdownDocument.parse(once).regenerate(r)).isEqualTo(once);
        assertThat(MarkdownDocument.parse(once).blocks()).hasSize(2);
    }

    @Test
    void an_indented_marker_indents_its_content_for_list_items() {
        String out = MarkdownDocument.parse("1. item\n\n   <!-- wslab:x -->\n   <!-- wslab:end -->\n")
                .regenerate(b -> "```\nline\n\nmore\n```\n");
        assertThat(out).isEqualTo("1. item\n\n   <!-- wslab:x -->\n   ```\n   line\n\n   more\n   ```\n   <!-- wslab:end -->\n");
    }

    @Test
    void markers_inside_an_authors_code_block_are_examples_not_markers() {
        String text = "```text\n<!-- wslab:run explain -->\n...\n<!-- wslab:end -->\n```\n";
        assertThat(MarkdownDocument.parse(text).blocks()).isEmpty();
        assertThat(MarkdownDocument.parse(text).regenerate(b -> "never")).isEqualTo(text);
    }

    @Test
    void a_stray_end_marker_or_a_malformed_marker_is_an_error() {
        assertThatThrownBy(() -> MarkdownDocument.parse("<!-- wslab:end -->\n"))
                .hasMessageContaining("without a wslab marker");
        assertThatThrownBy(() -> MarkdownDocument.parse("<!-- wslab:Run x -->\n"))
                .hasMessageContaining("not a wslab marker");
    }

    @Test
    void a_failing_renderer_is_reported_with_the_line_and_marker() {
        MarkdownDocument doc = MarkdownDocument.parse("a\n<!-- wslab:run nope -->\n<!-- wslab:end -->\n");
        assertThatThrownBy(() -> doc.regenerate(b -> {
            throw new DocGenerationException("boom");
        })).hasMessage("line 2 (wslab:run nope): boom");
    }

    @Test
    void shell_words_split_and_quote_like_a_shell() {
        assertThat(ShellWords.split("a 'b c' \"d e\" f'g h'")).isEqualTo(List.of("a", "b c", "d e", "fg h"));
        assertThat(ShellWords.quote("de ad")).isEqualTo("'de ad'");
        assertThat(ShellWords.quote("--key")).isEqualTo("--key");
        assertThatThrownBy(() -> ShellWords.split("'open")).hasMessageContaining("unclosed quote");
    }
}
