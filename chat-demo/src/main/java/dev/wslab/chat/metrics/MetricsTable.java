package dev.wslab.chat.metrics;

import dev.wslab.chat.docs.GeneratedBlock;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ChatServerConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table of every series {@code GET /metrics} serves, generated from what a server's registry really
 * exposes (a server is built, not started, and its exposition parsed): name, type, labels, and the
 * meter's description. {@code ./wslab docs} writes it into the chat-demo README between {@value #BEGIN}
 * and {@value #END}; {@code MetricsTableTest} fails when the README's copy is stale.
 */
public final class MetricsTable {

    public static final String BEGIN = "<!-- metrics:begin (generated from the code by ./wslab docs) -->";
    public static final String END = "<!-- metrics:end -->";

    private MetricsTable() {}

    /** One series family as the exposition shows it. */
    record Series(String type, TreeSet<String> labels, String help) {}

    /** The exposition's series by sample name ({@code _total} for counters), with their type, label names and help. */
    static Map<String, Series> parse(String exposition) {
        Map<String, Series> out = new TreeMap<>();
        String help = "";
        String type = "";
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                help = space < 0 ? "" : rest.substring(space + 1);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                type = parts[1];
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                int end = brace >= 0 && brace < space ? brace : space;
                String name = line.substring(0, end);
                Series series = out.computeIfAbsent(name, n -> new Series("", new TreeSet<>(), ""));
                TreeSet<String> labels = series.labels();
                if (brace >= 0 && brace < space) {
                    String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                    for (String pair : inside.split(",(?=[a-zA-Z_]+=\")")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            labels.add(pair.substring(0, eq));
                        }
                    }
                }
                out.put(name, new Series(type, labels, help));
            }
        }
        return out;
    }

    /** The exposition of a default server, built and not started. */
    static String markdownSource() {
        try (ChatServer server = new ChatServer(ChatServerConfig.builder().port(0).build())) {
            return server.context().ops().metrics().scrape();
        }
    }

    /** The Markdown table of what a default server exposes. */
    public static String markdown() {
        String exposition = markdownSource();
        StringBuilder out = new StringBuilder("| series | type | labels | meaning |\n|---|---|---|---|\n");
        parse(exposition).forEach((name, series) -> out.append("| `").append(name).append("` | ").append(series.type())
                .append(" | ").append(series.labels().isEmpty() ? "" : "`" + String.join("`, `", series.labels()) + "`")
                .append(" | ").append(series.help().replace("|", "\\|")).append(" |\n"));
        return out.toString();
    }

    /**
     * {@code document} with the text between the markers replaced by the current table.
     *
     * @throws IllegalArgumentException if a marker is missing
     */
    public static String refresh(String document) {
        return GeneratedBlock.replace(document, BEGIN, END, markdown());
    }

    /** Rewrites the table in the given documents ({@code ./wslab docs} runs it on the chat-demo README). */
    public static void main(String[] args) throws Exception {
        GeneratedBlock.rewrite(args, "the metrics table", MetricsTable::refresh);
    }
}
