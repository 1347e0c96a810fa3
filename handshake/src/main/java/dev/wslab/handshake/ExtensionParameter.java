package dev.wslab.handshake;

import java.util.Objects;
import java.util.Optional;

/**
 * One parameter of an extension in {@code Sec-WebSocket-Extensions}, such as
 * {@code client_max_window_bits} or {@code server_max_window_bits=10} (RFC 6455 §9.1).
 *
 * @param name  the parameter name, a token
 * @param value the value, if any, already unquoted; RFC 6455 §9.1 requires it to be a token even
 *              when it was sent as a quoted string
 */
public record ExtensionParameter(String name, Optional<String> value) {

    /**
     * Checks that the name and any value are tokens (RFC 6455 §9.1).
     *
     * @param name  a token, e.g. {@code server_max_window_bits}
     * @param value the unquoted value, a token; empty for a parameter without one
     * @throws IllegalArgumentException if the name or the value is not a token
     */
    public ExtensionParameter {
        Objects.requireNonNull(value, "value");
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("extension parameter name must be a token: " + HttpSyntax.quoteForMessage(name));
        }
        if (value.isPresent() && !HttpSyntax.isToken(value.get())) {
            throw new IllegalArgumentException("extension parameter value must be a token (RFC 6455 §9.1): "
                    + HttpSyntax.quoteForMessage(value.get()));
        }
    }

    /**
     * A parameter without a value, e.g. {@code client_no_context_takeover}.
     *
     * @param name a token
     * @return the parameter, written as just its name
     */
    public static ExtensionParameter of(String name) {
        return new ExtensionParameter(name, Optional.empty());
    }

    /**
     * A parameter with a value, e.g. {@code server_max_window_bits=10}.
     *
     * @param name  a token
     * @param value a token, given without quotes
     * @return the parameter, written as {@code name=value}
     */
    public static ExtensionParameter of(String name, String value) {
        return new ExtensionParameter(name, Optional.of(value));
    }

    /** The header form: {@code name} or {@code name=value}. */
    @Override
    public String toString() {
        return value.map(v -> name + "=" + v).orElse(name);
    }
}
