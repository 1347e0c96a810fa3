package dev.wslab.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.support.RedisServer;
import dev.wslab.chat.support.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code wslab-chat server --redis ...} refuses to start, with a clear message and a non-zero exit
 * code, without {@code JWT_SECRET_KEY} (nodes must verify each other's tokens) or when Redis cannot
 * be reached.
 */
class ClusterStartTest {

    private record Exit(int code, String output) {}

    private static Exit run(String secret, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.wslab.chat.WslabChat", "server", "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JWT_SECRET_KEY");
        if (secret != null) {
            builder.environment().put("JWT_SECRET_KEY", secret);
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server started instead of refusing: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Exit(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutJwtSecretKeyANodeRefusesToStart() throws Exception {
        Exit exit = run(null, "--redis", "redis://127.0.0.1:" + RedisServer.freePort());
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("needs JWT_SECRET_KEY");
    }

    @Test
    void withRedisUnreachableANodeRefusesToStart() throws Exception {
        Exit exit = run(TestServers.SECRET, "--redis", "redis://127.0.0.1:" + RedisServer.freePort());
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("cannot reach Redis at redis://127.0.0.1:");
    }
}
