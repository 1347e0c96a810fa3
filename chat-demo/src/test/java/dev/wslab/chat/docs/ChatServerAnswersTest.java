package dev.wslab.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The gallery's table of what the chat server itself answers is the one a real run gives today. */
class ChatServerAnswersTest {

    private static final Path GALLERY = Path.of("..", "docs", "break-it.md");

    @Test
    void theGallerysTableMatchesARealRun() throws Exception {
        String document = Files.readString(GALLERY, StandardCharsets.UTF_8);
        String fresh = ChatServerAnswers.refresh(document);
        assertThat(fresh)
                .as("docs/break-it.md's table of the chat server's answers is stale: run ./wslab docs and review the diff")
                .isEqualTo(document);
    }

    @Test
    void theSeedsCrossPortRequestIsRefusedByTheChatServerWith403() {
        String table = ChatServerAnswers.markdown();
        String seedRow = table.lines().filter(l -> l.startsWith("| the seed's own request")).findFirst().orElseThrow();
        assertThat(seedRow).contains("**403 Forbidden**");
        String rfcRow = table.lines().filter(l -> l.startsWith("| the RFC 6455 §1.2 request, unchanged")).findFirst().orElseThrow();
        assertThat(rfcRow).as("only the token stops the RFC's request").contains("**401 Unauthorized**");
    }
}
