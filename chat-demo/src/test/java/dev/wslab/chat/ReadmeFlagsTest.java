package dev.wslab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's table of flags names every option of {@code ./wslab chat} and states its default, the one
 * the code has (issue 10: "the chat-demo README lists every setting with its default").
 */
class ReadmeFlagsTest {

    /** Defaults that depend on the machine, as the README words them. */
    private static final Map<String, String> MACHINE_DEPENDENT = Map.of("--io-threads", "half the CPUs (≥ 1)");

    @Test
    void everyServerOptionIsListedInTheReadmeWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (CommandLine.Model.OptionSpec option : new CommandLine(new ServerCommand()).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            String row = readme.lines().filter(line -> line.startsWith("| ") && line.contains("`" + name + "`"))
                    .findFirst().orElse(null);
            assertThat(row).as("chat-demo/README.md's flag table has a row for " + name).isNotNull();
            String defaultCell = row.split("\\|")[2];
            assertThat(defaultCell.strip()).as("the default of " + name + " is stated").isNotEmpty();
            assertThat(defaultCell).as("the default of " + name + " in its README row").contains(expectedDefault(option));
        }
    }

    /**
     * The default as the README writes it: {@code off} for a switch, the value otherwise; empty when the
     * option has none (a list, a file), whose README cell then says in words what applies.
     */
    private static String expectedDefault(CommandLine.Model.OptionSpec option) {
        if (MACHINE_DEPENDENT.containsKey(option.longestName())) {
            return MACHINE_DEPENDENT.get(option.longestName());
        }
        Object initial = option.initialValue();
        if (option.arity().max() == 0 || initial instanceof Boolean) {
            return Boolean.TRUE.equals(initial) ? "on" : "off";
        }
        if (initial instanceof char[] secret) {
            return secret.length == 0 ? "empty" : "(a secret default would be a bug)";
        }
        if (initial instanceof java.util.Collection<?> list && !list.isEmpty()) {
            return list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(option.splitRegex()));
        }
        String value = option.defaultValue() != null ? option.defaultValue() : String.valueOf(initial);
        return value.equals("null") || value.isEmpty() || value.equals("[]") ? "" : value;
    }
}
