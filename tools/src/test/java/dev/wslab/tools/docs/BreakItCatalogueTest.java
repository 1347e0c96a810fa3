package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.framing.connection.Event;
import dev.wslab.handshake.HandshakeDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gallery shows what the real code does; these tests pin the answers a reader relies on. */
class BreakItCatalogueTest {

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(delimiter = '|', value = {
            "unmasked-client-frame             | 1002 | RFC 6455 §5.1",
            "masked-server-frame               | 1002 | RFC 6455 §5.1",
            "reserved-opcode                   | 1002 | RFC 6455 §5.2",
            "reserved-control-opcode           | 1002 | RFC 6455 §5.2",
            "rsv1-without-extension            | 1002 | RFC 6455 §5.2",
            "oversized-ping                    | 1002 | RFC 6455 §5.5",
            "fragmented-ping                   | 1002 | RFC 6455 §5.5",
            "continuation-without-start        | 1002 | RFC 6455 §5.4",
            "new-message-inside-fragmented-one | 1002 | RFC 6455 §5.4",
            "invalid-utf8-across-fragments     | 1007 | RFC 6455 §8.1",
            "overlong-utf8                     | 1007 | RFC 6455 §8.1",
            "close-code-1005-on-the-wire       | 1002 | RFC 6455 §7.4.1",
            "close-code-out-of-range           | 1002 | RFC 6455 §7.4.1",
            "close-one-byte-payload            | 1002 | RFC 6455 §5.5.1",
            "close-reason-invalid-utf8         | 1007 | RFC 6455 §5.5.1, §8.1",
            "message-too-big                   | 1009 | RFC 6455 §7.4.1, §10.4",
            "fragments-too-big                 | 1009 | RFC 6455 §7.4.1, §10.4",
            "length-top-bit-set                | 1002 | RFC 6455 §5.2",
            "non-minimal-length                | 1002 | RFC 6455 §5.2"})
    void a_bad_frame_fails_the_connection_with_the_right_code_and_section(String id, int code, String section) {
        BreakItRunner.FrameOutcome outcome = (BreakItRunner.FrameOutcome) BreakItRunner.run(byId(id));
        assertThat(outcome.violation()).as("violation").isPresent();
        assertThat(outcome.violation().get().code().code()).isEqualTo(code);
        assertThat(outcome.violation().get().rfcSection()).isEqualTo(section);
        assertThat(outcome.closeSent()).as("close frame sent").isPresent();
        assertThat(outcome.closeSent().get().code()).isEqualTo(code);
        // RFC 6455 §7.1.1: a server closes TCP at once; a client waits for the server (within the close timeout).
        boolean serverReceives = ((BreakItCase.FrameAttack) byId(id)).receiver() == dev.wslab.framing.Role.SERVER;
        assertThat(outcome.closesTransport()).isEqualTo(serverReceives);
    }

    @Test
    void the_contrast_case_is_accepted_and_delivers_the_text() {
        BreakItRunner.FrameOutcome outcome =
                (BreakItRunner.FrameOutcome) BreakItRunner.run(byId("utf8-split-across-fragments-valid"));
        assertThat(outcome.violation()).isEmpty();
        assertThat(outcome.eventsPerFrame().get(1)).containsExactly(new Event.Text("café"));
        assertThat(outcome.replies()).isEmpty();
        assertThat(outcome.closesTransport()).isFalse();
    }

    @Test
    void invalid_utf8_is_caught_at_the_second_fragment_not_at_the_end_of_the_message() {
        BreakItRunner.FrameOutcome outcome =
                (BreakItRunner.FrameOutcome) BreakItRunner.run(byId("invalid-utf8-across-fragments"));
        assertThat(outcome.eventsPerFrame().get(0)).isEmpty();
        assertThat(outcome.eventsPerFrame().get(1)).first().isInstanceOf(Event.Violation.class);
        assertThat(outcome.eventsPerFrame().get(2)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "post-instead-of-get        | 405 | RFC 6455 §4.2.1 item 1",
            "http-1-0                   | 400 | RFC 6455 §4.2.1 item 1",
            "missing-host               | 400 | RFC 6455 §4.2.1 item 2",
            "missing-upgrade            | 400 | RFC 6455 §4.2.1 item 3",
            "connection-without-upgrade | 400 | RFC 6455 §4.2.1 item 4",
            "bad-key                    | 400 | RFC 6455 §4.2.1 item 5",
            "duplicate-key              | 400 | RFC 6455 §4.2.1 item 5",
            "wrong-version              | 426 | RFC 6455 §4.2.1 item 6",
            "refused-origin             | 403 | RFC 6455 §4.2.2 step 4, §10.2",
            "seed-cross-port            | 403 | RFC 6455 §4.2.2 step 4, §10.2",
            "header-flood               | 431 | RFC 6585 §5",
            "header-line-too-long       | 431 | RFC 6585 §5",
            "bare-lf-line-endings       | 400 | RFC 9112 §2.2",
            "obsolete-line-folding      | 400 | RFC 9112 §5.2"})
    void a_bad_handshake_is_refused_with_the_right_status_and_section(String id, int status, String section) {
        BreakItRunner.HandshakeOutcome outcome = (BreakItRunner.HandshakeOutcome) BreakItRunner.run(byId(id));
        assertThat(outcome.decision()).isInstanceOf(HandshakeDecision.Rejected.class);
        HandshakeDecision.Rejected rejected = (HandshakeDecision.Rejected) outcome.decision();
        assertThat(rejected.status()).isEqualTo(status);
        assertThat(rejected.rfcSection()).isEqualTo(section);
        assertThat(new String(rejected.toResponseBytes(), StandardCharsets.UTF_8))
                .startsWith("HTTP/1.1 " + status + " ").contains("Connection: close");
    }

    @Test
    void the_wrong_version_answer_names_the_version_the_server_speaks() {
        HandshakeDecision d = ((BreakItRunner.HandshakeOutcome) BreakItRunner.run(byId("wrong-version"))).decision();
        assertThat(d.headers().first("Sec-WebSocket-Version")).contains("13");
    }

    @Test
    void every_case_is_shown_once_in_the_gallery_page_under_its_own_anchor() throws IOException {
        Path page = DocsGenerator.findRoot(Path.of("")).resolve("docs/break-it.md");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        Map<String, Long> markers = count(text, Pattern.compile("<!-- wslab:break-it ([a-z0-9-]+) -->"));
        for (BreakItCase c : BreakItCatalogue.all()) {
            assertThat(markers.getOrDefault(c.id(), 0L)).as("markers for %s in break-it.md", c.id()).isEqualTo(1L);
            assertThat(text).as("anchor for %s", c.id()).contains("<a id=\"" + c.id() + "\"></a>");
        }
        assertThat(markers.keySet()).allSatisfy(id -> assertThat(BreakItCatalogue.byId(id)).isPresent());
    }

    @Test
    void the_transcripts_do_not_depend_on_random_masking_keys() {
        for (BreakItCase c : BreakItCatalogue.all()) {
            assertThat(BreakItRenderer.render(c)).as(c.id()).isEqualTo(BreakItRenderer.render(c));
        }
    }

    private static Map<String, Long> count(String text, Pattern pattern) {
        Map<String, Long> counts = new java.util.HashMap<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            counts.merge(m.group(1), 1L, Long::sum);
        }
        return counts;
    }

    private static BreakItCase byId(String id) {
        return BreakItCatalogue.byId(id).orElseThrow(() -> new AssertionError("no case " + id));
    }
}
