package dev.wslab.handshake;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open a WebSocket to this server, judged by the {@code Origin} header
 * (RFC 6455 §4.2.2 step 4, §10.2; RFC 6454). A refused origin is answered with 403 Forbidden.
 *
 * <p>Why it matters: a browser lets any page open a WebSocket to any server, sending the user's
 * cookies along, and says which page it was only in {@code Origin}. A server that authenticates by
 * cookie must check it, or any site can act as its users (cross-site WebSocket hijacking).
 *
 * <p>Non-browser clients (the JDK client, command-line tools) usually send no {@code Origin}, and
 * could send any value they like, so checking it protects only browser users. The policies here
 * therefore allow a request without {@code Origin} unless {@link #requireOrigin()} is applied. The
 * literal origin {@code null} (sent by sandboxed frames and {@code file:} pages) is a real value
 * that matches no allow-list entry, and is refused by {@link #allowList} and {@link #sameHost()}.
 */
@FunctionalInterface
public interface OriginPolicy {

    /**
     * Whether the request may proceed.
     *
     * @param origin  the {@code Origin} value, empty when the header is absent
     * @param request the whole request, e.g. to compare with {@code Host}
     * @return true to continue the handshake; false makes the server answer 403 (RFC 6455 §4.2.2 step 4)
     */
    boolean allows(Optional<String> origin, UpgradeRequest request);

    /**
     * Allows every origin: fine for public data without cookies, and for tests.
     *
     * @return a policy that never refuses
     */
    static OriginPolicy anyOrigin() {
        return (origin, request) -> true;
    }

    /**
     * Allows exactly the listed serialized origins, such as {@code https://chat.example.com} or
     * {@code http://localhost:8080} (scheme, host and port compared ignoring case, as RFC 6454 §6.2
     * serializes them in lower case). {@code null} and a missing origin are handled as described on
     * {@link OriginPolicy}.
     *
     * @param allowedOrigins serialized origins ({@code scheme://host[:port]}, no path); copied, so later
     *                       changes to the collection do not affect the policy
     * @return a policy that allows only those origins (and requests without an {@code Origin})
     */
    static OriginPolicy allowList(Collection<String> allowedOrigins) {
        Set<String> allowed = allowedOrigins.stream()
                .map(o -> o.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return (origin, request) -> origin.isEmpty()
                || !origin.get().equalsIgnoreCase("null") && allowed.contains(origin.get().toLowerCase(Locale.ROOT));
    }

    /**
     * Allows an origin whose host and port equal those of the request's {@code Host} header (the
     * page was served by this very server), with default ports 80/443 filled in by scheme.
     *
     * @return a policy that refuses cross-site pages, the usual defence against cross-site WebSocket
     *         hijacking (RFC 6455 §10.2)
     */
    static OriginPolicy sameHost() {
        return (origin, request) -> origin.isEmpty()
                || Origins.sameHost(origin.get(), request.fields().first("Host").orElse(null));
    }

    /**
     * This policy, but refusing a request without an {@code Origin} header.
     *
     * @return a stricter policy; use it when only browsers should connect, since browsers always send
     *         {@code Origin} (RFC 6455 §4.1) and other clients usually do not
     */
    default OriginPolicy requireOrigin() {
        OriginPolicy inner = this;
        return (origin, request) -> origin.isPresent() && inner.allows(origin, request);
    }
}
