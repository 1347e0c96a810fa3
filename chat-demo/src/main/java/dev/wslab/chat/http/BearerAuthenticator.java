package dev.wslab.chat.http;

import dev.wslab.chat.auth.AccountService;
import dev.wslab.chat.auth.TokenCheck;
import dev.wslab.chat.auth.TokenLocator;
import dev.wslab.chat.auth.TokenService;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Authenticates an HTTP request by its bearer token (RFC 6750), for the WebSocket upgrade and for
 * plain HTTP transports alike, and writes the 401 that explains a refusal. A genuine token is still
 * refused when its account has since been deleted or re-created under the same name: the signature
 * proves who issued the token, the account store says whether the account it names still exists.
 */
public final class BearerAuthenticator {

    /** The protection space named in every challenge. */
    public static final String REALM = "wslab-chat";

    private final TokenService tokens;
    private final TokenLocator locator;
    private final AccountService accounts;

    public BearerAuthenticator(TokenService tokens, TokenLocator locator, AccountService accounts) {
        this.tokens = tokens;
        this.locator = locator;
        this.accounts = accounts;
    }

    /** Finds and verifies the request's token (see {@link TokenLocator} for where it may be). */
    public TokenCheck check(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        List<String> protocols = new ArrayList<>();
        HeaderValues values = exchange.getRequestHeaders().get(Headers.SEC_WEB_SOCKET_PROTOCOL);
        if (values != null) {
            protocols.addAll(values);
        }
        return check(authorization, protocols, exchange.getQueryString());
    }

    /** Same as {@link #check(HttpServerExchange)} on already extracted parts of a request. */
    public TokenCheck check(String authorization, List<String> subprotocolHeaders, String rawQuery) {
        TokenLocator.Located located = locator.locate(authorization, subprotocolHeaders, rawQuery);
        if (located instanceof TokenLocator.Missing missing) {
            return new TokenCheck.Invalid(missing.description());
        }
        TokenCheck check = tokens.verify(((TokenLocator.Found) located).token());
        // A token of our own login names its account's creation; one minted by a gateway names none.
        if (check instanceof TokenCheck.Valid valid && valid.accountCreated().isPresent()
                && !accounts.isCurrent(valid.user().id(), valid.accountCreated().get())) {
            return new TokenCheck.Invalid("the account this token was issued for no longer exists (deleted or re-created); log in again");
        }
        return check;
    }

    /**
     * The {@code WWW-Authenticate} value for a refused token (RFC 6750 §3):
     * {@code Bearer realm="wslab-chat", error="invalid_token", error_description="…"}.
     */
    public static String challenge(String description) {
        return "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                + quotable(description) + "\"";
    }

    /** Answers 401 with the challenge and a JSON body {@code {"error":"invalid_token","reason":…}}. */
    public static void sendUnauthorized(HttpServerExchange exchange, String description) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, challenge(description));
        JsonHttp.send(exchange, 401, Map.of("error", "invalid_token", "reason", description));
    }

    /** RFC 6750 §3: error_description is printable ASCII without '"' and '\'. */
    private static String quotable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '\'');
        }
        return out.toString();
    }
}
