package dev.wslab.chat.transport.polling;

import java.time.Duration;

/**
 * The query parameters of {@code GET …/events?cursor=N&wait=S}, read without Undertow so that every
 * possible value can be checked by a fuzz target: any text gives either a cursor and a wait within
 * bounds, or a 400 with the parameter's error code and a reason.
 */
final class PollParameters {

    /** What a poll's parameters say. */
    sealed interface Result permits Valid, Invalid {}

    /**
     * @param cursor the last event number the client has, at least 0
     * @param hold   how long to hold the poll, from 0 to the configured maximum
     */
    record Valid(long cursor, Duration hold) implements Result {}

    /**
     * @param error  {@code bad_cursor} or {@code bad_wait}
     * @param reason what is wrong, for a person
     */
    record Invalid(String error, String reason) implements Result {}

    /** Longest {@code wait} value read before clamping, so a huge number cannot overflow a Duration. */
    private static final double MAX_SECONDS_READ = 86_400;
    /** Values are echoed in reasons; a client's 16 KiB of junk is not. */
    private static final int MAX_ECHO = 40;

    private PollParameters() {}

    /**
     * @param cursorRaw the first {@code cursor} value, null when absent
     * @param waitRaw   the first {@code wait} value in seconds (fractions allowed), null when absent
     * @param config    the default and longest wait
     * @return the parsed values or why they are refused
     */
    static Result parse(String cursorRaw, String waitRaw, PollingConfig config) {
        if (cursorRaw == null) {
            return new Invalid("bad_cursor", "add ?cursor=0 to the first poll, then the cursor of each answer");
        }
        long cursor;
        try {
            cursor = Long.parseLong(cursorRaw);
        } catch (NumberFormatException e) {
            cursor = -1;
        }
        if (cursor < 0) {
            return new Invalid("bad_cursor", "cursor must be a whole number >= 0, got '" + echo(cursorRaw) + "'");
        }
        if (waitRaw == null) {
            return new Valid(cursor, config.defaultWait());
        }
        double seconds;
        try {
            seconds = Double.parseDouble(waitRaw);
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (Double.isNaN(seconds) || seconds < 0) {
            return new Invalid("bad_wait", "wait is a number of seconds >= 0 (0 = short poll), got '" + echo(waitRaw) + "'");
        }
        Duration asked = Duration.ofMillis((long) Math.ceil(Math.min(seconds, MAX_SECONDS_READ) * 1000));
        return new Valid(cursor, asked.compareTo(config.maxWait()) > 0 ? config.maxWait() : asked);
    }

    private static String echo(String raw) {
        String shown = raw.length() > MAX_ECHO ? raw.substring(0, MAX_ECHO) + "…" : raw;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> out.appendCodePoint(cp < 0x20 || cp == 0x7f ? '?' : cp));
        return out.toString();
    }
}
