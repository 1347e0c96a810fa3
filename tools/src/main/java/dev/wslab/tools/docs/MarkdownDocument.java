package dev.wslab.tools.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown text with generated blocks. Everything outside the blocks is written by people and kept
 * byte for byte; everything between a {@code <!-- wslab:... -->} marker and the next
 * {@code <!-- wslab:end -->} is replaced by the generator.
 *
 * <p>A marker must sit on a line of its own. A marker with no end marker yet (one just typed by an author)
 * gets one when the document is regenerated.
 */
public final class MarkdownDocument {
    /** The end marker closing every generated block. */
    public static final String END_MARKER = "<!-- wslab:end -->";

    private static final Pattern MARKER = Pattern.compile("^<!-- wslab:([a-z][a-z-]*)(?: (.*?))? -->$");

    private final String text;
    private final List<GeneratedBlock> blocks;

    private MarkdownDocument(String text, List<GeneratedBlock> blocks) {
        this.text = text;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Finds the generated blocks of {@code text}.
     *
     * @throws IllegalArgumentException if a marker line is malformed or an end marker has no marker
     */
    public static MarkdownDocument parse(String text) {
        Objects.requireNonNull(text, "text");
        List<GeneratedBlock> blocks = new ArrayList<>();
        List<int[]> lines = lines(text);
        int i = 0;
        String openFence = null;
        while (i < lines.size()) {
            String raw = text.substring(lines.get(i)[0], lines.get(i)[1]);
            String line = raw.strip();
            String indent = raw.substring(0, raw.length() - raw.stripLeading().length());
            // A marker shown inside an author's code block is an example, not a marker.
            if (openFence != null) {
                if (line.startsWith(openFence) && line.substring(openFence.length()).isBlank()) {
                    openFence = null;
                }
                i++;
                continue;
            }
            if (line.startsWith("```") || line.startsWith("~~~")) {
                openFence = fenceOf(line);
                i++;
                continue;
            }
            if (line.equals(END_MARKER)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + END_MARKER + " without a wslab marker before it");
            }
            if (!line.startsWith("<!-- wslab:")) {
                i++;
                continue;
            }
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not a wslab marker: " + line);
            }
            List<String> args = m.group(2) == null ? List.of() : ShellWords.split(m.group(2));
            int contentStart = lines.get(i)[2];
            int end = -1;
            for (int j = i + 1; j < lines.size(); j++) {
                String candidate = text.substring(lines.get(j)[0], lines.get(j)[1]).strip();
                if (candidate.equals(END_MARKER)) {
                    end = j;
                    break;
                }
                if (candidate.startsWith("<!-- wslab:")) {
                    break;
                }
            }
            if (end < 0) {
                blocks.add(new GeneratedBlock(m.group(1), args, i + 1, contentStart, contentStart, false, indent));
                i++;
            } else {
                blocks.add(new GeneratedBlock(m.group(1), args, i + 1, contentStart, lines.get(end)[0], true, indent));
                i = end + 1;
            }
        }
        return new MarkdownDocument(text, blocks);
    }

    /** The text as parsed. */
    public String text() {
        return text;
    }

    /** The generated blocks, in order. */
    public List<GeneratedBlock> blocks() {
        return blocks;
    }

    /** The current content of {@code block}. */
    public String contentOf(GeneratedBlock block) {
        return text.substring(block.contentStart(), block.contentEnd());
    }

    /** The renderer of one block's content: whole lines, ending in a newline. */
    @FunctionalInterface
    public interface Renderer {
        String render(GeneratedBlock block) throws Exception;
    }

    /**
     * The text with every block's content replaced by what {@code renderer} makes of it.
     *
     * @throws DocGenerationException naming the document line when a renderer fails
     */
    public String regenerate(Renderer renderer) {
        StringBuilder out = new StringBuilder(text.length() + 1024);
        int copied = 0;
        for (GeneratedBlock block : blocks) {
            out.append(text, copied, block.contentStart());
            String content;
            try {
                content = renderer.render(block);
            } catch (DocGenerationException e) {
                throw new DocGenerationException("line " + block.line() + " (" + block.describe() + "): " + e.getMessage(), e);
            } catch (Exception e) {
                throw new DocGenerationException("line " + block.line() + " (" + block.describe() + "): " + e, e);
            }
            if (!content.isEmpty() && !content.endsWith("\n")) {
                content = content + "\n";
            }
            out.append(indented(content, block.indent()));
            if (!block.hasEndMarker()) {
                out.append(block.indent()).append(END_MARKER).append('\n');
            }
            copied = block.contentEnd();
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** The fence characters opening a code block: the run of backticks or tildes at the start. */
    private static String fenceOf(String line) {
        char c = line.charAt(0);
        int n = 0;
        while (n < line.length() && line.charAt(n) == c) {
            n++;
        }
        return line.substring(0, n);
    }

    private static String indented(String content, String indent) {
        if (indent.isEmpty()) {
            return content;
        }
        StringBuilder out = new StringBuilder(content.length() + 64);
        for (String line : content.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(indent).append(line);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** Each line as {start, end without the line break, start of the next line}. */
    private static List<int[]> lines(String text) {
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                lines.add(new int[] {start, text.length(), text.length()});
                break;
            }
            int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            lines.add(new int[] {start, end, nl + 1});
            start = nl + 1;
        }
        return lines;
    }
}
