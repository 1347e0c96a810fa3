package dev.wslab.handshake;

import java.util.Locale;

/** Comparison of a serialized origin (RFC 6454 §6.2) with a {@code Host} header (RFC 9110 §7.2). */
final class Origins {
    private Origins() {
    }

    static boolean sameHost(String origin, String host) {
        if (origin == null || host == null) {
            return false;
        }
        int schemeEnd = origin.indexOf("://");
        if (schemeEnd <= 0) {
            return false; // includes the opaque origin "null"
        }
        String scheme = origin.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String authority = origin.substring(schemeEnd + 3);
        if (authority.isEmpty() || authority.contains("/") || authority.contains("@")) {
            return false;
        }
        int defaultPort = scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        String a = withPort(authority, defaultPort);
        String b = withPort(host.trim(), defaultPort);
        return a != null && a.equalsIgnoreCase(b);
    }

    /** {@code host[:port]} with the port made explicit, or null when the port is not a number. */
    private static String withPort(String authority, int defaultPort) {
        // An IPv6 literal is bracketed ([::1]:8080), so the port colon is the one after ']'.
        int bracket = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > bracket) {
            String port = authority.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            return authority.substring(0, colon) + ":" + Integer.parseInt(port);
        }
        return authority + ":" + defaultPort;
    }
}
