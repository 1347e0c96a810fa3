package dev.wslab.chat.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who may read {@code GET /metrics} ({@code --metrics-from}): {@code loopback} (the default: a scraper on
 * this machine, or a sidecar), {@code any}, {@code off} (no route at all), or a comma-separated list of
 * addresses and CIDR blocks ({@code 10.0.0.0/8,192.168.1.7}), to which {@code loopback} may be added. The
 * metrics tell an outsider how busy the server is and how it is tuned, so they are not public by default.
 */
public final class MetricsAccess {

    public static final String DEFAULT = "loopback";

    private final boolean off;
    private final boolean any;
    private final boolean loopback;
    private final List<byte[]> networks;
    private final List<Integer> prefixes;
    private final String text;

    private MetricsAccess(boolean off, boolean any, boolean loopback, List<byte[]> networks, List<Integer> prefixes, String text) {
        this.off = off;
        this.any = any;
        this.loopback = loopback;
        this.networks = networks;
        this.prefixes = prefixes;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException if an entry is neither a keyword nor an IP address or CIDR block
     */
    public static MetricsAccess parse(String value) {
        String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("--metrics-from needs loopback, any, off or addresses/CIDR blocks");
        }
        if (trimmed.equals("off")) {
            return new MetricsAccess(true, false, false, List.of(), List.of(), trimmed);
        }
        if (trimmed.equals("any")) {
            return new MetricsAccess(false, true, false, List.of(), List.of(), trimmed);
        }
        boolean loopback = false;
        List<byte[]> networks = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (String entry : trimmed.split(",")) {
            String e = entry.trim();
            if (e.equals("loopback")) {
                loopback = true;
                continue;
            }
            int slash = e.indexOf('/');
            String address = slash < 0 ? e : e.substring(0, slash);
            if (!address.matches("[0-9a-f:.]+")) { // literal addresses only: never a DNS lookup
                throw new IllegalArgumentException("--metrics-from: '" + e + "' is not loopback, any, off, an IP address or a CIDR block");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException bad) {
                throw new IllegalArgumentException("--metrics-from: '" + e + "' is not an IP address");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException bad) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("--metrics-from: bad prefix length in '" + e + "'");
                }
            }
            networks.add(bytes);
            prefixes.add(prefix);
        }
        return new MetricsAccess(false, false, loopback, List.copyOf(networks), List.copyOf(prefixes), trimmed);
    }

    /** {@code false} for {@code off}: the route does not exist. */
    public boolean enabled() {
        return !off;
    }

    public boolean allows(InetAddress client) {
        if (off) {
            return false;
        }
        if (any || (loopback && client.isLoopbackAddress())) {
            return true;
        }
        byte[] address = client.getAddress();
        for (int i = 0; i < networks.size(); i++) {
            if (matches(address, networks.get(i), prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
