package dev.wslab.chat.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names under which this server may be reached, and so the only {@code Host} values it answers
 * and the only browser origins it trusts. Without this, any domain an attacker points at 127.0.0.1
 * (DNS rebinding) would be "the same host" as the page it serves, and its pages could read the API
 * and open the chat as the user.
 *
 * <p>Each public host is written {@code host}, {@code host:port} or {@code scheme://host[:port]}.
 * A missing port means the port the request arrived on (the bound port); {@code host:*} allows any
 * port (for a proxy in front whose port is not known in advance); a missing scheme means the
 * server's own ({@code http}, or {@code https} with TLS). The defaults are the bound address and
 * {@code localhost} (and the loopback addresses when bound to every interface).
 *
 * @param entries     the public hosts
 * @param scheme      {@code http} or {@code https}: what this server itself speaks
 * @param extraOrigins origins allowed besides the public hosts' own (e.g. a page on another port);
 *                    {@code "*"} allows any
 */
public record PublicOrigins(List<Entry> entries, String scheme, List<String> extraOrigins) {

    /** One public host. {@code port} is -1 for "the port the request arrived on", -2 for any port. */
    public record Entry(Optional<String> scheme, String host, int port) {}

    static final int ANY_PORT = -2;

    public PublicOrigins {
        entries = List.copyOf(entries);
        extraOrigins = extraOrigins.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The public origins of a server.
     *
     * @param publicHosts  the configured names (empty for the defaults)
     * @param boundHost    the address the server binds
     * @param tls          whether it speaks TLS
     * @param extraOrigins allowed origins besides its own
     * @return the policy
     * @throws IllegalArgumentException if a public host cannot be read
     */
    public static PublicOrigins of(List<String> publicHosts, String boundHost, boolean tls, List<String> extraOrigins) {
        List<String> names = new ArrayList<>(publicHosts);
        if (names.isEmpty()) {
            names.addAll(defaultNames(boundHost));
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(parse(name));
        }
        return new PublicOrigins(entries, tls ? "https" : "http", extraOrigins);
    }

    /** The bound address and {@code localhost}; all loopback names when bound to every interface. */
    public static List<String> defaultNames(String boundHost) {
        String bound = stripBrackets(boundHost);
        if (bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("0:0:0:0:0:0:0:0")) {
            return List.of("localhost", "127.0.0.1", "[::1]");
        }
        return bound.equalsIgnoreCase("localhost") ? List.of("localhost") : List.of(boundHost, "localhost");
    }

    static Entry parse(String text) {
        String value = text.trim();
        Optional<String> scheme = Optional.empty();
        int sep = value.indexOf("://");
        if (sep >= 0) {
            scheme = Optional.of(value.substring(0, sep).toLowerCase(Locale.ROOT));
            value = value.substring(sep + 3);
            if (!scheme.get().equals("http") && !scheme.get().equals("https")) {
                throw new IllegalArgumentException("a public host's scheme is http or https, got '" + text + "'");
            }
        }
        if (value.endsWith(":*")) {
            Optional<Authority> host = Authority.parse(value.substring(0, value.length() - 2));
            if (host.isEmpty() || host.get().port() >= 0) {
                throw new IllegalArgumentException("a public host is host, host:port, host:* or scheme://host[:port], got '"
                        + text + "'");
            }
            return new Entry(scheme, host.get().host(), ANY_PORT);
        }
        Optional<Authority> authority = Authority.parse(value);
        if (authority.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException("a public host is host, host:port or scheme://host[:port], got '" + text + "'");
        }
        return new Entry(scheme, authority.get().host(), authority.get().port());
    }

    /**
     * Whether a request's {@code Host} names this server (RFC 9110 §7.2; §15.5.20 421 otherwise).
     *
     * @param hostHeader the {@code Host} value, null when absent
     * @param localPort  the port the request arrived on
     * @return true when it matches a public host
     */
    public boolean allowsHost(String hostHeader, int localPort) {
        if (hostHeader == null) {
            return false;
        }
        Optional<Authority> authority = Authority.parse(hostHeader);
        if (authority.isEmpty()) {
            return false;
        }
        int port = authority.get().port() < 0 ? defaultPort(scheme) : authority.get().port();
        for (Entry entry : entries) {
            int expected = entry.port() == ANY_PORT ? port : entry.port() < 0 ? localPort : entry.port();
            if (entry.host().equals(authority.get().host()) && expected == port) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a browser page of {@code origin} may use this server: scheme, host and port must be one
     * of the public hosts' (RFC 6454 §5 compares all three), or listed as an extra origin.
     *
     * @param origin    the {@code Origin} value; an absent header (non-browser clients) is allowed
     * @param localPort the port the request arrived on
     * @return true when allowed
     */
    public boolean allowsOrigin(Optional<String> origin, int localPort) {
        if (origin.isEmpty() || extraOrigins.contains("*")) {
            return true;
        }
        String value = origin.get().trim().toLowerCase(Locale.ROOT);
        if (extraOrigins.contains(value)) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            return false; // "null" and anything unparsable
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false;
        }
        int port = uri.getPort() < 0 ? defaultPort(uri.getScheme()) : uri.getPort();
        String host = stripBrackets(uri.getHost()).toLowerCase(Locale.ROOT);
        for (Entry entry : entries) {
            String entryScheme = entry.scheme().orElse(scheme);
            int entryPort = entry.port() == ANY_PORT ? port : entry.port() < 0 ? localPort : entry.port();
            if (entryScheme.equals(uri.getScheme()) && entry.host().equals(host) && entryPort == port) {
                return true;
            }
        }
        return false;
    }

    /** The public hosts as typed, for messages. */
    public String describe() {
        List<String> shown = new ArrayList<>();
        for (Entry entry : entries) {
            String host = entry.host().contains(":") ? "[" + entry.host() + "]" : entry.host();
            String port = entry.port() == ANY_PORT ? ":*" : entry.port() < 0 ? "" : ":" + entry.port();
            shown.add(entry.scheme().map(s -> s + "://").orElse("") + host + port);
        }
        return String.join(", ", shown);
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) || "wss".equals(scheme) ? 443 : 80;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code host[:port]} from a {@code Host} header or a public host (RFC 9110 §7.2, RFC 3986 §3.2.2). */
    record Authority(String host, int port) {
        static Optional<Authority> parse(String text) {
            String value = text.trim();
            String host;
            String portText = null;
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                if (close < 0) {
                    return Optional.empty();
                }
                host = value.substring(1, close);
                String rest = value.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return Optional.empty();
                    }
                    portText = rest.substring(1);
                }
            } else {
                int colon = value.indexOf(':');
                if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
                    host = value; // a bare IPv6 address, as typed in a setting
                } else if (colon >= 0) {
                    host = value.substring(0, colon);
                    portText = value.substring(colon + 1);
                } else {
                    host = value;
                }
            }
            if (host.isEmpty() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '@' && c != '/')) {
                return Optional.empty();
            }
            int port = -1;
            if (portText != null) {
                if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
                    return Optional.empty();
                }
                port = Integer.parseInt(portText);
                if (port > 65535) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Authority(host.toLowerCase(Locale.ROOT), port));
        }
    }
}
