package dev.wslab.tools.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds test methods in the source tree ({@code MODULE/src/test/java}), so that the conformance matrix can
 * only name tests that exist.
 */
public final class TestSourceIndex {
    /** Annotations that make a method a test for JUnit 5, jqwik or Jazzer. */
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example|FuzzTest)\\b");

    private final Path root;

    public TestSourceIndex(Path root) {
        this.root = root;
    }

    /** Why {@code reference} does not name an existing test method, or empty when it does. */
    public Optional<String> problemWith(ConformanceMatrix.TestReference reference) throws IOException {
        Path module = root.resolve(reference.module());
        if (!Files.isRegularFile(module.resolve("pom.xml"))) {
            return Optional.of("no module '" + reference.module() + "' (no " + reference.module() + "/pom.xml)");
        }
        Optional<Path> file = sourceOf(module.resolve("src/test/java"), reference.className());
        if (file.isEmpty()) {
            return Optional.of("no test class " + reference.className() + " in " + reference.module() + "/src/test/java");
        }
        String source = Files.readString(file.get(), StandardCharsets.UTF_8);
        if (!declaresTestMethod(source, reference.method())) {
            return Optional.of(root.relativize(file.get()) + " has no test method " + reference.method()
                    + " (a method of that name annotated @Test, @ParameterizedTest, @Property, @FuzzTest ...)");
        }
        return Optional.empty();
    }

    /** The file of a top-level or nested class: {@code a.b.Outer.Inner} lives in {@code a/b/Outer.java}. */
    static Optional<Path> sourceOf(Path testSources, String className) {
        String[] parts = className.split("\\.");
        for (int n = parts.length; n >= 1; n--) {
            Path candidate = testSources.resolve(String.join("/", java.util.Arrays.copyOf(parts, n)) + ".java");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** True if {@code source} declares a method named {@code method} with a test annotation shortly before it. */
    static boolean declaresTestMethod(String source, String method) {
        Pattern declaration = Pattern.compile("(?m)^[ \\t]*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|synchronized)\\s+)*"
                + "(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+" + Pattern.quote(method) + "\\s*\\(");
        var m = declaration.matcher(source);
        while (m.find()) {
            // Look back over the annotations and comments right above the declaration, up to the line that
            // ends the previous member (a lone '}', or a line ending in ';' or '{').
            String[] lines = source.substring(0, m.start()).split("\n", -1);
            StringBuilder header = new StringBuilder();
            for (int i = lines.length - 1; i >= 0; i--) {
                String t = lines[i].strip();
                if (i < lines.length - 1 && (t.equals("}") || t.endsWith(";") || t.endsWith("{"))) {
                    break;
                }
                header.insert(0, t + "\n");
            }
            if (TEST_ANNOTATION.matcher(header.append(m.group())).find()) {
                return true;
            }
        }
        return false;
    }
}
