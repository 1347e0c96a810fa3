package dev.wslab.tools.docs;

import dev.wslab.tools.WslabTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code <!-- wslab:run explain --key ... -->}: runs a {@code ./wslab} tool command in this JVM, through the
 * very picocli command line the script runs, and shows the command with its output (standard output and
 * standard error together, as a terminal shows them).
 *
 * <p>An argument naming a file relative to the repository root (e.g. {@code docs/requests/seed.txt}) is
 * shown as written and opened from the root, so the docs read as if run from the root.
 */
final class RunCommandDirective {
    private final Path root;

    RunCommandDirective(Path root) {
        this.root = root;
    }

    String render(List<String> args) {
        if (args.isEmpty()) {
            throw new DocGenerationException("wslab:run needs a command, e.g. wslab:run explain --key ...");
        }
        List<String> resolved = new ArrayList<>();
        for (String arg : args) {
            Path file = arg.startsWith("-") ? null : root.resolve(arg);
            resolved.add(file != null && !arg.isEmpty() && Files.isRegularFile(file) ? file.toString() : arg);
        }
        CommandLine cli = WslabTools.commandLine();
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text);
        cli.setOut(writer);
        cli.setErr(writer);
        int exit = cli.execute(resolved.toArray(new String[0]));
        writer.flush();
        String output = text.toString().replace(root.toString() + "/", "");
        StringBuilder shown = new StringBuilder("$ ./wslab");
        for (String arg : args) {
            shown.append(' ').append(ShellWords.quote(arg));
        }
        shown.append('\n').append(output);
        if (!output.isEmpty() && !output.endsWith("\n")) {
            shown.append('\n');
        }
        if (exit != 0) {
            shown.append("(exit status ").append(exit).append(")\n");
        }
        return Fences.fenced("console", shown.toString());
    }
}
