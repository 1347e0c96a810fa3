package dev.wslab.tools.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's module map says dependencies point one way and no module depends on the chat demo (issue 14):
 * the demo is an application, not a library, and whoever reuses a module must not pull in Undertow and the chat.
 */
class ModuleDependenciesTest {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>dev\\.wslab</groupId>\\s*<artifactId>([^<]+)</artifactId>");

    @Test
    void noModuleDependsOnTheChatDemo() throws IOException {
        Path root = DocsGenerator.findRoot(Path.of(""));
        List<String> offenders = new ArrayList<>();
        int poms = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path pom : modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                poms++;
                Matcher m = DEPENDENCY.matcher(Files.readString(pom));
                while (m.find()) {
                    if (m.group(1).equals("chat-demo")) {
                        offenders.add(root.relativize(pom).toString());
                    }
                }
            }
        }
        assertThat(poms).as("module poms found under " + root).isGreaterThanOrEqualTo(8);
        assertThat(offenders).as("modules depending on chat-demo").isEmpty();
    }
}
