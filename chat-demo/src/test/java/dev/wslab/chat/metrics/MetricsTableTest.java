package dev.wslab.chat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chat-demo README's metrics table is the one the code generates ({@code ./wslab docs} refreshes it). */
class MetricsTableTest {

    @Test
    void theReadmeListsEverySeriesTheServerExposes() throws Exception {
        Path readme = Path.of("README.md");
        String document = Files.readString(readme, StandardCharsets.UTF_8);
        assertThat(MetricsTable.refresh(document)).as("chat-demo/README.md's metrics table is stale: run ./wslab docs")
                .isEqualTo(document);
    }

    @Test
    void everySeriesIsNamedWslabAndDescribed() {
        assertThat(MetricsTable.parse(MetricsTable.markdownSource())).allSatisfy((name, series) -> {
            assertThat(name).startsWith("wslab_");
            assertThat(series.help()).as(name).isNotBlank();
        });
    }
}
