package dev.wslab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's table of flags names every option of {@code ./wslab chat}. */
class ReadmeFlagsTest {

    @Test
    void everyServerOptionIsListedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (CommandLine.Model.OptionSpec option : new CommandLine(new ServerCommand()).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            assertThat(readme).as("chat-demo/README.md lists " + option.longestName()).contains("`" + option.longestName() + "`");
        }
    }
}
