package dev.wslab.chat.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Chapter 9's resume walkthrough is what running it gives today. */
class ResumeTranscriptTest {

    private static final Path CHAPTER = Path.of("..", "docs", "09-sessions.md");

    @Test
    void theChaptersWalkthroughIsFresh() throws Exception {
        String document = Files.readString(CHAPTER, StandardCharsets.UTF_8);
        String refreshed = ResumeTranscript.refresh(document);
        assertThat(refreshed)
                .as("docs/09-sessions.md's resume walkthrough is stale: run ./wslab docs and review the diff")
                .isEqualTo(document);
        assertThat(refreshed).contains("\"type\":\"resumed\"").contains("\"duplicate\":true")
                .contains("\"replayed\":2");
    }
}
