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
     *
     * @param name  the field name as written, case kept; must be an HTTP token (RFC 9110 §5.1)
     * @param value the field value; may be empty, must not hold CR, LF or other control characters
     */
    public record Field(String name, String value) {
        /**
         * Checks the line and trims the value.
         *
         * @param name  the field name; must be an HTTP token
         * @param value the field value; surrounding spaces and tabs are removed
         * @throws IllegalArgumentException if the name is not a token or the value holds a control character
         */
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

        /**
         * Whether this field has the given name, ignoring case.
         *
         * @param other the name to compare with; {@code null} never matches
         * @return true when the names are equal ignoring ASCII case
         */
        public boolean hasName(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private final List<Field> fields;

    private HttpFields(List<Field> fields) {
        this.fields = fields;
    }

    /**
     * No fields.
     *
     * @return the shared empty instance
     */
    public static HttpFields of() {
        return EMPTY;
    }

    /**
     * The given fields, in order.
     *
     * @param fields the lines in wire order; copied, so later changes to the list are not seen
     * @return the fields; the shared empty instance when {@code fields} is empty
     */
    public static HttpFields of(List<Field> fields) {
        return fields.isEmpty() ? EMPTY : new HttpFields(List.copyOf(fields));
    }

    /**
     * A builder for a new set of fields; {@link #with(String, String)} is handier for a few.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A copy with one more field line appended at the end.
     *
     * @param name  the field name; must be an HTTP token (RFC 9110 §5.1)
     * @param value the field value; must not hold CR, LF or other control characters
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if the name or value is not allowed
     */
    public HttpFields with(String name, String value) {
        List<Field> copy = new ArrayList<>(fields.size() + 1);
        copy.addAll(fields);
        copy.add(new Field(name, value));
        return new HttpFields(Collections.unmodifiableList(copy));
    }

    /**
     * A copy with every field from {@code other} appended, in order.
     *
     * @param other the lines to append after this one's
     * @return the combined fields; this same instance when {@code other} is empty
     */
    public HttpFields withAll(HttpFields other) {
        if (other.fields.isEmpty()) {
            return this;
        }
        List<Field> copy = new ArrayList<>(fields);
        copy.addAll(other.fields);
        return new HttpFields(Collections.unmodifiableList(copy));
    }

    /**
     * A copy without any line named {@code name}.
     *
     * @param name the field name to drop, compared ignoring case
     * @return the remaining lines in their original order
     */
    public HttpFields without(String name) {
        List<Field> copy = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (!f.hasName(name)) {
                copy.add(f);
            }
        }
        return of(copy);
    }

    /**
     * Whether at least one line has this name.
     *
     * @param name the field name, compared ignoring case
     * @return true when the field is present, even with an empty value
     */
    public boolean contains(String name) {
        for (Field f : fields) {
            if (f.hasName(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value of the first line with this name.
     *
     * @param name the field name, compared ignoring case
     * @return the trimmed value of the first such line; empty when the field is absent
     */
    public Optional<String> first(String name) {
        for (Field f : fields) {
            if (f.hasName(name)) {
                return Optional.of(f.value());
            }
        }
        return Optional.empty();
    }

    /**
     * The values of every line with this name, in order.
     *
     * @param name the field name, compared ignoring case
     * @return an unmodifiable list with one value per line; empty when the field is absent
     */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.hasName(name)) {
                values.add(f.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * How many lines have this name (RFC 6455 §11.3 forbids repeating some WebSocket fields).
     *
     * @param name the field name, compared ignoring case
     * @return the number of lines, 0 when the field is absent
     */
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
     * fields.
     *
     * @param name the field name, compared ignoring case
     * @return the joined value; empty when the field is absent
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
     *
     * @param name the field name, compared ignoring case
     * @return an unmodifiable list of elements in order, case kept; empty when the field is absent or blank
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

    /**
     * Whether the list field {@code name} holds {@code token}, both compared ignoring case.
     *
     * @param name  the list field, such as {@code Connection}
     * @param token the element to look for, such as {@code upgrade}
     * @return true when any element of any line equals the token ignoring case
     */
    public boolean hasToken(String name, String token) {
        for (String t : tokens(name)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every line, in order.
     *
     * @return an unmodifiable list in wire order, repeated names included
     */
    public List<Field> all() {
        return fields;
    }

    /**
     * The number of lines.
     *
     * @return the line count, 0 or more; a repeated name counts once per line
     */
    public int size() {
        return fields.size();
    }

    /**
     * Whether there are no lines.
     *
     * @return true when {@link #size()} is 0
     */
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

        /**
         * Appends one line.
         *
         * @param name  the field name; must be an HTTP token (RFC 9110 §5.1)
         * @param value the field value; must not hold CR, LF or other control characters
         * @return this builder, for chaining
         * @throws IllegalArgumentException if the name or value is not allowed
         */
        public Builder add(String name, String value) {
            fields.add(new Field(name, value));
            return this;
        }

        /**
         * Appends every line of {@code other}.
         *
         * @param other the lines to append, in order
         * @return this builder, for chaining
         */
        public Builder addAll(HttpFields other) {
            fields.addAll(other.all());
            return this;
        }

        /**
         * The number of lines collected so far.
         *
         * @return the line count, 0 or more
         */
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
