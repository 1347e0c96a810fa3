package dev.wslab.framing.utf8;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast {@link Utf8Validator} (32-byte ASCII skip, shift automaton) gives exactly the verdicts of a slow,
 * obvious byte-at-a-time checker written from RFC 3629 §4: after every piece of every split, the same answer,
 * the same failure position, the same "complete character" state — with an error planted at every position.
 */
class Utf8ValidatorFastPathTest {

    /** The slow path: one byte at a time, the ranges of RFC 3629 §4 spelled out. */
    static final class SlowValidator {
        private int needed;      // continuation bytes still expected
        private int low = 0x80;  // the range the next continuation byte must be in
        private int high = 0xBF;
        private long position;
        private long failure = -1;

        boolean feed(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length && failure < 0; i++, position++) {
                int b = bytes[i] & 0xFF;
                if (needed == 0) {
                    if (b <= 0x7F) {
                        continue;
                    }
                    low = 0x80;
                    high = 0xBF;
                    if (b >= 0xC2 && b <= 0xDF) {
                        needed = 1;
                    } else if (b >= 0xE0 && b <= 0xEF) {
                        needed = 2;
                        low = b == 0xE0 ? 0xA0 : 0x80;
                        high = b == 0xED ? 0x9F : 0xBF;
                    } else if (b >= 0xF0 && b <= 0xF4) {
                        needed = 3;
                        low = b == 0xF0 ? 0x90 : 0x80;
                        high = b == 0xF4 ? 0x8F : 0xBF;
                    } else {
                        failure = position;
                    }
                } else if (b < low || b > high) {
                    failure = position;
                } else {
                    needed--;
                    low = 0x80;
                    high = 0xBF;
                }
            }
            return failure < 0;
        }

        boolean complete() {
            return failure < 0 && needed == 0;
        }
    }

    @Property(tries = 2000)
    void everySplitGivesTheSlowPathsVerdicts(@ForAll("texts") byte[] text, @ForAll long seed) {
        compareAtRandomSplits(text, new Random(seed));
    }

    @Property(tries = 200)
    void anErrorAtEveryPositionFailsWhereTheSlowPathFails(@ForAll("texts") byte[] text, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] bad = {(byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xE0, (byte) 0xED, (byte) 0xF4,
                (byte) 0xF5, (byte) 0xFF, 0x41};
        for (int position = 0; position < text.length; position++) {
            byte[] broken = text.clone();
            broken[position] = bad[random.nextInt(bad.length)];
            compareAtRandomSplits(broken, random);
        }
    }

    @Test
    void aLongAsciiRunWithOneBadByteFailsExactlyThereAtEveryAlignment() {
        for (int at = 0; at < 200; at++) {
            for (int offset = 0; offset < 9; offset++) {
                byte[] bytes = new byte[offset + 200];
                java.util.Arrays.fill(bytes, (byte) 'a');
                bytes[offset + at] = (byte) 0xFF;
                Utf8Validator fast = new Utf8Validator();
                assertThat(fast.feed(bytes, offset, 200)).isFalse();
                assertThat(fast.failurePosition()).isEqualTo(at);
            }
        }
    }

    private static void compareAtRandomSplits(byte[] text, Random random) {
        // The text sits at a random offset in a bigger array, so the 8-byte loads meet every alignment.
        int pad = random.nextInt(9);
        byte[] holder = new byte[pad + text.length + random.nextInt(9)];
        System.arraycopy(text, 0, holder, pad, text.length);
        Utf8Validator fast = new Utf8Validator();
        Utf8Validator direct = new Utf8Validator();
        SlowValidator slow = new SlowValidator();
        int done = 0;
        while (done < text.length) {
            int n = 1 + random.nextInt(text.length - done);
            boolean expected = slow.feed(holder, pad + done, n);
            assertThat(fast.feed(holder, pad + done, n)).isEqualTo(expected);
            ByteBuffer buffer = ByteBuffer.allocateDirect(n).put(holder, pad + done, n).flip();
            assertThat(direct.feed(buffer)).isEqualTo(expected);
            assertThat(fast.failurePosition()).isEqualTo(slow.failure);
            assertThat(direct.failurePosition()).isEqualTo(slow.failure);
            assertThat(fast.isAtCharacterBoundary()).isEqualTo(slow.complete());
            assertThat(direct.isAtCharacterBoundary()).isEqualTo(slow.complete());
            done += n;
        }
        assertThat(Utf8Validator.isValid(text)).isEqualTo(slow.complete());
    }

    /** Runs of ASCII (long enough for the 32-byte skip), characters of every length, and now and then noise. */
    @Provide
    Arbitrary<byte[]> texts() {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(90);
        Arbitrary<String> wide = Arbitraries.of("é", "ß", "Ω", "λ", "€", "漢", "字", "\uFFFD", "🙂", "𝄞", "\u0080", "\u07FF",
                "\u0800", "\uD7FF", "\uE000", "\uDBFF\uDFFF").list().ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(3);
        Arbitrary<byte[]> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, ascii.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(5, wide.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, noise));
        return piece.list().ofMaxSize(8).map(pieces -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pieces.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 50)
    void theSlowPathAgreesWithTheJdk(@ForAll("texts") byte[] text) {
        SlowValidator slow = new SlowValidator();
        slow.feed(text, 0, text.length);
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text));
            jdk = true;
        } catch (java.nio.charset.CharacterCodingException e) {
            jdk = false;
        }
        assertThat(slow.complete()).isEqualTo(jdk);
    }

}
