package dev.wslab.tools.docs;

import java.util.List;
import java.util.Objects;

/**
 * One generated region of a Markdown document: the marker that asks for it, and where its current
 * content sits in the text.
 *
 * <pre>{@code
 * <!-- wslab:run explain --key x3JJHMbDL1EzLkh9GBhXDw== -->
 * ...content written by the generator...
 * <!-- wslab:end -->
 * }</pre>
 *
 * @param directive    the word after {@code wslab:}, e.g. {@code run}
 * @param arguments    the words after it, split like a shell would (single or double quotes group words)
 * @param line         the 1-based line of the marker, for messages
 * @param contentStart offset of the first character after the marker line
 * @param contentEnd   offset of the end marker (equal to {@code contentStart} when the end marker is missing)
 * @param hasEndMarker whether the block is already closed by {@code <!-- wslab:end -->}
 * @param indent       the spaces before the marker; the content gets them too, so a block can sit in a list item
 */
public record GeneratedBlock(String directive, List<String> arguments, int line, int contentStart, int contentEnd,
                             boolean hasEndMarker, String indent) {
    public GeneratedBlock {
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(indent, "indent");
        arguments = List.copyOf(arguments);
    }

    /** The marker as written, for messages: {@code wslab:run explain --key ...}. */
    public String describe() {
        return "wslab:" + directive + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
    }
}
