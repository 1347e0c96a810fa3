package dev.wslab.framing.utf8;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** The JDK's strict decoder: REPORT on malformed and unmappable input. */
    private static boolean jdkAccepts(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** True if {@code bytes} could be the beginning of a valid UTF-8 text, per the JDK's decoder. */
    private static boolean jdkAcceptsAsPrefix(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), CharBuffer.allocate(length + 2), false);
        return !result.isError();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "ascii, 48 65 6c 6c 6f",
            "two-byte e-acute, c3 a9",
            "three-byte euro, e2 82 ac",
            "four-byte emoji, f0 9f 98 80",
            "U+FFFF, ef bf bf",
            "U+10FFFF, f4 8f bf bf",
            "U+D7FF before the surrogates, ed 9f bf",
            "U+E000 after the surrogates, ee 80 80",
            "smallest 3-byte form U+0800, e0 a0 80",
            "smallest 4-byte form U+10000, f0 90 80 80",
            "empty, ''"
    })
    void acceptsValidUtf8(String name, String bytes) {
        assertThat(Utf8Validator.isValid(hex(bytes))).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1} fails at byte {2}")
    @CsvSource({
            "overlong 2-byte slash, c0 af, 0",
            "overlong 2-byte C1, c1 bf, 0",
            "overlong 3-byte, e0 80 af, 1",
            "overlong 4-byte, f0 80 80 af, 1",
            "surrogate U+D800, ed a0 80, 1",
            "surrogate U+DFFF, ed bf bf, 1",
            "above U+10FFFF, f4 90 80 80, 1",
            "F5 lead byte, f5 80 80 80, 0",
            "FF byte, ff, 0",
            "lone continuation, 80, 0",
            "missing continuation, c3 41, 1",
            "valid then invalid, 48 65 6c 6c 6f c0, 5",
            "text then bad in a long ascii run, 61 61 61 61 61 61 61 61 61 61 61 61 ff, 12"
    })
    void rejectsInvalidUtf8AtTheFirstImpossibleByte(String name, String bytes, long position) {
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(hex(bytes))).isFalse();
        assertThat(validator.failurePosition()).isEqualTo(position);
        assertThat(Utf8Validator.isValid(hex(bytes))).isFalse();
    }

    @Test
    void truncatedSequenceIsNotAtACharacterBoundaryButNotFailedEither() {
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(hex("e2 82"))).isTrue();
        assertThat(validator.isFailed()).isFalse();
        assertThat(validator.isAtCharacterBoundary()).isFalse();
        assertThat(validator.feed(hex("ac"))).isTrue();
        assertThat(validator.isAtCharacterBoundary()).isTrue();
    }

    @Test
    void failsFastInTheMiddleOfAStreamAndCountsPositionsAcrossPieces() {
        Utf8Validator validator = new Utf8Validator();
        byte[] first = "κόσμε".getBytes(StandardCharsets.UTF_8);
        assertThat(validator.feed(first)).isTrue();
        assertThat(validator.feed(hex("ce ba e1 bd b9 ce c3"))).isFalse();
        assertThat(validator.failurePosition()).isEqualTo(first.length + 6);
        assertThat(validator.feed(hex("41"))).as("stays failed").isFalse();
        validator.reset();
        assertThat(validator.feed(hex("41"))).isTrue();
    }

    @Test
    void directBuffersAreValidatedWithoutMovingThePosition() {
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(hex("41 e2 82 ac")).flip();
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(direct)).isTrue();
        assertThat(direct.position()).isZero();
        assertThat(validator.isAtCharacterBoundary()).isTrue();
        ByteBuffer bad = ByteBuffer.allocateDirect(2).put(hex("41 ff")).flip();
        assertThat(new Utf8Validator().feed(bad)).isFalse();
    }

    @Property
    void agreesWithTheJdkDecoderOnRandomBytes(@ForAll("utf8ish") byte[] bytes) {
        assertThat(Utf8Validator.isValid(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    @Property
    void agreesWithTheJdkDecoderAtEverySplitPoint(@ForAll("utf8ish") byte[] bytes) {
        boolean expected = jdkAccepts(bytes);
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator validator = new Utf8Validator();
            boolean ok = validator.feed(bytes, 0, split) && validator.feed(bytes, split, bytes.length - split)
                    && validator.isAtCharacterBoundary();
            assertThat(ok).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Property
    void failurePositionIsTheFirstByteNoValidTextCanContinueWith(@ForAll("utf8ish") byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        if (validator.feed(bytes)) {
            assertThat(jdkAcceptsAsPrefix(bytes, bytes.length)).isTrue();
            return;
        }
        int position = (int) validator.failurePosition();
        assertThat(jdkAcceptsAsPrefix(bytes, position)).as("everything before the failure is a valid prefix").isTrue();
        // The JDK's decoder is not fail-fast everywhere (it sees a surrogate only once all 3 bytes are there),
        // so "no valid text starts like this" is checked by trying every completion of up to 3 bytes drawn
        // from one representative of each continuation-byte class the UTF-8 rules distinguish.
        byte[] prefix = java.util.Arrays.copyOf(bytes, position + 1);
        for (byte[] completion : COMPLETIONS) {
            byte[] candidate = java.util.Arrays.copyOf(prefix, prefix.length + completion.length);
            System.arraycopy(completion, 0, candidate, prefix.length, completion.length);
            assertThat(jdkAccepts(candidate)).as("%s can never become valid", HexFormat.of().formatHex(prefix)).isFalse();
        }
    }

    private static final java.util.List<byte[]> COMPLETIONS = completions();

    private static java.util.List<byte[]> completions() {
        byte[] classes = {(byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf};
        java.util.List<byte[]> all = new java.util.ArrayList<>();
        all.add(new byte[0]);
        for (byte a : classes) {
            all.add(new byte[] {a});
            for (byte b : classes) {
                all.add(new byte[] {a, b});
                for (byte c : classes) {
                    all.add(new byte[] {a, b, c});
                }
            }
        }
        return all;
    }

    @Property
    void validTextAlwaysPasses(@ForAll String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Validator.isValid(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    /** Mostly interesting bytes: lead bytes, continuation bytes, the edges of the special ranges, ASCII. */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) 0x41, (byte) 0x7f, (byte) 0x80, (byte) 0x8f, (byte) 0x90,
                (byte) 0x9f, (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0,
                (byte) 0xe1, (byte) 0xec, (byte) 0xed, (byte) 0xee, (byte) 0xef, (byte) 0xf0, (byte) 0xf1, (byte) 0xf3,
                (byte) 0xf4, (byte) 0xf5, (byte) 0xff);
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> oneByte = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, interesting), net.jqwik.api.Tuple.of(1, any));
        Arbitrary<byte[]> valid = Arbitraries.strings().ofMaxLength(12).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = oneByte.array(byte[].class).ofMaxSize(24);
        return Arbitraries.oneOf(random, random, valid);
    }
}
