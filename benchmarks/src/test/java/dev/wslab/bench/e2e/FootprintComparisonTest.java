package dev.wslab.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU comparison's verdicts come from the measured medians (issue 19: messages per server CPU-second
 * not lower than before), and its block survives TransportRunner rewriting the rest of footprint.md.
 */
class FootprintComparisonTest {

    private static final FootprintComparison.Variant BEFORE =
            new FootprintComparison.Variant(FootprintComparison.BEFORE, Path.of("old.jar"), List.of(), false, false);
    private static final FootprintComparison.Variant SHIPPED =
            new FootprintComparison.Variant(FootprintComparison.SHIPPED, Path.of("wslab-chat.jar"), List.of("-Xmx96m"), true, true);

    private static FootprintComparison.Measurement measured(FootprintComparison.Variant variant, int round,
                                                            CellSpec.Mode mode, double cpuMicrosPerDelivered) {
        CellSpec spec = new CellSpec(Transport.WSLAB_WEBSOCKET, 128, 10, 1, mode, mode == CellSpec.Mode.FIXED_RATE ? 100 : 0,
                mode == CellSpec.Mode.FIXED_RATE ? 0 : 4, 1, 1);
        CellResult result = new CellResult(spec, 10, 100, 100, 1, 100, new CellResult.Latency(100, 200, 300, 400, 900, 100),
                0, 0, 0, cpuMicrosPerDelivered, 0, Double.NaN, List.of(new CellResult.Check("ok", true, "")));
        return new FootprintComparison.Measurement(variant, round,
                result, new Footprint.Sample(spec.label(), "wslab", 100L << 20, 120L << 20, 9L << 20, 0, 20));
    }

    @Test
    void verdictsFollowTheMediansOfTheRounds() {
        List<FootprintComparison.Measurement> ms = new ArrayList<>();
        // Fixed rate: before 100, 200, 300 µs per delivery (median 5,000/s); shipped 150, 160, 900 (median 6,250/s).
        double[] before = {100, 200, 300};
        double[] shipped = {150, 160, 900};
        // Saturation: before 10 µs (100,000/s); shipped 12.5 µs (80,000/s), lower.
        for (int round = 1; round <= 3; round++) {
            ms.add(measured(BEFORE, round, CellSpec.Mode.FIXED_RATE, before[round - 1]));
            ms.add(measured(SHIPPED, round, CellSpec.Mode.FIXED_RATE, shipped[round - 1]));
            ms.add(measured(BEFORE, round, CellSpec.Mode.SATURATION, 10));
            ms.add(measured(SHIPPED, round, CellSpec.Mode.SATURATION, 12.5));
        }
        String table = FootprintComparison.markdown(List.of(BEFORE, SHIPPED), ms, 3, "test", Instant.EPOCH, "1", "2");

        assertThat(table).contains("| wslab-ws 128B 10c/1r 100/s | shipped | 6,250 [1,111–6,667] |");
        assertThat(table).contains("| RSS MB | peak RSS MB so far | checks |")
                .contains("| 100.0 [100.0–100.0] | 120.0 [120.0–120.0] | pass |");
        assertThat(table).contains("10c/1r 100/s, not lower than before | 5,000 | 6,250 | 1.25× | **met** |");
        assertThat(table).contains("10c/1r saturation×4, not lower than before | 100,000 | 80,000 | 0.80× | **missed** (20% lower) |");
    }

    @Test
    void theBlockIsReplacedInPlaceAndKeptByTheRunner() {
        String page = "# Footprint\n\ntext\n";
        String once = FootprintComparison.withBlock(page, "table one\n");
        assertThat(once).startsWith(page).contains(FootprintComparison.BEGIN + "\ntable one\n" + FootprintComparison.END);
        String twice = FootprintComparison.withBlock(once, "table two\n");
        assertThat(twice).doesNotContain("table one").contains("table two").startsWith(page);
        assertThat(FootprintComparison.block(twice)).isEqualTo(FootprintComparison.BEGIN + "\ntable two\n" + FootprintComparison.END + "\n");
        assertThat(FootprintComparison.block(page)).isEmpty();
    }

    /** A variant's two-dash options (and their values) go to the chat, the rest to the JVM after the shipped ones. */
    @Test
    void aVariantSplitsTheChatsOptionsFromTheJvms() {
        FootprintComparison.Variant v = FootprintComparison.Variant.parse(
                "io1=-Xmn8m --io-threads 1 -XX:+AlwaysPreTouch --history 0", Path.of("wslab-chat.jar"));

        assertThat(v.name()).isEqualTo("io1");
        assertThat(v.chatArgs()).containsExactly("--io-threads", "1", "--history", "0");
        assertThat(v.jvmOptions()).startsWith(Footprint.shippedJvm().toArray(String[]::new))
                .endsWith("-Xmn8m", "-XX:+AlwaysPreTouch");
        assertThat(v.describe()).contains("-jar wslab-chat.jar server … --io-threads 1 --history 0");
    }
}
