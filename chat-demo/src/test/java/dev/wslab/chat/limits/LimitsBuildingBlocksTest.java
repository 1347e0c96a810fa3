package dev.wslab.chat.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The small pieces every limit is made of: buckets, quotas, name rules and log escaping. */
class LimitsBuildingBlocksTest {

    @Test
    void aBucketAllowsItsBurstThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(new RateLimit(3, Duration.ofSeconds(3)), 0);
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).as("nanoseconds until the next token").isEqualTo(1_000_000_000L);
        assertThat(bucket.tryTake(999_999_999L)).isEqualTo(1L);
        assertThat(bucket.tryTake(1_000_000_000L)).isZero();
        assertThat(bucket.isFull(4_000_000_000L)).isTrue();
        assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(2001))).isEqualTo(3);
    }

    @Test
    void aQuotaSlotIsGivenBackOnce() {
        SessionQuota quota = new SessionQuota(2);
        SessionQuota.Slot a = quota.tryReserve("u").orElseThrow();
        quota.tryReserve("u").orElseThrow();
        assertThat(quota.tryReserve("u")).isEmpty();
        assertThat(quota.tryReserve("other")).isPresent();
        a.release();
        a.release();
        assertThat(quota.heldBy("u")).isEqualTo(1);
        assertThat(quota.tryReserve("u")).isPresent();
        assertThat(quota.tryReserve("u")).isEmpty();
    }

    @Test
    void namesRefuseInvisibleAndDirectionChangingCharacters() {
        assertThat(NameRules.problem("café", "a name", 32)).isEmpty();
        assertThat(NameRules.problem("日本語", "a name", 32)).isEmpty();
        assertThat(NameRules.problem("a\u202Eb", "a name", 32)).hasValueSatisfying(r -> assertThat(r).contains("bidirectional"));
        assertThat(NameRules.problem("a\u2066b", "a name", 32)).hasValueSatisfying(r -> assertThat(r).contains("bidirectional"));
        assertThat(NameRules.problem("a\u200Db", "a name", 32)).hasValueSatisfying(r -> assertThat(r).contains("zero-width"));
        assertThat(NameRules.problem("a\u0007b", "a name", 32)).hasValueSatisfying(r -> assertThat(r).contains("control"));
        assertThat(NameRules.problem("a\u2028b", "a name", 32)).hasValueSatisfying(r -> assertThat(r).contains("line separator"));
        assertThat(NameRules.problem("x".repeat(33), "a name", 32)).isPresent();
        assertThat(NameRules.normalize("cafe\u0301")).isEqualTo("café");
    }

    @Test
    void logTextStaysOnOneLineAndIsCut() {
        assertThat(LogSafe.quote("a\nb\rc\u001b[2J\u202E\\")).isEqualTo("'a\\nb\\rc\\u001B[2J\\u202E\\\\'");
        String cut = LogSafe.quote("x".repeat(LogSafe.MAX_CODE_POINTS + 20));
        assertThat(cut).endsWith("…(+20 more)'").doesNotContain("\n");
        assertThat(LogSafe.quote(null)).isEqualTo("null");
    }
}
