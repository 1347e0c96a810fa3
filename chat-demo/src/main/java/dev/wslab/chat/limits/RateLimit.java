package dev.wslab.chat.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "At most {@code permits} per {@code period}", as a token bucket sees it: the bucket holds up to
 * {@code permits} tokens (the burst a quiet client may spend at once) and refills at
 * {@code permits / period}, so a steady client gets exactly this rate.
 *
 * @param permits how many actions a full bucket allows in a burst (at least 1)
 * @param period  how long the bucket takes to refill from empty to full (positive)
 */
public record RateLimit(int permits, Duration period) {

    private static final Pattern TEXT = Pattern.compile("(\\d+)/(\\d+)(ms|s|m|h)");

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 action per period");
        }
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive");
        }
    }

    /** Nanoseconds the bucket needs to earn one token back. */
    long nanosPerToken() {
        return Math.max(1, period.toNanos() / permits);
    }

    /**
     * Reads the command-line form {@code PERMITS/PERIOD}, e.g. {@code 10/60s}, {@code 20/10s},
     * {@code 100/1m} (units ms, s, m, h).
     *
     * @param text the setting as typed
     * @return the rate limit
     * @throws IllegalArgumentException if the text has another shape
     */
    public static RateLimit parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a rate is PERMITS/PERIOD such as 10/60s or 20/10s, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return new RateLimit(Integer.parseInt(m.group(1)), period);
    }

    /** The command-line form, e.g. {@code 10/60s}. */
    @Override
    public String toString() {
        long millis = period.toMillis();
        return permits + "/" + (millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms");
    }
}
