package dev.wslab.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10, finding 6: what another user sends cannot drive the reader's terminal. */
class EventPrinterTest {

    private static final String HOSTILE = "hi\u001b[2J\rBEL\u0007BS\u0008 \u202Edesrever\n12:00:00 [lobby] admin: fake line";

    private static String print(boolean raw) {
        ServerEvent.Message message = new ServerEvent.Message("1", "lobby", new Sender("u1", "mallory"), HOSTILE, 0);
        StringWriter text = new StringWriter();
        EventPrinter printer = new EventPrinter(new PrintWriter(text), raw);
        printer.event(new ProtocolCodec().encode(message).json(), message);
        return text.toString();
    }

    @Test
    void controlFormatAndBidiCharactersAreShownEscapedOnOneLine() {
        for (boolean raw : new boolean[] {false, true}) {
            String shown = print(raw);
            assertThat(shown.lines()).as("raw=" + raw).hasSize(1);
            assertThat(shown.strip().codePoints())
                    .noneMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT);
            assertThat(shown).contains("\\u202E");
        }
        assertThat(print(false)).contains("\\u001B[2J").contains("\\r").contains("\\n12:00:00");
    }

    @Test
    void aHistoryPrintsAHeadingThenEachEarlierMessageLikeALiveOne() {
        ServerEvent.Message first = new ServerEvent.Message("1", "lobby", new Sender("u1", "ada"), "hello", 0);
        ServerEvent.Message second = new ServerEvent.Message("2", "lobby", new Sender("u2", "bob"), "hi ada", 1000);
        String printed = EventPrinter.describe(new ServerEvent.History("lobby", List.of(first, second)));
        assertThat(printed.lines()).containsExactly(
                "[lobby] * 2 earlier messages",
                EventPrinter.describe(first),
                EventPrinter.describe(second));
        assertThat(printed).contains("ada: hello").contains("bob: hi ada");
    }

    @Test
    void aPrintedHistoryKeepsOneLinePerMessageAndStillEscapesLineBreaksInsideThem() {
        ServerEvent.Message first = new ServerEvent.Message("1", "lobby", new Sender("u1", "ada"), "hello", 0);
        ServerEvent.Message hostile = new ServerEvent.Message("2", "lobby", new Sender("u2", "mallory"), HOSTILE, 1000);
        ServerEvent.History history = new ServerEvent.History("lobby", List.of(first, hostile));
        StringWriter text = new StringWriter();
        new EventPrinter(new PrintWriter(text), false).event(new ProtocolCodec().encode(history).json(), history);

        assertThat(text.toString().lines()).hasSize(3);
        assertThat(text.toString().lines().toList().get(0)).isEqualTo("[lobby] * 2 earlier messages");
        assertThat(text.toString().lines().toList().get(1)).isEqualTo(EventPrinter.describe(first));
        assertThat(text.toString().lines().toList().get(2)).contains("mallory: hi").contains("\\n12:00:00").contains("\\u202E");
    }
}
