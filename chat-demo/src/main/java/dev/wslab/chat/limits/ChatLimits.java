package dev.wslab.chat.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound the chat server puts on what one client can make it do: HTTP timeouts, body sizes,
 * rate limits and caps on the things a client can create. Each has a safe default ({@link #DEFAULTS});
 * {@link LimitsTable} renders them, with what a client sees when it hits each one, into the docs.
 *
 * @param requestParseTimeout   longest time to receive a request head once its first byte arrived;
 *                              then the connection is closed (Undertow's {@code REQUEST_PARSE_TIMEOUT})
 * @param noRequestTimeout      longest time a connection may sit without starting a request (new or
 *                              kept alive) before it is closed (Undertow's {@code NO_REQUEST_TIMEOUT})
 * @param idleTimeout           a connection without a byte read or written for this long is closed,
 *                              WebSocket or HTTP; must exceed the keep-alive ping interval and the
 *                              longest long poll (Undertow's {@code IDLE_TIMEOUT})
 * @param bodyTimeout           longest time to receive a whole request body; then 408
 * @param maxBodyBytes          largest JSON request body; larger gets 413
 * @param loginPerAddress       logins and registrations per client address; then 429
 * @param loginPerName          logins and registrations per account name; then 429
 * @param messageRate           chat commands per session; then {@code error rate_limited}
 * @param messageAbuse          refused commands per session before the connection is closed with
 *                              1008 (a polling session is ended)
 * @param maxSessionsPerUser    chat sessions (WebSocket connections and polling sessions) per user
 * @param maxRoomsPerSession    rooms one session may be in at once
 * @param maxRooms              rooms that may exist at once on the server
 * @param maxInspectorStreams   frame-inspector streams one user may own
 * @param roomsPageSize         most rooms in one {@code GET /api/rooms} answer
 */
public record ChatLimits(
        Duration requestParseTimeout,
        Duration noRequestTimeout,
        Duration idleTimeout,
        Duration bodyTimeout,
        int maxBodyBytes,
        RateLimit loginPerAddress,
        RateLimit loginPerName,
        RateLimit messageRate,
        RateLimit messageAbuse,
        int maxSessionsPerUser,
        int maxRoomsPerSession,
        int maxRooms,
        int maxInspectorStreams,
        int roomsPageSize) {

    public static final Duration DEFAULT_REQUEST_PARSE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_NO_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Above the 55 s longest long poll and the 30 s + 10 s keep-alive ping cycle. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final RateLimit DEFAULT_LOGIN_PER_ADDRESS = new RateLimit(20, Duration.ofMinutes(1));
    public static final RateLimit DEFAULT_LOGIN_PER_NAME = new RateLimit(10, Duration.ofMinutes(1));
    public static final RateLimit DEFAULT_MESSAGE_RATE = new RateLimit(20, Duration.ofSeconds(10));
    public static final RateLimit DEFAULT_MESSAGE_ABUSE = new RateLimit(20, Duration.ofSeconds(10));
    public static final int DEFAULT_MAX_SESSIONS_PER_USER = 8;
    public static final int DEFAULT_MAX_ROOMS_PER_SESSION = 32;
    public static final int DEFAULT_MAX_ROOMS = 1000;
    public static final int DEFAULT_MAX_INSPECTOR_STREAMS = 4;
    public static final int DEFAULT_ROOMS_PAGE_SIZE = 100;

    /** Every default. */
    public static final ChatLimits DEFAULTS = builder().build();

    public ChatLimits {
        requirePositive(requestParseTimeout, "requestParseTimeout");
        requirePositive(noRequestTimeout, "noRequestTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(bodyTimeout, "bodyTimeout");
        if (maxBodyBytes < 256) {
            throw new IllegalArgumentException("maxBodyBytes below 256 would refuse an ordinary login");
        }
        Objects.requireNonNull(loginPerAddress, "loginPerAddress");
        Objects.requireNonNull(loginPerName, "loginPerName");
        Objects.requireNonNull(messageRate, "messageRate");
        Objects.requireNonNull(messageAbuse, "messageAbuse");
        if (maxSessionsPerUser < 1 || maxRoomsPerSession < 1 || maxRooms < 1 || maxInspectorStreams < 1
                || roomsPageSize < 1) {
            throw new IllegalArgumentException("session, room, inspector and page caps must be at least 1");
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.requestParseTimeout = requestParseTimeout;
        b.noRequestTimeout = noRequestTimeout;
        b.idleTimeout = idleTimeout;
        b.bodyTimeout = bodyTimeout;
        b.maxBodyBytes = maxBodyBytes;
        b.loginPerAddress = loginPerAddress;
        b.loginPerName = loginPerName;
        b.messageRate = messageRate;
        b.messageAbuse = messageAbuse;
        b.maxSessionsPerUser = maxSessionsPerUser;
        b.maxRoomsPerSession = maxRoomsPerSession;
        b.maxRooms = maxRooms;
        b.maxInspectorStreams = maxInspectorStreams;
        b.roomsPageSize = roomsPageSize;
        return b;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    /** Builds {@link ChatLimits}; starts from the defaults. */
    public static final class Builder {
        private Duration requestParseTimeout = DEFAULT_REQUEST_PARSE_TIMEOUT;
        private Duration noRequestTimeout = DEFAULT_NO_REQUEST_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private RateLimit loginPerAddress = DEFAULT_LOGIN_PER_ADDRESS;
        private RateLimit loginPerName = DEFAULT_LOGIN_PER_NAME;
        private RateLimit messageRate = DEFAULT_MESSAGE_RATE;
        private RateLimit messageAbuse = DEFAULT_MESSAGE_ABUSE;
        private int maxSessionsPerUser = DEFAULT_MAX_SESSIONS_PER_USER;
        private int maxRoomsPerSession = DEFAULT_MAX_ROOMS_PER_SESSION;
        private int maxRooms = DEFAULT_MAX_ROOMS;
        private int maxInspectorStreams = DEFAULT_MAX_INSPECTOR_STREAMS;
        private int roomsPageSize = DEFAULT_ROOMS_PAGE_SIZE;

        private Builder() {}

        public Builder requestParseTimeout(Duration v) { requestParseTimeout = v; return this; }
        public Builder noRequestTimeout(Duration v) { noRequestTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder bodyTimeout(Duration v) { bodyTimeout = v; return this; }
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder loginPerAddress(RateLimit v) { loginPerAddress = v; return this; }
        public Builder loginPerName(RateLimit v) { loginPerName = v; return this; }
        public Builder messageRate(RateLimit v) { messageRate = v; return this; }
        public Builder messageAbuse(RateLimit v) { messageAbuse = v; return this; }
        public Builder maxSessionsPerUser(int v) { maxSessionsPerUser = v; return this; }
        public Builder maxRoomsPerSession(int v) { maxRoomsPerSession = v; return this; }
        public Builder maxRooms(int v) { maxRooms = v; return this; }
        public Builder maxInspectorStreams(int v) { maxInspectorStreams = v; return this; }
        public Builder roomsPageSize(int v) { roomsPageSize = v; return this; }

        public ChatLimits build() {
            return new ChatLimits(requestParseTimeout, noRequestTimeout, idleTimeout, bodyTimeout, maxBodyBytes,
                    loginPerAddress, loginPerName, messageRate, messageAbuse, maxSessionsPerUser, maxRoomsPerSession,
                    maxRooms, maxInspectorStreams, roomsPageSize);
        }
    }
}
