package dev.wslab.chat.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of a Markdown document that a program writes (a table, a recorded run) between two marker
 * comments, so {@code ./wslab docs} can refresh it and a test can fail when it is stale.
 */
public final class GeneratedBlock {

    /** What produces the refreshed document from the current one. */
    @FunctionalInterface
    public interface Refresh {
        String apply(String document) throws Exception;
    }

    private GeneratedBlock() {
    }

    /**
     * {@code document} with the text between {@code begin} and {@code end} replaced by {@code content}.
     *
     * @throws IllegalArgumentException if a marker is missing
     */
    public static String replace(String document, String begin, String end, String content) {
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the document has no " + begin + " … " + end + " block");
        }
        return document.substring(0, from + begin.length()) + "\n" + content + document.substring(to);
    }

    /**
     * Rewrites each document in {@code paths} with {@code refresh}, and says so when one changed.
     *
     * @param what what was refreshed, for the message ("the chat limits table")
     */
    public static void rewrite(String[] paths, String what, Refresh refresh) throws Exception {
        for (String arg : paths) {
            Path path = Path.of(arg);
            String before = Files.readString(path, StandardCharsets.UTF_8);
            String after = refresh.apply(before);
            if (!after.equals(before)) {
                Files.writeString(path, after, StandardCharsets.UTF_8);
                System.out.println("refreshed " + what + " in " + path);
            }
        }
    }
}
