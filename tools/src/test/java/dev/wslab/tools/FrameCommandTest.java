package dev.wslab.tools;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class FrameCommandTest {

    private static ToolRun run(String... args) {
        return ToolRun.of(args);
    }

    private static String hexOf(String... args) {
        ToolRun r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().lines().findFirst().orElseThrow();
    }

    @Test
    void buildsTheRfcExamplesByteForByte() {
        assertThat(hexOf("frame", "--text", "Hello")).isEqualTo("81 05 48 65 6c 6c 6f");
        assertThat(hexOf("frame", "--text", "Hello", "--mask", "37fa213d")).isEqualTo("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        assertThat(hexOf("frame", "--no-fin", "--text", "Hel")).isEqualTo("01 03 48 65 6c");
        assertThat(hexOf("frame", "--opcode", "continuation", "--text", "lo")).isEqualTo("80 02 6c 6f");
        assertThat(hexOf("frame", "--opcode", "ping", "--text", "Hello")).isEqualTo("89 05 48 65 6c 6c 6f");
        assertThat(hexOf("frame", "--opcode", "pong", "--text", "Hello", "--mask", "0x37fa213d"))
                .isEqualTo("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
        assertThat(hexOf("frame", "--opcode", "binary", "--hex", "00".repeat(256))).startsWith("82 7e 01 00 00");
    }

    @Test
    void buildsCloseFramesWithACode() {
        assertThat(hexOf("frame", "--opcode", "close", "--close-code", "1000", "--text", "bye"))
                .isEqualTo("88 05 03 e8 62 79 65");
    }

    @Test
    void buildsBrokenFramesOnPurposeAndAnnotatesThem() {
        ToolRun r = run("frame", "--opcode", "3", "--rsv1", "--annotate");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("c3 00").contains(">>> VIOLATION in RSV1");
        assertThat(hexOf("frame", "--opcode", "binary", "--hex", "de ad", "--length-form", "64"))
                .isEqualTo("82 7f 00 00 00 00 00 00 00 02 de ad");
    }

    @Test
    void randomMaskIsFourFreshBytes() {
        String first = hexOf("frame", "--text", "x", "--mask-random");
        assertThat(first).startsWith("81 81 ");
        assertThat(first.split(" ")).hasSize(7);
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("frame", "--opcode", "16").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--opcode", "bogus").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--mask", "123").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--mask", "37fa213d", "--mask-random").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--text", "a", "--hex", "00").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--hex", "0g").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--hex", "00".repeat(126), "--length-form", "7").exitCode()).isEqualTo(2);
        assertThat(run("frame", "--close-code", "70000", "--opcode", "close").exitCode()).isEqualTo(2);
    }
}
