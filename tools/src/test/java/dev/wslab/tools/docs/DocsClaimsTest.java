package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.tools.WslabTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Catches the kinds of slip a student would learn as fact (issue 17): a rule presented as the RFC's that the
 * RFC does not make, a command shown in a page that no longer runs, a deviation the matrix forgets, and the
 * particular wordings that were wrong once.
 */
class DocsClaimsTest {
    private static final Path ROOT = DocsGenerator.findRoot(Path.of(""));

    /** "must", "required" … : the words that present a statement as a requirement. */
    private static final Pattern REQUIREMENT = Pattern.compile("\\b(must|must not|requires?|required)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A section of RFC 6455: "RFC 6455 §5.5.1", or a bare "§5.5.1" in a sentence that names no other RFC. */
    private static final Pattern SECTION = Pattern.compile("(RFC (\\d{4}) )?§(\\d+(?:\\.\\d+)*)");

    // ------------------------------------------------------------------------------------------ RFC claims

    @Test
    void every_rfc_6455_requirement_a_page_states_cites_a_section_the_matrix_maps_to_a_must() throws IOException {
        List<ConformanceMatrix.Row> musts = ConformanceMatrix.parse(read(DocsGenerator.MATRIX)).stream()
                .filter(r -> r.level().startsWith("MUST")).toList();
        List<String> problems = new ArrayList<>();
        for (Path doc : walkthrough()) {
            for (String sentence : sentences(prose(doc))) {
                if (!REQUIREMENT.matcher(sentence).find()) {
                    continue;
                }
                Matcher m = SECTION.matcher(sentence);
                while (m.find()) {
                    boolean otherRfc = m.group(2) != null && !m.group(2).equals("6455")
                            || m.group(2) == null && sentence.matches("(?s).*RFC (?!6455)\\d{4}.*");
                    if (otherRfc) {
                        continue;
                    }
                    String section = m.group(3);
                    if (section.startsWith("1.") || section.equals("1") || section.startsWith("11")) {
                        continue; // the introduction and the IANA registries state no endpoint requirement
                    }
                    boolean mapped = musts.stream().map(r -> sectionNumber(r.section()))
                            .anyMatch(s -> s.equals(section) || s.startsWith(section + ".") || section.startsWith(s + "."));
                    if (!mapped) {
                        problems.add(name(doc) + ": §" + section + " has no MUST row in the matrix, yet the page says: "
                                + sentence);
                    }
                }
            }
        }
        assertThat(problems).as("requirements attributed to RFC 6455 sections the conformance matrix does not hold").isEmpty();
    }

    @Test
    void choices_of_wslab_are_not_presented_as_the_rfcs_rules() throws IOException {
        // Each of these is a point where the RFC leaves a choice (or says nothing) and wslab chose; a page that
        // mentions it must say so in words.
        record Choice(Pattern topic, String why) {
        }
        List<Choice> choices = List.of(
                new Choice(Pattern.compile("(?i)bare LF|LF instead of CRLF|LF only"),
                        "RFC 9112 §2.2 lets a recipient accept a bare LF; refusing it is wslab's choice"),
                new Choice(Pattern.compile("5000 and up"),
                        "RFC 6455 defines nothing for close codes of 5000 and up"));
        List<String> problems = new ArrayList<>();
        for (Path doc : walkthrough()) {
            String prose = prose(doc);
            for (String paragraph : prose.split("\n\\s*\n")) {
                for (Choice choice : choices) {
                    if (choice.topic().matcher(paragraph).find() && REQUIREMENT.matcher(paragraph).find()
                            && !paragraph.contains("wslab's choice") && !paragraph.contains("defines nothing")) {
                        problems.add(name(doc) + ": " + choice.why() + ", but the paragraph does not say so: "
                                + paragraph.strip());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    // -------------------------------------------------------------------------------------- the commands

    /** A tool command written in a page: {@code ./wslab explain …}, {@code ./wslab annotate …}, {@code ./wslab frame …}. */
    private static final Pattern TOOL_COMMAND = Pattern.compile("\\./wslab (explain|annotate|frame)\\b[^`\\n]*");

    @Test
    void every_tool_output_shown_in_a_page_is_generated_by_running_its_command() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : walkthrough()) {
            String[] lines = withoutGeneratedBlocks(read(doc)).split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                String line = lines[i];
                String next = lines[i + 1];
                boolean tool = line.startsWith("$ ./wslab explain") || line.startsWith("$ ./wslab annotate")
                        || line.startsWith("$ ./wslab frame");
                // A list of commands to try is fine; output under a command is what must be generated.
                boolean output = !next.isBlank() && !next.startsWith("$ ") && !next.startsWith("```");
                if (tool && output) {
                    problems.add(name(doc) + ": output written by hand for '" + line
                            + "'; use <!-- wslab:run ... --> so the generator runs it");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_tool_command_a_page_suggests_is_accepted_by_the_tool() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : walkthrough()) {
            Matcher m = TOOL_COMMAND.matcher(prose(doc));
            while (m.find()) {
                String command = m.group().strip();
                if (command.contains("|") || command.contains("<")) {
                    continue; // a pipeline: its parts are shown elsewhere
                }
                List<String> words = ShellWords.split(command.substring("./wslab ".length()));
                List<String> args = new ArrayList<>();
                boolean template = false;
                for (String w : words) {
                    if (w.equals("...")) {
                        template = true;
                        continue;
                    }
                    if (w.equals("FILE") || w.matches("my-.*")) {
                        // a placeholder the student fills in: check the options with a real request file
                        template = true;
                        args.add(ROOT.resolve("docs/requests/seed.txt").toString());
                        continue;
                    }
                    Path file = ROOT.resolve(w);
                    boolean looksLikeFile = !w.startsWith("-") && w.contains("/") && !w.contains("://");
                    if (looksLikeFile && !Files.isRegularFile(file)) {
                        problems.add(name(doc) + ": '" + command + "' names " + w + ", which does not exist");
                    }
                    args.add(looksLikeFile ? file.toString() : w);
                }
                CommandLine cli = WslabTools.commandLine();
                StringWriter out = new StringWriter();
                cli.setOut(new PrintWriter(out));
                cli.setErr(new PrintWriter(out));
                if (template) {
                    try {
                        cli.parseArgs(args.toArray(new String[0]));
                    } catch (CommandLine.ParameterException e) {
                        problems.add(name(doc) + ": '" + command + "' is refused: " + e.getMessage());
                    }
                } else {
                    int exit = cli.execute(args.toArray(new String[0]));
                    if (exit == 2 || out.toString().contains("Exception")) {
                        problems.add(name(doc) + ": '" + command + "' exits " + exit + ": " + out);
                    }
                }
                checked++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("tool commands found in the pages").isGreaterThan(5);
    }

    // --------------------------------------------------------------------------------- known deviations

    @Test
    void the_matrix_names_every_page_script_that_shows_the_close_reason_among_its_deviations() throws IOException {
        String matrix = read(DocsGenerator.MATRIX);
        int at = matrix.indexOf("## Known deviations");
        assertThat(at).as("the matrix has a Known deviations section").isGreaterThan(0);
        String deviations = matrix.substring(at);
        Path web = ROOT.resolve("chat-demo/src/main/resources");
        List<String> problems = new ArrayList<>();
        int scripts = 0;
        try (Stream<Path> files = Files.walk(web)) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                if (Files.readString(js, StandardCharsets.UTF_8).contains("event.reason")) {
                    scripts++;
                    String relative = ROOT.relativize(js).toString();
                    if (!deviations.contains(relative)) {
                        problems.add(relative + " shows event.reason (RFC 6455 §5.5.1: a client must not show the"
                                + " close reason to end users) but the matrix's known deviations do not name it");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        if (scripts > 0) {
            assertThat(deviations).contains("F-25").contains("`event.reason`");
            String f25 = matrix.lines().filter(l -> l.startsWith("| F-25 ")).findFirst().orElseThrow();
            assertThat(f25).as("row F-25 points at the deviation").contains("#known-deviations");
        }
    }

    // ------------------------------------------------------------------------------- wordings once wrong

    @Test
    void wordings_that_were_wrong_once_do_not_come_back() throws IOException {
        record Slip(Pattern wording, String correction) {
        }
        List<Slip> slips = List.of(
                new Slip(Pattern.compile("(?i)fits? (in )?a 2-byte header|always fit a 2-byte header"),
                        "a masked client control frame has a 6-byte header; what holds is that the length fits the 7-bit field"),
                new Slip(Pattern.compile("(?i)after (sending )?our (own )?Close[^.]*no longer answer"),
                        "a Ping after our own Close is still answered with a Pong (RFC 6455 §5.5.2)"),
                new Slip(Pattern.compile("(?i)frames from a server are never masked"),
                        "the annotator's wording must depend on the sender's role"),
                new Slip(Pattern.compile("(?i)\\| `Connection: Upgrade` \\| proxies \\|"),
                        "the server checks Connection too (RFC 6455 §4.2.1 item 4)"),
                new Slip(Pattern.compile("(?i)gateway crashed"),
                        "the seed's crash is an inference from reading its code; say so"),
                new Slip(Pattern.compile("(?i)curl -si http"),
                        "curl needs -N to show a frame as it arrives"),
                new Slip(Pattern.compile("(?i)(?<!\")\\b(3|three)-step (opening )?handshake(?!\")"),
                        "the seed's '3-step handshake' is TCP's; correct it, do not repeat it"),
                new Slip(Pattern.compile("(?i)(?<!\")\\b(4|four)-step close(?!\")"),
                        "the seed's '4-step close' is TCP's; correct it, do not repeat it"));
        List<String> problems = new ArrayList<>();
        List<Path> docs = new ArrayList<>(walkthrough());
        docs.add(ROOT.resolve("framing/README.md"));
        for (Path doc : docs) {
            String text = read(ROOT.relativize(doc).toString());
            for (Slip slip : slips) {
                Matcher m = slip.wording().matcher(text);
                if (m.find()) {
                    problems.add(name(doc) + ": \"" + m.group() + "\" — " + slip.correction());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_walkthrough_corrects_the_seeds_tcp_step_counts_explicitly() throws IOException {
        String chapters = read("docs/01-why-websocket.md") + read("docs/05-closing.md");
        assertThat(chapters).contains("\"3-step handshake\"").contains("\"4-step close\"");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static List<Path> walkthrough() {
        return new DocsGenerator(ROOT).documents().stream()
                .filter(p -> !p.getFileName().toString().equals("conformance-matrix.md")).toList();
    }

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    }

    private static String read(Path doc) throws IOException {
        return Files.readString(doc, StandardCharsets.UTF_8);
    }

    private static String name(Path doc) {
        return ROOT.relativize(doc.toAbsolutePath()).toString();
    }

    private static String sectionNumber(String section) {
        Matcher m = Pattern.compile("§(\\d+(?:\\.\\d+)*)").matcher(section);
        return m.find() ? m.group(1) : section;
    }

    /** The text with every generated block's content removed (the markers stay). */
    static String withoutGeneratedBlocks(String text) {
        MarkdownDocument doc = MarkdownDocument.parse(text);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (GeneratedBlock block : doc.blocks()) {
            out.append(text, at, block.contentStart());
            at = block.contentEnd();
        }
        return out.append(text.substring(at)).toString();
    }

    /** What people wrote in words: no generated block, no code block. */
    static String prose(Path doc) throws IOException {
        String text = withoutGeneratedBlocks(read(doc));
        StringBuilder out = new StringBuilder();
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                out.append('\n');
                continue;
            }
            out.append(inFence ? "" : line).append('\n');
        }
        return out.toString();
    }

    /** Sentences of the prose, table cells and list items each counted as their own. */
    static List<String> sentences(String prose) {
        List<String> sentences = new ArrayList<>();
        for (String paragraph : prose.split("\n\\s*\n|\n(?=\\s*[-*|] )|\n(?=\\s*\\d+\\. )|\\|")) {
            for (String s : paragraph.replace('\n', ' ').split("(?<=[.!?])\\s+(?=[A-Z`*(])")) {
                if (!s.isBlank()) {
                    sentences.add(s.strip().toLowerCase(Locale.ROOT).isEmpty() ? s : s.strip());
                }
            }
        }
        return sentences;
    }
}
