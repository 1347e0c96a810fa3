package dev.wslab.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table "One home for every rule" names, for each rule, the class and method that enforce
 * it. This test reads the table and checks that every name still exists, so a rename or a move cannot
 * leave the table pointing at nothing. {@code `codec.HeaderRules.checkLength`} is a method of
 * {@code dev.wslab.framing.codec.HeaderRules}; {@code `WebSocketConnection.onClose` / `failConnection`}
 * names two methods of one class; a name without a member ({@code `connection.MessageTransform`}) is a type.
 */
class RuleHomesTest {

    private static final Path README = Path.of("README.md");
    private static final String HEADER = "| rule | RFC 6455 | code | its one home |";
    private static final List<String> PACKAGES = List.of("", "codec.", "connection.", "utf8.", "deflate.", "explain.");
    private static final Pattern NAME = Pattern.compile("`([A-Za-z0-9_.]+)`");

    @Test
    void everyHomeInTheReadmeTableExists() throws Exception {
        List<String> rows = tableRows();
        assertThat(rows).as("the rule table of framing/README.md").hasSizeGreaterThanOrEqualTo(15);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String rule = cells[1].strip();
            String home = cells[cells.length - 1];
            Class<?> current = null;
            int found = 0;
            Matcher names = NAME.matcher(home);
            while (names.find()) {
                String name = names.group(1);
                Resolved resolved = resolve(name, current);
                assertThat(resolved).as("'%s' (rule: %s) names a class or member of wslab-framing", name, rule).isNotNull();
                current = resolved.type();
                found++;
            }
            assertThat(found).as("the rule '%s' names its home", rule).isPositive();
        }
    }

    /**
     * The message size rule (1009) lives in the message layer alone: the decompressor, which once had
     * a limit of its own, takes none, so an inflated message meets the same limit and reason as any other.
     */
    @Test
    void theDecompressorHasNoSizeLimitOfItsOwn() {
        Class<?> decompressor = dev.wslab.framing.deflate.MessageDecompressor.class;
        assertThat(decompressor.getConstructors()).allSatisfy(c ->
                assertThat(c.getParameterTypes()).as("MessageDecompressor's constructor").containsExactly(boolean.class));
        assertThat(decompressor.getDeclaredFields()).extracting(Field::getName)
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("max"));
        assertThat(tableRowsUnchecked()).filteredOn(row -> row.contains("| 1009 |"))
                .allSatisfy(row -> assertThat(row).doesNotContain("MessageDecompressor"));
    }

    private static List<String> tableRowsUnchecked() {
        try {
            return tableRows();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record Resolved(Class<?> type, String member) {}

    /** {@code a.B.c} → class {@code dev.wslab.framing.a.B} and member {@code c}; a bare {@code c} → a member of {@code current}. */
    private static Resolved resolve(String name, Class<?> current) {
        String[] parts = name.split("\\.");
        for (int classEnd = parts.length; classEnd >= 1; classEnd--) {
            String className = String.join(".", Arrays.copyOfRange(parts, 0, classEnd));
            for (String prefix : PACKAGES) {
                Class<?> type = load("dev.wslab.framing." + prefix + className);
                if (type == null) {
                    continue;
                }
                if (classEnd == parts.length) {
                    return new Resolved(type, null);
                }
                if (classEnd == parts.length - 1 && hasMember(type, parts[classEnd])) {
                    return new Resolved(type, parts[classEnd]);
                }
            }
        }
        if (parts.length == 1 && current != null && hasMember(current, name)) {
            return new Resolved(current, name);
        }
        return null;
    }

    private static boolean hasMember(Class<?> type, String member) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(member::equals)
                    || Arrays.stream(c.getDeclaredFields()).map(Field::getName).anyMatch(member::equals)) {
                return true;
            }
        }
        return Arrays.stream(type.getInterfaces()).anyMatch(i -> hasMember(i, member));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RuleHomesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static List<String> tableRows() throws Exception {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start = lines.indexOf(HEADER);
        assertThat(start).as("framing/README.md has the table headed " + HEADER).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i));
        }
        return rows;
    }
}
