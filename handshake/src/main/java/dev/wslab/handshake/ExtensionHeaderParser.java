package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads {@code Sec-WebSocket-Extensions} values by the grammar of RFC 6455 §9.1:
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * Optional whitespace is allowed around {@code ,}, {@code ;} and {@code =}; empty list elements are
 * skipped (RFC 9110 §5.6.1). A quoted value is unescaped and must then be a token (RFC 6455 §9.1).
 * Several header lines are read as one list (RFC 6455 §9.1: the field may appear more than once).
 */
public final class ExtensionHeaderParser {
    private ExtensionHeaderParser() {
    }

    /** The outcome of parsing: the extensions, or where and why the text broke the grammar. */
    public sealed interface Result {
        /** The value followed the grammar. */
        record Parsed(List<ExtensionOffer> extensions) implements Result {
            /**
             * Copies {@code extensions}.
             *
             * @param extensions the offers in the order sent: first is most preferred (RFC 6455 §9.1)
             */
            public Parsed {
                extensions = List.copyOf(extensions);
            }
        }

        /** The value broke the grammar at character {@code index}. */
        record Malformed(String reason, int index) implements Result {
            /**
             * Requires a reason.
             *
             * @param reason what the grammar expected there, for a person
             * @param index  0-based character position in the offending header value
             */
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Parses every value of the field, in order, as one list (RFC 9110 §5.3: repeated field lines
     * mean the same as one comma-separated line).
     *
     * @param headerValues each {@code Sec-WebSocket-Extensions} line's value, in order received
     * @return all offers, or the first value's grammar error
     */
    public static Result parse(List<String> headerValues) {
        List<ExtensionOffer> all = new ArrayList<>();
        for (String value : headerValues) {
            Result r = parse(value);
            if (r instanceof Result.Malformed) {
                return r;
            }
            all.addAll(((Result.Parsed) r).extensions());
        }
        return new Result.Parsed(all);
    }

    /**
     * Parses one header value against the {@code extension-list} grammar of RFC 6455 §9.1.
     *
     * @param value one field value; must not be null
     * @return the offers in it, or where and why it broke the grammar
     */
    public static Result parse(String value) {
        return new Cursor(value).extensionList();
    }

    /** A hand-written recursive-descent reader over one string. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = Objects.requireNonNull(s, "value");
        }

        Result extensionList() {
            List<ExtensionOffer> extensions = new ArrayList<>();
            while (true) {
                skipWhitespace();
                if (atEnd()) {
                    return new Result.Parsed(extensions);
                }
                if (peek() == ',') {
                    i++; // an empty list element
                    continue;
                }
                String name = token();
                if (name == null) {
                    return malformed("expected an extension name (a token)");
                }
                List<ExtensionParameter> params = new ArrayList<>();
                skipWhitespace();
                while (!atEnd() && peek() == ';') {
                    i++;
                    skipWhitespace();
                    String paramName = token();
                    if (paramName == null) {
                        return malformed("expected a parameter name (a token) after ';'");
                    }
                    skipWhitespace();
                    String paramValue = null;
                    if (!atEnd() && peek() == '=') {
                        i++;
                        skipWhitespace();
                        if (!atEnd() && peek() == '"') {
                            int quoteStart = i;
                            paramValue = quotedString();
                            if (paramValue == null) {
                                return malformed("unterminated quoted string");
                            }
                            if (!HttpSyntax.isToken(paramValue)) {
                                i = quoteStart;
                                return malformed("a quoted parameter value must be a token once unquoted");
                            }
                        } else {
                            paramValue = token();
                            if (paramValue == null) {
                                return malformed("expected a parameter value (a token or a quoted string) after '='");
                            }
                        }
                        skipWhitespace();
                    }
                    params.add(paramValue == null ? ExtensionParameter.of(paramName)
                            : ExtensionParameter.of(paramName, paramValue));
                }
                extensions.add(new ExtensionOffer(name, params));
                if (atEnd()) {
                    return new Result.Parsed(extensions);
                }
                if (peek() != ',') {
                    return malformed("expected ',' or ';' after an extension");
                }
                i++;
            }
        }

        private String token() {
            int start = i;
            while (!atEnd() && HttpSyntax.isTokenChar(peek())) {
                i++;
            }
            return i == start ? null : s.substring(start, i);
        }

        /** RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE. */
        private String quotedString() {
            i++; // opening quote
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        return null;
                    }
                    c = s.charAt(i++);
                }
                out.append(c);
            }
            return null;
        }

        private void skipWhitespace() {
            while (!atEnd() && HttpSyntax.isWhitespace(peek())) {
                i++;
            }
        }

        private boolean atEnd() {
            return i >= s.length();
        }

        private char peek() {
            return s.charAt(i);
        }

        private Result malformed(String reason) {
            return new Result.Malformed(reason + " at character " + i + " of " + HttpSyntax.quoteForMessage(s), i);
        }
    }
}
