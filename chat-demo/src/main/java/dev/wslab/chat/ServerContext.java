package dev.wslab.chat;

import dev.wslab.chat.auth.AccountService;
import dev.wslab.chat.auth.TokenService;
import dev.wslab.chat.http.BearerAuthenticator;
import dev.wslab.chat.http.PublicOrigins;
import dev.wslab.chat.limits.SessionQuota;
import dev.wslab.chat.rooms.ChatService;
import dev.wslab.chat.session.SessionRegistry;

/**
 * What a running {@link ChatServer} shares with its transports and extensions.
 *
 * @param config        the server's settings
 * @param parts         the server's live components (account store, extensions, wire tap)
 * @param chat          the one chat application every transport talks to
 * @param accounts      registration and login
 * @param tokens        JWT issue and verification
 * @param authenticator checks {@code Authorization: Bearer} on plain HTTP requests and writes the 401
 * @param origins       the server's public names and trusted browser origins
 * @param sessionQuota  chat sessions per user, shared by every transport
 * @param sessions      resumable sessions: resume, presence grace, duplicate sends
 * @param ops           what the server keeps for its operators: the outbound memory bound, ...
 */
public record ServerContext(
        ChatServerConfig config,
        ServerParts parts,
        ChatService chat,
        AccountService accounts,
        TokenService tokens,
        BearerAuthenticator authenticator,
        PublicOrigins origins,
        SessionQuota sessionQuota,
        SessionRegistry sessions,
        dev.wslab.chat.ops.ServerOps ops) {}
