package dev.wslab.tools.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <!-- wslab:include tools/src/main/java/.../InMemoryEcho.java handshake -->}: copies a file, or one
 * region of it, into the document verbatim, so a snippet in the docs is always code that compiles and runs.
 *
 * <p>A region is the lines between {@code docs:begin NAME} and {@code docs:end NAME} markers (in comments);
 * region marker lines themselves are left out, and the region's common indentation is removed.
 */
final class IncludeSourceDirective {
    private final Path root;

    IncludeSourceDirective(Path root) {
        this.root = root;
    }

    String render(List<String> args) throws IOException {
        if (args.isEmpty() || args.size() > 2) {
            throw new DocGenerationException("wslab:include needs a file and optionally a region name");
        }
        Path file = root.resolve(args.get(0)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new DocGenerationException("no such file in the repository: " + args.get(0));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> picked = args.size() == 2 ? region(lines, args.get(1), args.get(0)) : withoutMarkers(lines);
        StringBuilder out = new StringBuilder();
        for (String line : dedent(picked)) {
            out.append(line).append('\n');
        }
        return Fences.fenced(language(args.get(0)), out.toString());
    }

    /** The lines of region {@code name}, without any region marker lines. */
    static List<String> region(List<String> lines, String name, String fileForMessages) {
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (isMarker(t, "docs:begin", name)) {
                if (begin >= 0) {
                    throw new DocGenerationException(fileForMessages + ": region '" + name + "' begins twice");
                }
                begin = i;
            } else if (isMarker(t, "docs:end", name) && begin >= 0 && end < 0) {
                end = i;
            }
        }
        if (begin < 0 || end < 0) {
            throw new DocGenerationException(fileForMessages + ": no region '" + name + "' (docs:begin " + name
                    + " ... docs:end " + name + ")");
        }
        return withoutMarkers(lines.subList(begin + 1, end));
    }

    private static boolean isMarker(String stripped, String kind, String name) {
        int at = stripped.indexOf(kind + " ");
        return at >= 0 && stripped.substring(at + kind.length() + 1).strip().equals(name);
    }

    private static List<String> withoutMarkers(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.contains("docs:begin ") && !line.contains("docs:end ")) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                int n = 0;
                while (n < line.length() && line.charAt(n) == ' ') {
                    n++;
                }
                indent = Math.min(indent, n);
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent == Integer.MAX_VALUE ? 0 : indent));
        }
        return out;
    }

    private static String language(String path) {
        if (path.endsWith(".java")) {
            return "java";
        }
        if (path.endsWith(".xml")) {
            return "xml";
        }
        if (path.endsWith(".sh") || path.endsWith("/wslab")) {
            return "bash";
        }
        return "text";
    }
}
