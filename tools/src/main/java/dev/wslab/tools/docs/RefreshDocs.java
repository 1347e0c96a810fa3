package dev.wslab.tools.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rewrites the generated blocks of {@code docs/*.md} from the code. Run from the repository root:
 * <pre>{@code
 * mvn -B -q -pl tools -am -DskipTests package
 * java -cp tools/target/wslab-tools.jar dev.wslab.tools.docs.RefreshDocs          # rewrite
 * java -cp tools/target/wslab-tools.jar dev.wslab.tools.docs.RefreshDocs --check  # only report, exit 1 if stale
 * }</pre>
 * The build's test {@code GeneratedDocsAreCurrentTest} fails when a committed document differs.
 */
public final class RefreshDocs {
    private RefreshDocs() {
    }

    public static void main(String[] args) throws IOException {
        boolean check = List.of(args).contains("--check");
        DocsGenerator generator = new DocsGenerator(DocsGenerator.findRoot(Path.of("")));
        int changed = 0;
        for (Path doc : generator.documents()) {
            String current = Files.readString(doc, StandardCharsets.UTF_8);
            String fresh = generator.regenerate(doc);
            if (fresh.equals(current)) {
                continue;
            }
            changed++;
            Path shown = generator.root().relativize(doc);
            if (check) {
                System.out.println("stale: " + shown);
            } else {
                Files.writeString(doc, fresh, StandardCharsets.UTF_8);
                System.out.println("updated: " + shown);
            }
        }
        if (check && changed > 0) {
            System.out.println("Refresh with: " + DocsGenerator.REFRESH_COMMAND);
            System.exit(1);
        }
        if (changed == 0) {
            System.out.println("docs are current (" + generator.documents().size() + " documents)");
        }
    }
}
