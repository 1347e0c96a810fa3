package dev.wslab.tools;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of {@code wslab-tools} with its exit code and captured output, for the command tests. */
record ToolRun(int exitCode, String out, String err) {

    /** Runs the tools' command line with these arguments, as {@code ./wslab} would, capturing both streams. */
    static ToolRun of(String... args) {
        CommandLine cli = WslabTools.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new ToolRun(code, out.toString(), err.toString());
    }
}
