package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionHeaderParserTest {

    private static List<ExtensionOffer> parsed(String value) {
        ExtensionHeaderParser.Result r = ExtensionHeaderParser.parse(value);
        assertThat(r).isInstanceOf(ExtensionHeaderParser.Result.Parsed.class);
        return ((ExtensionHeaderParser.Result.Parsed) r).extensions();
    }

    @Test
    void reads_extensions_with_parameters_in_order() {
        assertThat(parsed("permessage-deflate; client_max_window_bits; server_max_window_bits=10, x-webkit"))
                .containsExactly(
                        ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits"),
                                ExtensionParameter.of("server_max_window_bits", "10")),
                        ExtensionOffer.of("x-webkit"));
    }

    @Test
    void unquotes_a_quoted_string_value_including_escapes() {
        assertThat(parsed("foo; bar=\"10\"; baz=\"a\\b\"")).containsExactly(ExtensionOffer.of("foo",
                ExtensionParameter.of("bar", "10"), ExtensionParameter.of("baz", "ab")));
    }

    @Test
    void allows_optional_whitespace_around_delimiters_and_skips_empty_elements() {
        assertThat(parsed(" , foo ;\tbar = 1 ,, baz ")).containsExactly(
                ExtensionOffer.of("foo", ExtensionParameter.of("bar", "1")), ExtensionOffer.of("baz"));
        assertThat(parsed("")).isEmpty();
    }

    @Test
    void reads_several_header_lines_as_one_list() {
        ExtensionHeaderParser.Result r = ExtensionHeaderParser.parse(List.of("a", "b; c=d"));
        assertThat(((ExtensionHeaderParser.Result.Parsed) r).extensions()).extracting(ExtensionOffer::name)
                .containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "foo;",                 // parameter name missing
            "foo; =1",              // parameter name missing
            "foo; bar=",            // value missing
            "foo; bar=\"10",        // unterminated quoted string
            "foo; bar=\"a b\"",     // quoted value that is not a token (RFC 6455 §9.1)
            "foo; bar=\"\"",        // empty quoted value is not a token
            "foo bar",              // two tokens without a delimiter
            "foo; bar=1 2",
            "fo/o",
            "\"foo\"",              // the extension name cannot be quoted
    })
    void reports_where_a_malformed_value_breaks_the_grammar(String value) {
        ExtensionHeaderParser.Result r = ExtensionHeaderParser.parse(value);
        assertThat(r).isInstanceOf(ExtensionHeaderParser.Result.Malformed.class);
        assertThat(((ExtensionHeaderParser.Result.Malformed) r).reason()).contains("at character");
    }

    @Test
    void round_trips_through_the_header_form() {
        List<ExtensionOffer> offers = parsed("permessage-deflate; client_max_window_bits=15; server_no_context_takeover, b");
        assertThat(parsed(ExtensionOffer.toHeaderValue(offers))).isEqualTo(offers);
    }

    @Test
    void values_refuse_what_the_grammar_cannot_carry() {
        assertThatThrownBy(() -> ExtensionOffer.of("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionParameter.of("p", "a,b")).isInstanceOf(IllegalArgumentException.class);
    }
}
