package dev.wslab.framing.explain;

import dev.wslab.framing.CloseCode;
import dev.wslab.framing.Hex;
import dev.wslab.framing.Role;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class FrameAnnotatorTest {

    private static FrameAnnotator.Annotation annotate(String hex) {
        return FrameAnnotator.forUnknownSender().annotate(Hex.bytes(hex));
    }

    @Test
    void explainsEveryFieldOfTheMaskedHelloExample() {
        FrameAnnotator.Annotation annotation = FrameAnnotator.forSender(Role.CLIENT)
                .annotate(Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(annotation.isValid()).isTrue();
        assertThat(annotation.frames()).isEqualTo(1);
        assertThat(annotation.text())
                .containsPattern("FIN +=\\s+1")
                .containsPattern("RSV1 +=\\s+0")
                .containsPattern("RSV3 +=\\s+0")
                .contains("TEXT (0x1)")
                .containsPattern("MASK +=\\s+1")
                .contains("payload length 5, 7-bit length")
                .contains("masking key     = 0x37fa213d")
                .contains("as sent (masked): 7f 9f 4d 51 58")
                .contains("unmasked:         \"Hello\"");
    }

    @Test
    void namesTheLengthFormOfEveryRfcExample() {
        String all = FrameAnnotator.annotateRfcExamples();
        assertThat(all).contains("=== RFC 6455 §5.7: A single-frame unmasked text message")
                .contains("extended length = 256        16-bit extended length (7-bit field = 126)")
                .contains("extended length = 65536      64-bit extended length (7-bit field = 127)")
                .contains("completes a TEXT message of 5 bytes (fragmented, RFC 6455 §5.4)")
                .doesNotContain("VIOLATION");
        for (FrameAnnotator.Example example : FrameAnnotator.rfcExamples()) {
            assertThat(FrameAnnotator.forSender(example.sender()).annotate(example.bytes()).isValid())
                    .as(example.title()).isTrue();
        }
    }

    @Test
    void pointsAtTheOffendingFieldWithItsRfcSection() {
        FrameAnnotator.Annotation annotation = annotate("c1 00");
        assertThat(annotation.violation()).hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("RSV1"));
        assertThat(annotation.text()).contains(">>> VIOLATION in RSV1").contains("RFC 6455 §5.2")
                .contains("1002 Protocol Error");
    }

    @Test
    void reportsNonMinimalLengths() {
        assertThat(annotate("82 7e 00 05 01 02 03 04 05").text())
                .contains(">>> VIOLATION in payload length").contains("shortest form");
    }

    @Test
    void appliesTheMaskRuleOnlyWhenTheSenderIsKnown() {
        assertThat(annotate("81 05 48 65 6c 6c 6f").isValid()).isTrue();
        assertThat(FrameAnnotator.forSender(Role.CLIENT).annotate(Hex.bytes("81 05 48 65 6c 6c 6f")).violation())
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("MASK"));
    }

    @Test
    void theMaskWordingDependsOnWhoSentTheFrame() {
        // RFC 6455 §5.1: a client masks every frame, a server none. An unmasked client frame must not be
        // explained as "frames from a server are never masked": the sender is not a server.
        assertThat(FrameAnnotator.forSender(Role.CLIENT).annotate(Hex.bytes("81 05 48 65 6c 6c 6f")).text())
                .contains("payload is not masked, but a client must mask every frame it sends (RFC 6455 §5.1)")
                .doesNotContain("server never masks");
        assertThat(FrameAnnotator.forSender(Role.SERVER).annotate(Hex.bytes("81 05 48 65 6c 6c 6f")).text())
                .contains("payload is not masked: a server never masks the frames it sends (RFC 6455 §5.1)");
        assertThat(FrameAnnotator.forSender(Role.SERVER).annotate(Hex.bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58")).text())
                .contains("payload is masked, but a server must not mask the frames it sends (RFC 6455 §5.1)");
        assertThat(annotate("81 05 48 65 6c 6c 6f").text())
                .contains("payload is not masked: right for a server's frame, wrong for a client's (RFC 6455 §5.1)");
    }

    @Test
    void explainsCloseFramesAndTheirViolations() {
        assertThat(annotate("88 05 03 e8 62 79 65").text()).contains("1000 Normal Closure, reason \"bye\"");
        assertThat(annotate("88 00").text()).contains("no status code (reported as 1005)");
        assertThat(annotate("88 01 03").violation()).hasValueSatisfying(v ->
                assertThat(v.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR));
        assertThat(annotate("88 02 03 ee").text()).contains("1006 Abnormal Closure");
        assertThat(annotate("88 03 03 e8 ff").violation()).hasValueSatisfying(v ->
                assertThat(v.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA));
    }

    @Test
    void followsMessagesAcrossFramesAndChecksTheirUtf8() {
        assertThat(annotate("01 01 e2 00 01 82 80 01 ac").text()).contains("completes a TEXT message of 3 bytes");
        assertThat(annotate("01 01 e2 80 01 41").violation()).hasValueSatisfying(v ->
                assertThat(v.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA));
        assertThat(annotate("80 01 41").text()).contains("no fragmented message was started");
        assertThat(annotate("01 01 41").text()).contains("message is not finished");
    }

    @Test
    void saysWhenTheBytesEndInsideAFrame() {
        FrameAnnotator.Annotation annotation = annotate("82 7e 01 00 00");
        assertThat(annotation.complete()).isFalse();
        assertThat(annotation.text()).contains("announced as 256 bytes, only 1 are present");
        // A claim beyond the receiver's limits is a verdict, as it would be for a wslab endpoint (RFC 6455 §10.4).
        assertThat(annotate("82 7f 40 00 00 00 00 00 00 00 01").violation()).hasValueSatisfying(v ->
                assertThat(v.closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG));
        assertThat(annotate("81").text()).contains("at least 2 bytes");
        assertThat(annotate("81 fe 00").text()).contains("this header is 8 bytes long");
    }

    @Test
    void showsBinaryPayloadsInHex() {
        assertThat(annotate("82 02 ff 00").text()).contains("ff 00 (not UTF-8)");
    }

    @Test
    void annotatesWhatTheEncoderWrites() {
        ByteBuffer wire = new dev.wslab.framing.codec.FrameEncoder(Role.CLIENT, dev.wslab.framing.codec.MaskingKeySource.fixed(0x01020304))
                .encodeFragments(dev.wslab.framing.Opcode.TEXT, true, "héllo wörld".getBytes(java.nio.charset.StandardCharsets.UTF_8), 4);
        FrameAnnotator.Annotation annotation = FrameAnnotator.forSender(Role.CLIENT).annotate(Hex.concat(wire));
        assertThat(annotation.isValid()).isTrue();
        assertThat(annotation.frames()).isEqualTo(4);
    }

    @Property(tries = 300)
    void neverThrowsOnAnyBytes(@ForAll @Size(max = 64) byte[] bytes) {
        assertThat(FrameAnnotator.forUnknownSender().annotate(bytes).text()).isNotEmpty();
        assertThat(FrameAnnotator.forSender(Role.SERVER).annotate(bytes).text()).isNotEmpty();
    }

    // ---- permessage-deflate (RFC 7692) ----

    private static FrameAnnotator deflate() {
        return FrameAnnotator.forSender(Role.SERVER).withPerMessageDeflate(false, false, 15, 15);
    }

    @Test
    void withDeflateRsv1MeansCompressedAndTheMessageIsShownInflated() {
        // RFC 7692 §7.2.3.1: "Hello" compressed, its 00 00 ff ff removed.
        FrameAnnotator.Annotation annotation = deflate().annotate(Hex.bytes("c1 07 f2 48 cd c9 c9 07 00"));
        assertThat(annotation.isValid()).isTrue();
        assertThat(annotation.text())
                .containsPattern("RSV1 +=\\s+1 +set: permessage-deflate, this message is compressed \\(RFC 7692 §6\\)")
                .contains("completes a TEXT message of 7 bytes on the wire, compressed")
                .contains("inflated (00 00 ff ff appended, RFC 7692 §7.2.2): 5 bytes")
                .contains("data: \"Hello\" (UTF-8 text)");
    }

    @Test
    void theAnnotationListsTheDeliveredMessagesInflated() {
        // A compressed "Hello", then an uncompressed "Hello" (RSV1 clear): the connection delivers both.
        FrameAnnotator.Annotation annotation = deflate().annotate(Hex.bytes("c1 07 f2 48 cd c9 c9 07 00 81 05 48 65 6c 6c 6f"));
        assertThat(annotation.messages()).hasSize(2);
        assertThat(annotation.messages().get(0).compressed()).isTrue();
        assertThat(new String(annotation.messages().get(0).payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("Hello");
        assertThat(annotation.messages().get(1).compressed()).isFalse();
        assertThat(annotation.messages().get(1).type()).isEqualTo(dev.wslab.framing.Opcode.TEXT);
    }

    @Test
    void withoutTheExtensionTheSameBytesAreAProtocolError() {
        FrameAnnotator.Annotation annotation = FrameAnnotator.forSender(Role.SERVER).annotate(Hex.bytes("c1 07 f2 48 cd c9 c9 07 00"));
        assertThat(annotation.violation()).get().extracting(v -> v.closeCode().code()).isEqualTo(1002);
    }

    @Test
    void contextTakeoverLetsTheRepeatTravelInFiveBytes() {
        // RFC 7692 §7.2.3.2: "Hello" twice on one context; the second is a back-reference.
        FrameAnnotator.Annotation annotation = deflate().annotate(Hex.bytes("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"));
        assertThat(annotation.isValid()).isTrue();
        assertThat(annotation.text()).contains("on the wire 5 bytes").containsSubsequence("\"Hello\"", "\"Hello\"");
    }

    @Test
    void rsv1OnAContinuationIsNamedWithItsSection() {
        // A compressed message in two frames, the second wrongly marked with RSV1 (RFC 7692 §6.1).
        FrameAnnotator.Annotation annotation = deflate().annotate(Hex.bytes("41 03 f2 48 cd c0 04 c9 c9 07 00"));
        assertThat(annotation.violation()).get().satisfies(v -> {
            assertThat(v.closeCode().code()).isEqualTo(1002);
            assertThat(v.rfcSection()).contains("RFC 7692 §6.1");
        });
    }

    @Test
    void aDecompressionBombStopsAt1009FromTheMessageLayer() {
        // 128 KiB of zeros in a 140-byte frame: more than the 64 KiB message limit once inflated.
        java.util.zip.Deflater zlib = new java.util.zip.Deflater(9, true);
        zlib.setInput(new byte[128 * 1024]);
        byte[] out = new byte[4096];
        int n = zlib.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH) - 4;
        zlib.end();
        byte[] frame = new byte[4 + n];
        frame[0] = (byte) 0xc2;
        frame[1] = 126;
        frame[2] = (byte) (n >> 8);
        frame[3] = (byte) n;
        System.arraycopy(out, 0, frame, 4, n);
        FrameAnnotator.Annotation annotation = deflate().annotate(frame);
        assertThat(annotation.violation()).get().extracting(v -> v.closeCode().code()).isEqualTo(1009);
        assertThat(annotation.text()).contains("Message Too Big");
    }
}
