package dev.wslab.handshake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of an HTTP message: an immutable, order-preserving multi-map whose names are
 * compared case-insensitively (RFC 9110 §5.1).
 *
 * <p>A field may appear on several lines; RFC 9110 §5.3 lets a recipient combine them into one
 * comma-separated value, which is what {@link #combined(String)} and {@link #tokens(String)} do. The
 * original lines stay available, in order, through {@link #values(String)} and {@link #all()}.
 *
 * <pre>{@code
 * HttpFields fields = HttpFields.of().with("Connection", "keep-alive, Upgrade");
 * fields.hasToken("connection", "upgrade")   // true: names and tokens ignore case
 * }</pre>
 *
 * <p>Every method that adds a field checks that the name is a token and that the value contains no
 * CR, LF or other control character, so a header built from user input cannot split the message.
 */
public final class HttpFields {
    private static final HttpFields EMPTY = new HttpFields(List.of());

    /**
     * One header line: its name as written and its value. Leading and trailing spaces and tabs are
     * removed from the value, since they are not part of it (RFC 9110 §5.5).
     */
    public record Field(String name, String value) {
        /** @throws IllegalArgumentException if the name is not a token or the value holds a control character */
        public Field {
            if (!HttpSyntax.isToken(name)) {
                throw new IllegalArgumentException("header name must be an HTTP token: " + HttpSyntax.quoteForMessage(name));
            }
            if (!HttpSyntax.isSafeFieldValue(value)) {
                throw new IllegalArgumentException("header value of " + name
                        + " must not contain CR, LF or other control characters: " + HttpSyntax.quoteForMessage(value));
            }
            value = HttpSyntax.trimWhitespace(value);
        }

        /** Whether this field has the given name, ignoring case. */
        public boolean hasName(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private final List<Field> fields;

    private HttpFields(List<Field> fields) {
        this.fields = fields;
    }

    /** No fields. */
    public static HttpFields of() {
        return EMPTY;
    }

    /** The given fields, in order. */
    public static HttpFields of(List<Field> fields) {
        return fields.isEmpty() ? EMPTY : new HttpFields(List.copyOf(fields));
    }

    /** A builder for a new set of fields; {@link #with(String, String)} is handier for a few. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy with one more field line appended at the end. */
    public HttpFields with(String name, String value) {
        List<Field> copy = new ArrayList<>(fields.size() + 1);
        copy.addAll(fields);
        copy.add(new Field(name, value));
        return new HttpFields(Collections.unmodifiableList(copy));
    }

    /** A copy with every field from {@code other} appended, in order. */
    public HttpFields withAll(HttpFields other) {
        if (other.fields.isEmpty()) {
            return this;
        }
        List<Field> copy = new ArrayList<>(fields);
        copy.addAll(other.fields);
        return new HttpFields(Collections.unmodifiableList(copy));
    }

    /** A copy without any line named {@code name}. */
    public HttpFields without(String name) {
        List<Field> copy = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (!f.hasName(name)) {
                copy.add(f);
            }
        }
        return of(copy);
    }

    /** Whether at least one line has this name. */
    public boolean contains(String name) {
        for (Field f : fields) {
            if (f.hasName(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first line with this name. */
    public Optional<String> first(String name) {
        for (Field f : fields) {
            if (f.hasName(name)) {
                return Optional.of(f.value());
            }
        }
        return Optional.empty();
    }

    /** The values of every line with this name, in order; empty when there is none. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.hasName(name)) {
                values.add(f.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** How many lines have this name (RFC 6455 §11.3 forbids repeating some WebSocket fields). */
    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.hasName(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * All lines with this name joined by {@code ", "}, as RFC 9110 §5.3 allows for list-valued
     * fields; empty when there is none.
     */
    public Optional<String> combined(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    /**
     * The elements of a comma-separated list field (RFC 9110 §5.6.1) across all its lines, trimmed,
     * empty elements dropped: {@code "keep-alive, Upgrade"} gives {@code [keep-alive, Upgrade]}.
     * Meant for token lists such as {@code Connection}, {@code Upgrade} and
     * {@code Sec-WebSocket-Protocol}; it does not understand quoted strings (see
     * {@link ExtensionHeaderParser} for those).
     */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (Field f : fields) {
            if (f.hasName(name)) {
                for (String element : f.value().split(",", -1)) {
                    String trimmed = HttpSyntax.trimWhitespace(element);
                    if (!trimmed.isEmpty()) {
                        tokens.add(trimmed);
                    }
                }
            }
        }
        return Collections.unmodifiableList(tokens);
    }

    /** Whether the list field {@code name} holds {@code token}, both compared ignoring case. */
    public boolean hasToken(String name, String token) {
        for (String t : tokens(name)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Every line, in order. */
    public List<Field> all() {
        return fields;
    }

    /** The number of lines. */
    public int size() {
        return fields.size();
    }

    /** Whether there are no lines. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Appends each line as {@code Name: value\r\n} (RFC 9112 §5). */
    void appendTo(StringBuilder out) {
        for (Field f : fields) {
            out.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
    }

    /** Equal when both hold the same lines in the same order, names compared as written. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpFields && ((HttpFields) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendTo(out);
        return out.toString();
    }

    /** Collects lines in order; {@link #build()} returns an immutable {@link HttpFields}. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        /** Appends one line. */
        public Builder add(String name, String value) {
            fields.add(new Field(name, value));
            return this;
        }

        /** Appends every line of {@code other}. */
        public Builder addAll(HttpFields other) {
            fields.addAll(other.all());
            return this;
        }

        /** The number of lines collected so far. */
        public int size() {
            return fields.size();
        }

        /**
         * Freezes the fields added so far, in the order they were added.
         *
         * @return an immutable copy; later {@code add} calls on this builder do not change it
         */
        public HttpFields build() {
            return of(fields);
        }
    }
}
