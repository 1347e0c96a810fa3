package dev.wslab.chat.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Chapter 6's table of the chat server's limits is the one the code's defaults give. */
class LimitsTableTest {

    private static final Path CHAPTER = Path.of("..", "docs", "06-security.md");

    @Test
    void theDocsTableMatchesTheDefaults() throws Exception {
        String document = Files.readString(CHAPTER, StandardCharsets.UTF_8);
        assertThat(LimitsTable.refresh(document))
                .as("docs/06-security.md's chat limits table is stale: run ./wslab docs and review the diff")
                .isEqualTo(document);
    }

    @Test
    void everyDefaultAppearsInTheTable() {
        String table = LimitsTable.markdown();
        ChatLimits d = ChatLimits.DEFAULTS;
        assertThat(table).contains("`" + d.loginPerAddress() + "`").contains("`" + d.messageRate() + "`")
                .contains("| " + d.maxSessionsPerUser() + " |").contains(d.maxBodyBytes() + " bytes")
                .contains(d.requestParseTimeout().toSeconds() + " s");
    }

    @Test
    void ratesReadBackFromTheirCommandLineForm() {
        assertThat(RateLimit.parse(ChatLimits.DEFAULT_LOGIN_PER_ADDRESS.toString())).isEqualTo(ChatLimits.DEFAULT_LOGIN_PER_ADDRESS);
        assertThat(RateLimit.parse("5/250ms").toString()).isEqualTo("5/250ms");
    }
}
