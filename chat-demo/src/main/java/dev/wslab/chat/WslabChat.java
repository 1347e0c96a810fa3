package dev.wslab.chat;

import dev.wslab.chat.cli.ChatClientCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar wslab-chat.jar <command>}: the chat demo's entry point. {@code server} runs the
 * chat server; further commands (the command-line client) are subcommands of this one.
 */
@Command(name = "wslab-chat",
        mixinStandardHelpOptions = true,
        version = "wslab-chat 0.1.0",
        description = "The wslab chat demo: a WebSocket chat on wslab's own handshake and framing.",
        subcommands = {ServerCommand.class, ClusterCommand.class, ChatClientCommand.class, CommandLine.HelpCommand.class})
public final class WslabChat implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WslabChat()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
