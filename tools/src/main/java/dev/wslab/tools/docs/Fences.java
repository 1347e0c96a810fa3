package dev.wslab.tools.docs;

/** Markdown fenced code blocks whose fence never collides with the content. */
final class Fences {
    private Fences() {
    }

    /** {@code content} in a fenced block tagged {@code language}; the content should end with a newline. */
    static String fenced(String language, String content) {
        String fence = "```";
        while (content.contains(fence)) {
            fence += "`";
        }
        StringBuilder out = new StringBuilder(content.length() + 32);
        out.append(fence).append(language).append('\n').append(content);
        if (!content.endsWith("\n")) {
            out.append('\n');
        }
        return out.append(fence).append('\n').toString();
    }
}
