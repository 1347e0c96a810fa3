package dev.wslab.chat.cli;

import dev.wslab.chat.protocol.ClientCommand;

/**
 * One line typed at the interactive client, read into what it asks for:
 * <pre>
 * /join ROOM          join a room (it becomes the current room)
 * /exit ROOM          leave a room
 * /msg ROOM TEXT      send TEXT to ROOM
 * TEXT                send TEXT to the current room
 * /help               list the commands
 * /quit               close the connection (1000) and stop
 * </pre>
 */
sealed interface UserInput {

    /** A chat command to send. */
    record Send(ClientCommand command) implements UserInput {}

    /** Plain text for the current room. */
    record Say(String text) implements UserInput {}

    record Help() implements UserInput {}

    record Quit() implements UserInput {}

    /** An empty line: nothing to do. */
    record Nothing() implements UserInput {}

    /** The line could not be understood; {@code problem} says how to write it. */
    record Invalid(String problem) implements UserInput {}

    static final String HELP = String.join(System.lineSeparator(),
            "commands:",
            "  /join ROOM        join a room (it becomes the current room)",
            "  /exit ROOM        leave a room",
            "  /msg ROOM TEXT    send TEXT to ROOM",
            "  /users            who is online now",
            "  TEXT              send TEXT to the current room",
            "  /quit             close the connection and stop");

    /** Reads one line; {@code id} becomes the command's correlation id. */
    static UserInput parse(String line, String id) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new Nothing();
        }
        if (!trimmed.startsWith("/")) {
            return new Say(trimmed);
        }
        String[] parts = trimmed.split("\\s+", 3);
        switch (parts[0]) {
            case "/quit":
            case "/q":
                return new Quit();
            case "/help":
            case "/?":
                return new Help();
            case "/join":
                return parts.length == 2 ? new Send(new ClientCommand.Join(id, parts[1])) : new Invalid("usage: /join ROOM");
            case "/exit":
            case "/leave":
                return parts.length == 2 ? new Send(new ClientCommand.Exit(id, parts[1])) : new Invalid("usage: /exit ROOM");
            case "/users":
                return parts.length == 1 ? new Send(new ClientCommand.ListUsers(id)) : new Invalid("usage: /users");
            case "/msg":
                return parts.length == 3 ? new Send(new ClientCommand.SendMessage(id, parts[1], parts[2]))
                        : new Invalid("usage: /msg ROOM TEXT");
            default:
                return new Invalid("unknown command " + parts[0] + " (try /help)");
        }
    }
}
