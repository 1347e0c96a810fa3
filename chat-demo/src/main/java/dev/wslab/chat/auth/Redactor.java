package dev.wslab.chat.auth;

import java.util.regex.Pattern;

/**
 * Removes bearer tokens from text before it is logged. A JWT in a log file is as good as a password
 * until it expires (RFC 6750 §5.3: do not pass or keep bearer tokens where others can read them).
 */
public final class Redactor {

    public static final String REDACTED = "[redacted]";

    private static final Pattern SUBPROTOCOL_TOKEN = Pattern.compile("(?i)(bearer\\.)[A-Za-z0-9._~+/=-]+");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern QUERY_TOKEN = Pattern.compile("(?i)([?&]token=)[^&\\s#]*");
    private static final Pattern BARE_JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

    private Redactor() {}

    /** {@code text} with every bearer token, {@code token=} query value and JWT-shaped string replaced. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = SUBPROTOCOL_TOKEN.matcher(text).replaceAll("$1" + REDACTED);
        out = AUTHORIZATION.matcher(out).replaceAll("$1" + REDACTED);
        out = QUERY_TOKEN.matcher(out).replaceAll("$1" + REDACTED);
        return BARE_JWT.matcher(out).replaceAll(REDACTED);
    }
}
