package dev.wslab.chat.limits;

import dev.wslab.chat.docs.GeneratedBlock;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import dev.wslab.chat.auth.AccountService;
import dev.wslab.chat.auth.Argon2idPasswordHasher;
import dev.wslab.chat.auth.HashingBusyException;
import dev.wslab.chat.http.JsonBody;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.transport.polling.PollingConfig;
import dev.wslab.chat.web.FrameInspector;
import java.time.Duration;
import java.util.List;

/**
 * Every limit of the chat server as a Markdown table: the setting, its default (read from the code's
 * constants, never typed) and what a client sees when it hits it. Chapter 6 of the docs holds the
 * table between {@value #BEGIN} and {@value #END}; {@code LimitsTableTest} fails when it is stale and
 * {@code ./wslab docs} (this class's {@link #main}) rewrites it.
 */
public final class LimitsTable {

    public static final String BEGIN = "<!-- chat-limits:begin (generated from the code by ./wslab docs) -->";
    public static final String END = "<!-- chat-limits:end -->";

    /** One limit: the command-line setting, its default, and what a client meets. */
    record Row(String setting, String defaultValue, String whatTheClientSees) {}

    private LimitsTable() {}

    static List<Row> rows() {
        ChatLimits d = ChatLimits.DEFAULTS;
        PollingConfig p = PollingConfig.defaults();
        return List.of(
                new Row("request head (fixed)", ChatServer.MAX_HEADER_BYTES / 1024 + " KiB, " + ChatServer.MAX_HEADER_COUNT
                        + " header lines", "Undertow's HTTP parser answers 400 without a body ([gallery](break-it.md#what-the-chat-server-answers))"),
                new Row("`--request-parse-timeout`", seconds(d.requestParseTimeout()),
                        "connection closed when the head is not complete this long after its first byte"),
                new Row("`--no-request-timeout`", seconds(d.noRequestTimeout()),
                        "connection closed when no request starts for this long"),
                new Row("`--idle-timeout`", seconds(d.idleTimeout()),
                        "connection (HTTP or WebSocket) closed after this long without a byte either way"),
                new Row("`--body-timeout`", seconds(d.bodyTimeout()), "408 `request_timeout`, connection closed"),
                new Row("`--max-body`", d.maxBodyBytes() + " bytes", "413 `body_too_large`"),
                new Row("JSON bodies (fixed)", "`Content-Type: application/json`", "415 `unsupported_media_type`"),
                new Row("refused body (fixed)", "read and dropped for at most " + seconds(JsonBody.LINGER) + " and "
                        + (JsonBody.LINGER_BYTES >> 20) + " MiB", "the 413 or 415 first, then the connection closes;"
                        + " closing at once could reset the connection before the client reads the answer (RFC 9112 §9.6)"),
                new Row("`--public-host`", "the `--host` address and `localhost`",
                        "any other `Host`: 421 `misdirected_request`, on every route and the upgrade"),
                new Row("`--allowed-origins`", "none besides the public hosts' own (scheme, host and port)",
                        "403 `forbidden_origin` (upgrade: 403 from the handshake)"),
                new Row("`--login-rate-per-address`", rate(d.loginPerAddress()),
                        "429 `rate_limited` with `Retry-After` on `/api/login` and `/api/register`"),
                new Row("`--login-rate-per-name`", rate(d.loginPerName()), "429 `rate_limited` with `Retry-After`"),
                new Row("`--message-rate`", rate(d.messageRate()),
                        "`error` `rate_limited` (polling: 429 with `Retry-After`); the command is dropped"),
                new Row("`--message-abuse`", rate(d.messageAbuse()) + " refusals",
                        "WebSocket closed with 1008; a polling session ends (410)"),
                new Row("`--max-sessions-per-user`", Integer.toString(d.maxSessionsPerUser()),
                        "upgrade refused with 429 before the 101, `Retry-After` "
                                + seconds(ChatServerConfig.DEFAULT_KEEP_ALIVE_INTERVAL.plus(ChatServerConfig.DEFAULT_KEEP_ALIVE_TIMEOUT))
                                + " (keep-alive interval + timeout); `POST /poll/sessions` 429 `too_many_sessions`,"
                                + " `Retry-After` " + seconds(p.sessionExpiry()) + " (the poll session expiry)"),
                new Row("`--max-rooms-per-session`", Integer.toString(d.maxRoomsPerSession()), "`error` `too_many_rooms`"),
                new Row("`--max-rooms`", Integer.toString(d.maxRooms()), "`error` `room_limit_reached` for a new room"),
                new Row("room name (fixed)", ProtocolCodec.MAX_ROOM_LENGTH + " characters, NFC, no control, bidi or zero-width",
                        "`error` `invalid_command` naming the character"),
                new Row("user name (fixed)", AccountService.MAX_NAME_LENGTH + " letters, digits, `_`, `.`, `-`, NFC",
                        "400 `invalid_name` naming the character"),
                new Row("password hashing (fixed)", "Argon2id, " + Argon2idPasswordHasher.RECOMMENDED_MEMORY_KIB / 1024
                        + " MiB × " + Argon2idPasswordHasher.RECOMMENDED_ITERATIONS + " passes; at most "
                        + Argon2idPasswordHasher.DEFAULT_MEMORY_BUDGET_KIB / 1024 + " MiB of hashes at once",
                        "a login or registration that waits " + seconds(Argon2idPasswordHasher.DEFAULT_WAIT)
                                + " for that memory: 503 `busy`, `Retry-After` "
                                + HashingBusyException.RETRY_AFTER_SECONDS + " s"),
                new Row("`--max-inspector-streams`", Integer.toString(d.maxInspectorStreams()), "429 `too_many_inspectors`, `Retry-After` " + seconds(FrameInspector.UNUSED_STREAM_EXPIRY)
                        + " (an unused stream is forgotten then)"),
                new Row("`--rooms-page-size`", Integer.toString(d.roomsPageSize()),
                        "`GET /api/rooms` pages (`next`, `total`); a bigger `limit=` gets 400"),
                new Row("`--max-message`", ChatServerConfig.DEFAULT_MAX_MESSAGE_BYTES / 1024 + " KiB", "close 1009"),
                new Row("`--max-outbound`", ChatServerConfig.DEFAULT_MAX_OUTBOUND_BYTES / 1024 / 1024 + " MiB queued",
                        "close 1008 (slow consumer)"),
                new Row("`--max-outbound-total`", ChatServerConfig.DEFAULT_MAX_OUTBOUND_TOTAL_BYTES / 1024 / 1024
                        + " MiB queued towards all clients", "the largest consumers closed 1008 (polling: session ended, 410)"),
                new Row("`--keep-alive-interval` / `--keep-alive-timeout`",
                        seconds(ChatServerConfig.DEFAULT_KEEP_ALIVE_INTERVAL) + " / "
                                + seconds(ChatServerConfig.DEFAULT_KEEP_ALIVE_TIMEOUT), "TCP dropped when no Pong comes"),
                new Row("`--close-timeout`", seconds(ChatServerConfig.DEFAULT_CLOSE_TIMEOUT),
                        "TCP dropped when the closing handshake does not finish"),
                new Row("`--token-ttl`", seconds(ChatServerConfig.DEFAULT_TOKEN_LIFETIME),
                        "401 before the upgrade; an open WebSocket is closed with 4001; polling 410"),
                new Row("`--poll-wait` (longest: fixed)", seconds(p.defaultWait()) + " (" + seconds(p.maxWait()) + ")",
                        "the long poll answers with no events"),
                new Row("`--poll-session-expiry`", seconds(p.sessionExpiry()), "410 `session_ended`, the user leaves its rooms"),
                new Row("polling backlog (fixed)", p.maxPendingEvents() + " events or " + p.maxPendingChars() / 1024 / 1024
                        + " MiB", "410 `session_ended` (slow consumer)"));
    }

    /** The table as Markdown, ending with a newline. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("| setting | default | what a client sees |\n|---|---|---|\n");
        for (Row row : rows()) {
            out.append("| ").append(row.setting()).append(" | ").append(row.defaultValue()).append(" | ")
                    .append(row.whatTheClientSees()).append(" |\n");
        }
        return out.toString();
    }

    /**
     * {@code document} with the text between the markers replaced by the current table.
     *
     * @param document a Markdown document holding {@link #BEGIN} and {@link #END}
     * @return the refreshed document
     * @throws IllegalArgumentException if a marker is missing
     */
    public static String refresh(String document) {
        return GeneratedBlock.replace(document, BEGIN, END, markdown());
    }

    /**
     * Rewrites the table in the given documents ({@code ./wslab docs} runs it on chapter 6).
     *
     * @param args paths of the documents
     * @throws Exception if a document cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        GeneratedBlock.rewrite(args, "the chat limits table", LimitsTable::refresh);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static String rate(RateLimit r) {
        return "`" + r + "` (" + r.permits() + " per " + r.period().toSeconds() + " s)";
    }
}
