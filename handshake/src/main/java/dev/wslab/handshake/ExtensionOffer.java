package dev.wslab.handshake;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One extension named in {@code Sec-WebSocket-Extensions} with its parameters, as offered by a
 * client or accepted by a server — e.g. {@code permessage-deflate; client_max_window_bits}
 * (RFC 6455 §9.1, RFC 7692).
 *
 * @param name       the extension token
 * @param parameters its parameters, in order
 */
public record ExtensionOffer(String name, List<ExtensionParameter> parameters) {

    /**
     * @param name       the extension token, e.g. {@code permessage-deflate}
     * @param parameters its parameters in order; copied, may be empty, not null
     * @throws IllegalArgumentException if the name is not a token
     */
    public ExtensionOffer {
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("extension name must be a token: " + HttpSyntax.quoteForMessage(name));
        }
        parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
    }

    /**
     * An extension with the given parameters.
     *
     * @param name       the extension token, e.g. {@code permessage-deflate}
     * @param parameters its parameters in order; none for a bare extension
     * @return the offer
     */
    public static ExtensionOffer of(String name, ExtensionParameter... parameters) {
        return new ExtensionOffer(name, List.of(parameters));
    }

    /**
     * The first parameter with this name (compared ignoring case).
     *
     * @param parameterName the parameter name, e.g. {@code client_max_window_bits}
     * @return the first such parameter; empty when the offer does not carry it
     */
    public Optional<ExtensionParameter> parameter(String parameterName) {
        for (ExtensionParameter p : parameters) {
            if (p.name().equalsIgnoreCase(parameterName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The header form: {@code name; p1; p2=v}.
     *
     * @return one element of {@code Sec-WebSocket-Extensions}; values are tokens, so none needs quoting (§9.1)
     */
    public String toHeaderValue() {
        StringBuilder out = new StringBuilder(name);
        for (ExtensionParameter p : parameters) {
            out.append("; ").append(p);
        }
        return out.toString();
    }

    /**
     * The header form of a whole list: extensions separated by {@code ", "}.
     *
     * @param extensions the offers, most preferred first (RFC 6455 §9.1)
     * @return the full {@code Sec-WebSocket-Extensions} value; empty for an empty list
     */
    public static String toHeaderValue(List<ExtensionOffer> extensions) {
        StringBuilder out = new StringBuilder();
        for (ExtensionOffer e : extensions) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(e.toHeaderValue());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }
}
