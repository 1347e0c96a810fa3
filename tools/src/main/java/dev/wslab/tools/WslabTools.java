package dev.wslab.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wslab-tools} command: one runnable jar, one subcommand per tool.
 * Run as {@code ./wslab explain ...} or {@code java -jar tools/target/wslab-tools.jar explain ...}.
 *
 * <p>To add a tool, write a picocli {@code @Command} class and list it in {@code subcommands}.
 */
@Command(name = "wslab-tools",
        mixinStandardHelpOptions = true,
        versionProvider = WslabTools.Version.class,
        description = "Tools for learning the WebSocket protocol (RFC 6455) with real bytes.",
        subcommands = {ExplainCommand.class, AnnotateCommand.class, FrameCommand.class, CommandLine.HelpCommand.class})
public final class WslabTools implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point of the shaded jar; exits with the subcommand's exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests that capture output and exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new WslabTools());
    }

    /** Without a subcommand, show what the tools are. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest when packaged, else "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WslabTools.class.getPackage().getImplementationVersion();
            return new String[] {"wslab-tools " + (v == null ? "(development build)" : v)};
        }
    }
}
