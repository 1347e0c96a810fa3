package dev.wslab.chat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * H2's shared object cache (a soft-referenced array of the strings it read or wrote) is off once the chat's
 * storage is in use: it kept whole history rows, JSON arrays of up to 512 messages, alive until the heap ran
 * short. Checked in a fresh JVM, as a server starts, because the switch is read once, when H2 is first used.
 */
class H2ObjectCacheTest {

    /** Run in the child JVM: opens the storage as the server does, then says whether H2's cache is on. */
    public static void main(String[] args) {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY)) {
            System.out.println("objectCache=" + org.h2.engine.SysProperties.OBJECT_CACHE);
        }
    }

    private static String runChild(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), H2ObjectCacheTest.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theStorageTurnsH2sObjectCacheOffBeforeH2IsFirstUsed() throws Exception {
        assertThat(runChild()).contains("objectCache=false");
    }

    @Test
    void anOperatorsOwnChoiceWins() throws Exception {
        assertThat(runChild("-Dh2.objectCache=true")).contains("objectCache=true").doesNotContain("WARN");
    }
}
