package dev.wslab.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chat the benchmarks start has limits above what the full matrix asks of it: the first full run lost its
 * 16 KiB polling cells to the 16 KiB body limit (413), its 16 KiB wslab-ws cells of 100 and 1,000 clients to a
 * server-wide outbound cap below what they keep in flight, and its last cell to a token that expired after 1 h.
 */
class ChatNodeTest {

    private static long value(List<String> args, String flag) {
        return Long.parseLong(args.get(args.indexOf(flag) + 1));
    }

    @Test
    void theLimitsLeaveRoomForTheLargestCellAndTheLongestRun() {
        List<String> args = ChatNode.arguments(null);
        int largestPayload = 16 * 1024;
        // A poll command carries the payload inside its JSON (type, room, id and quotes around it).
        assertThat(value(args, "--max-body")).isGreaterThan(largestPayload + 1024);
        // At saturation a cell keeps up to ~10,000 deliveries in flight.
        assertThat(value(args, "--max-outbound-total")).isGreaterThanOrEqualTo(10_000L * (largestPayload + 200));
        assertThat(value(args, "--token-ttl")).isGreaterThanOrEqualTo(Duration.ofHours(3).toSeconds());
    }

    /** A tried option replaces the benchmark's own and its value (picocli refuses an option given twice); a flag stays. */
    @Test
    void anExtraOptionReplacesTheBenchmarksOwn() {
        List<String> args = ChatNode.withOptions(List.of("server", "--data-dir", ":memory:", "--fast-password-hashing",
                "--history", "50"), List.of("--data-dir", "/tmp/d", "--io-threads", "1"));

        assertThat(args).containsExactly("server", "--fast-password-hashing", "--history", "50",
                "--data-dir", "/tmp/d", "--io-threads", "1");
    }

    /** Real logins are a switch away: the shipped Argon2id instead of the fast one, every other argument the same. */
    @Test
    void theShippedPasswordHashingDropsOnlyTheFastFlag() {
        List<String> fast = ChatNode.arguments(null);
        System.setProperty(ChatNode.SHIPPED_HASHING_PROPERTY, "true");
        try {
            List<String> shipped = ChatNode.arguments(null);
            assertThat(fast).contains("--fast-password-hashing");
            assertThat(shipped).doesNotContain("--fast-password-hashing");
            List<String> rest = new java.util.ArrayList<>(fast);
            rest.remove("--fast-password-hashing");
            assertThat(shipped).isEqualTo(rest);
        } finally {
            System.clearProperty(ChatNode.SHIPPED_HASHING_PROPERTY);
        }
    }
}
