package dev.wslab.framing.utf8;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Utf8LengthTest {

    @Test
    void countsOneToFourBytesPerCodePoint() {
        assertThat(Utf8Length.of("")).isZero();
        assertThat(Utf8Length.of("hello")).isEqualTo(5);
        assertThat(Utf8Length.of("é")).isEqualTo(2);
        assertThat(Utf8Length.of("€")).isEqualTo(3);
        assertThat(Utf8Length.of("😀")).as("a surrogate pair").isEqualTo(4);
        assertThat(Utf8Length.of("\uD83D")).as("a lone surrogate becomes '?'").isEqualTo(1);
    }

    /** Exactly the length of what the connection will send, for any string, broken surrogates included. */
    @Property(tries = 1000)
    void equalsTheLengthOfTheJdkEncoding(@ForAll("anyChars") String text) {
        assertThat(Utf8Length.of(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Provide
    Arbitrary<String> anyChars() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().ascii(),
                Arbitraries.chars().range('\u0080', '\u07FF'),
                Arbitraries.chars().range('\u0800', '\uFFFF'), // includes lone surrogates
                Arbitraries.chars().range('\uD800', '\uDFFF'));
        return chars.list().ofMaxSize(40).map(list -> {
            StringBuilder out = new StringBuilder();
            list.forEach(out::append);
            return out.toString();
        });
    }

    @org.junit.jupiter.api.Test
    void truncateKeepsWholeCharacters() {
        assertThat(Utf8Length.truncate("aé€😀", 1)).isEqualTo("a");
        assertThat(Utf8Length.truncate("aé€😀", 2)).isEqualTo("a");
        assertThat(Utf8Length.truncate("aé€😀", 6)).isEqualTo("aé€");
        assertThat(Utf8Length.truncate("aé€😀", 10)).isEqualTo("aé€😀");
        assertThat(Utf8Length.truncate("a\uD83Db", 10)).as("a lone surrogate has no UTF-8 form").isEqualTo("a");
    }
}
