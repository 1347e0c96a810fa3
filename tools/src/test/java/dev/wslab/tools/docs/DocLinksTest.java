package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every relative link in the walkthrough points at a file that exists, and every #anchor at a heading. */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*)$");
    private static final Pattern HTML_ID = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    private final DocsGenerator generator = new DocsGenerator(DocsGenerator.findRoot(Path.of("")));

    @Test
    void relative_links_and_anchors_resolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : generator.documents()) {
            String text = withoutCodeBlocks(Files.readString(doc, StandardCharsets.UTF_8));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http:, https:, mailto: are not checked offline
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                String where = generator.root().relativize(doc) + ": (" + target + ")";
                if (!Files.exists(resolved)) {
                    broken.add(where + " — no such file");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(where + " — no heading or <a id> for #" + anchor);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void github_style_heading_anchors() {
        assertThat(slug("Why clients mask (RFC 6455 §10.3)")).isEqualTo("why-clients-mask-rfc-6455-103");
        assertThat(slug("1006: the connection just died")).isEqualTo("1006-the-connection-just-died");
        assertThat(slug("Origin checks are not `CORS`")).isEqualTo("origin-checks-are-not-cors");
    }

    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!file.toString().endsWith(".md")) {
            return anchors;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutCodeBlocks(Files.readString(file, StandardCharsets.UTF_8)).split("\n")) {
            Matcher id = HTML_ID.matcher(line);
            while (id.find()) {
                anchors.add(id.group(1));
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(1).replaceAll("<[^>]*>", ""));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        StringBuilder out = new StringBuilder();
        for (int cp : heading.strip().toLowerCase(Locale.ROOT).codePoints().toArray()) {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                out.appendCodePoint(cp);
            } else if (cp == ' ') {
                out.append('-');
            }
        }
        return out.toString();
    }

    /** The text with fenced code blocks blanked out: links and headings inside code are not links. */
    private static String withoutCodeBlocks(String text) {
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                out.append('\n');
                continue;
            }
            out.append(inCode ? "" : line).append('\n');
        }
        return out.toString();
    }
}
