package dev.wslab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH's JSON result file ({@code -rf json -rff results.json}) into Markdown ratio tables.
 *
 * <p>Every row's median iteration time is divided by the median of a baseline measured in the same
 * run with the same parameters: for
 * masking the baseline is {@code System.arraycopy} of the same size (the memory-speed ceiling), for
 * the codec it is Netty, for the accept computation a reused JDK {@code MessageDigest}, for UTF-8
 * the JDK's {@code CharsetDecoder}. All suites measure average time per operation, so a ratio of
 * 2.0 means "twice the baseline's time"; for the codec the table also shows wslab's speed relative
 * to each peer (peer time / wslab time: ≥ 1.0 means wslab is at least as fast).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.wslab.bench.report.RatioTable results.json [out.md]}
 */
public final class RatioTable {

    /** Benchmark class (simple name) to the method every other method of that class is divided by. */
    static final Map<String, String> BASELINES = Map.of(
            "MaskingBenchmark", "arraycopy",
            "AcceptBenchmark", "jdkDigestReused",
            "ServerHandshakeBenchmark", "netty",
            "Utf8Benchmark", "jdkCharsetDecoder",
            "DecodeBenchmark", "netty",
            "DecodeMessagesBenchmark", "netty",
            "EncodeBenchmark", "netty");

    /**
     * One JMH result: which benchmark, with which parameters, the median of its measured iterations
     * (what the ratios use), and JMH's own mean score and error.
     */
    record Row(String benchmarkClass, String method, String params, double median, double score, double error,
               String unit) {
    }

    private RatioTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RatioTable <jmh-results.json> [out.md]");
            System.exit(2);
        }
        String markdown = toMarkdown(read(Path.of(args[0])));
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), markdown, StandardCharsets.UTF_8);
        } else {
            System.out.print(markdown);
        }
    }

    /** Reads the rows of a JMH JSON result file. */
    public static List<Row> read(Path jmhJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(jmhJson.toFile());
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : root) {
            String benchmark = result.path("benchmark").asText();
            int lastDot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
            String method = benchmark.substring(lastDot + 1);
            Map<String, String> params = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = result.path("params").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                params.put(field.getKey(), field.getValue().asText());
            }
            JsonNode metric = result.path("primaryMetric");
            double error = metric.path("scoreError").asDouble(Double.NaN);
            double score = metric.path("score").asDouble();
            rows.add(new Row(className, method, formatParams(params), median(metric.path("rawData"), score), score,
                    error, metric.path("scoreUnit").asText()));
        }
        return rows;
    }

    /**
     * The median of every measured iteration of every fork. On a shared machine one iteration in a
     * few is sometimes slowed many times over by other processes; the mean (JMH's score) follows it,
     * the median does not.
     */
    static double median(JsonNode rawData, double fallback) {
        List<Double> samples = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode iteration : fork) {
                samples.add(iteration.asDouble());
            }
        }
        if (samples.isEmpty()) {
            return fallback;
        }
        samples.sort(Double::compare);
        int n = samples.size();
        return n % 2 == 1 ? samples.get(n / 2) : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
    }

    /** The ratio tables, one per benchmark class, in the order the classes first appear. */
    public static String toMarkdown(List<Row> rows) {
        Map<String, List<Row>> byClass = new LinkedHashMap<>();
        for (Row row : rows) {
            byClass.computeIfAbsent(row.benchmarkClass(), k -> new ArrayList<>()).add(row);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Row>> entry : byClass.entrySet()) {
            String baseline = BASELINES.get(entry.getKey());
            out.append("### ").append(entry.getKey());
            if (baseline != null) {
                out.append(" (baseline: `").append(baseline).append("`)");
            }
            out.append("\n\n| benchmark | params | median | mean ± error | unit | × baseline time |")
                    .append(" baseline time / this |\n|---|---|---:|---:|---|---:|---:|\n");
            for (Row row : entry.getValue()) {
                Double base = baseline == null ? null : baselineScore(entry.getValue(), baseline, row.params());
                out.append("| ").append(row.method())
                        .append(" | ").append(row.params().isEmpty() ? "—" : row.params())
                        .append(" | ").append(number(row.median()))
                        .append(" | ").append(number(row.score()))
                        .append(Double.isNaN(row.error()) ? "" : " ± " + number(row.error()))
                        .append(" | ").append(row.unit())
                        .append(" | ").append(base == null ? "—" : ratio(row.median() / base))
                        .append(" | ").append(base == null ? "—" : ratio(base / row.median()))
                        .append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The baseline's median with the same parameters as a row, or null if it was not measured. */
    static Double baselineScore(List<Row> rows, String baselineMethod, String params) {
        for (Row row : rows) {
            if (row.method().equals(baselineMethod) && row.params().equals(params)) {
                return row.median();
            }
        }
        return null;
    }

    /** Looks up one result's median, for the headline figures of the results page. */
    public static Double score(List<Row> rows, String benchmarkClass, String method, String params) {
        for (Row row : rows) {
            if (row.benchmarkClass().equals(benchmarkClass) && row.method().equals(method)
                    && row.params().equals(params)) {
                return row.median();
            }
        }
        return null;
    }

    private static String formatParams(Map<String, String> params) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(param.getKey()).append('=').append(param.getValue());
        }
        return text.toString();
    }

    private static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }
}
