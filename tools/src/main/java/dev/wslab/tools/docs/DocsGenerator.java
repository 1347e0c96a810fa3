package dev.wslab.tools.docs;

import dev.wslab.tools.docs.examples.Examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fills the generated blocks of the walkthrough ({@code docs/*.md}) from the code itself, so the output a
 * student reads is the output the tools print today.
 *
 * <p>Directives, each written as {@code <!-- wslab:NAME args -->} on a line of its own and closed by
 * {@code <!-- wslab:end -->}:
 * <ul>
 *   <li>{@code run ARGS…}: run {@code ./wslab ARGS…} (explain, annotate, frame) in-process and show its output;</li>
 *   <li>{@code include FILE [REGION]}: a source file or one {@code docs:begin}/{@code docs:end} region, verbatim;</li>
 *   <li>{@code example NAME}: run a documented example program and show its output;</li>
 *   <li>{@code break-it ID}: one case of the "break it" gallery, run through the real handshake or connection;</li>
 *   <li>{@code break-it-summary}: the table of every gallery case;</li>
 *   <li>{@code matrix-summary}: the counts of the conformance matrix's rows by level and proof.</li>
 * </ul>
 * {@code docs/benchmarks/} is written by the benchmark runner and left alone.
 */
public final class DocsGenerator {
    /** The command that rewrites the generated blocks, run from the repository root. */
    public static final String REFRESH_COMMAND =
            "mvn -B -q -pl tools -am -DskipTests package && java -cp tools/target/wslab-tools.jar dev.wslab.tools.docs.RefreshDocs";

    /** The conformance matrix, relative to the root. */
    public static final String MATRIX = "docs/conformance-matrix.md";

    private final Path root;
    private final RunCommandDirective run;
    private final IncludeSourceDirective include;

    /** A generator for the repository at {@code root} (the directory holding {@code docs/} and the root pom). */
    public DocsGenerator(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.run = new RunCommandDirective(this.root);
        this.include = new IncludeSourceDirective(this.root);
    }

    /** The repository root at or above {@code start}: the first directory with {@code docs/} and {@code tools/pom.xml}. */
    public static Path findRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("tools/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no wslab repository (docs/ and tools/pom.xml) at or above " + start.toAbsolutePath());
    }

    /** The repository root. */
    public Path root() {
        return root;
    }

    /** Every Markdown file under {@code docs/} except {@code docs/benchmarks/}, sorted. */
    public List<Path> documents() {
        Path docs = root.resolve("docs");
        Path benchmarks = docs.resolve("benchmarks");
        try (Stream<Path> files = Files.walk(docs)) {
            return files.filter(p -> p.toString().endsWith(".md") && !p.startsWith(benchmarks) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's text with every generated block rewritten. */
    public String regenerate(Path document) throws IOException {
        String text = Files.readString(document, StandardCharsets.UTF_8);
        try {
            return regenerateText(text);
        } catch (DocGenerationException e) {
            throw new DocGenerationException(root.relativize(document.toAbsolutePath()) + ", " + e.getMessage(), e);
        }
    }

    /** {@code text} with every generated block rewritten. */
    public String regenerateText(String text) {
        return MarkdownDocument.parse(text).regenerate(this::render);
    }

    /** The documents whose generated blocks differ from what the code produces today. */
    public List<Path> staleDocuments() throws IOException {
        List<Path> stale = new ArrayList<>();
        for (Path doc : documents()) {
            if (!regenerate(doc).equals(Files.readString(doc, StandardCharsets.UTF_8))) {
                stale.add(doc);
            }
        }
        return stale;
    }

    private String render(GeneratedBlock block) throws Exception {
        List<String> args = block.arguments();
        switch (block.directive()) {
            case "run":
                return run.render(args);
            case "include":
                return include.render(args);
            case "example":
                return example(args);
            case "break-it":
                return breakIt(args);
            case "break-it-summary":
                return BreakItRenderer.summary(BreakItCatalogue.all());
            case "matrix-summary":
                return MatrixSummary.render(ConformanceMatrix.parse(
                        Files.readString(root.resolve(MATRIX), StandardCharsets.UTF_8)));
            default:
                throw new DocGenerationException("unknown directive wslab:" + block.directive()
                        + " (known: run, include, example, break-it, break-it-summary, matrix-summary)");
        }
    }

    private static String breakIt(List<String> args) {
        if (args.size() != 1) {
            throw new DocGenerationException("wslab:break-it needs one case id");
        }
        BreakItCase attack = BreakItCatalogue.byId(args.get(0))
                .orElseThrow(() -> new DocGenerationException("no gallery case '" + args.get(0) + "'"));
        return BreakItRenderer.render(attack);
    }

    private static String example(List<String> args) throws Exception {
        if (args.size() != 1) {
            throw new DocGenerationException("wslab:example needs one example name");
        }
        Examples.Example example = Examples.byName(args.get(0))
                .orElseThrow(() -> new DocGenerationException("no example '" + args.get(0) + "' (known: "
                        + String.join(", ", Examples.names()) + ")"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        return Fences.fenced("console", "$ java -cp tools/target/wslab-tools.jar " + example.mainClass().getName() + "\n"
                + bytes.toString(StandardCharsets.UTF_8));
    }
}
