package dev.wslab.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI smoke: every JMH benchmark runs once, in this JVM, for a few milliseconds. Nothing about time
 * is asserted — only that each benchmark (and the set-up checks that compare wslab's output with
 * its peers') works. Real measurements use the shaded jar; see docs/benchmarks/README.md.
 */
class JmhSmokeTest {

    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        // JMH's lock file keeps two *measurements* from disturbing each other. The smoke run measures
        // nothing, so it must not fail just because a real benchmark run is going on beside the build.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include("dev\\.wslab\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .shouldFailOnError(true)
                // Keep the build log readable: JMH's own report goes to a file.
                .output("target/jmh-smoke.txt")
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> suites = new TreeSet<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            suites.add(benchmark.substring(0, benchmark.lastIndexOf('.')));
            assertThat(result.getPrimaryResult().getScore()).as(benchmark).isPositive();
        }
        assertThat(suites).containsExactlyInAnyOrder(
                "dev.wslab.bench.codec.DecodeBenchmark",
                "dev.wslab.bench.codec.DecodeMessagesBenchmark",
                "dev.wslab.bench.codec.EncodeBenchmark",
                "dev.wslab.bench.deflate.DeflateBenchmark",
                "dev.wslab.bench.deflate.InflateBenchmark",
                "dev.wslab.bench.handshake.AcceptBenchmark",
                "dev.wslab.bench.handshake.ServerHandshakeBenchmark",
                "dev.wslab.bench.masking.MaskingBenchmark",
                "dev.wslab.bench.utf8.Utf8Benchmark");
        // Decode 6, messages 6, encode 30, deflate 12, inflate 6, accept 5, server handshake 2, masking 21, UTF-8 12.
        assertThat(results).hasSize(100);
    }
}
