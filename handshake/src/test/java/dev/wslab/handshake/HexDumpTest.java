package dev.wslab.handshake;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HexDumpTest {

    private static String visible(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return HexDump.visibleLines(bytes, "");
    }

    @Test
    void wellFormedUtf8InABodyIsShownAsTheCharacterItEncodes() {
        byte[] body = "(RFC 6455 §4.2.1, 3 €, 😀)\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(HexDump.visibleLines(body, "  ")).isEqualTo("  (RFC 6455 §4.2.1, 3 €, 😀)\\r\\n\n");
    }

    @Test
    void controlBytesStayEscaped() {
        assertThat(visible('a', 0x00, 0x1B, 0x7F, 'b')).isEqualTo("a\\x00\\x1b\\x7fb\n");
    }

    @Test
    void c1ControlsEncodedAsUtf8StayEscapedByteByByte() {
        // U+0085 (NEL) is a control character even though C2 85 is well-formed UTF-8.
        assertThat(visible(0xC2, 0x85)).isEqualTo("\\xc2\\x85\n");
    }

    @Test
    void malformedUtf8StaysEscapedByteByByte() {
        assertThat(visible(0xC2)).as("truncated").isEqualTo("\\xc2\n");
        assertThat(visible(0xC0, 0xAF)).as("overlong").isEqualTo("\\xc0\\xaf\n");
        assertThat(visible(0xED, 0xA0, 0x80)).as("surrogate").isEqualTo("\\xed\\xa0\\x80\n");
        assertThat(visible(0xA7, 'x')).as("lone continuation").isEqualTo("\\xa7x\n");
    }
}
