package dev.wslab.chat.cli;

import dev.wslab.chat.limits.LogSafe;
import dev.wslab.chat.protocol.ServerEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Turns the chat's events into the lines the command-line client prints. */
final class EventPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final boolean raw;

    /** @param raw print each event's JSON as received instead of a readable line */
    EventPrinter(PrintWriter out, boolean raw) {
        this.out = out;
        this.raw = raw;
    }

    /** Prints one event (its JSON text and its decoded form). */
    synchronized void event(String json, ServerEvent event) {
        // Line by line: each line is made visible on its own, so a history's lines stay lines while a
        // line break inside a message is still shown as \n.
        for (String line : raw ? List.of(json) : lines(event)) {
            out.println(visible(line));
        }
        out.flush();
    }

    /** Prints a line of the client's own (connected, closed, hints). */
    synchronized void note(String text) {
        out.println(visible(raw ? "# " + text : "* " + text));
        out.flush();
    }

    /**
     * The line as the terminal must show it: every control, format (bidi override, zero-width) and
     * separator character written as an escape such as {@code \n} or {@code \u202E}, so nothing another
     * user sends can clear the screen, move the cursor, fake a new chat line or reverse the text after
     * it. In raw mode too: JSON escapes C0 characters but leaves U+202E as it is.
     */
    static String visible(String line) {
        return LogSafe.escape(line, Integer.MAX_VALUE);
    }

    /** The readable lines of one event: one, except for a history (a heading, then one line per earlier message). */
    static List<String> lines(ServerEvent event) {
        if (event instanceof ServerEvent.History h) {
            // One line per earlier message, under a heading, so they read like the live ones.
            List<String> lines = new java.util.ArrayList<>();
            lines.add("[" + h.room() + "] * " + h.messages().size() + " earlier message" + (h.messages().size() == 1 ? "" : "s"));
            for (ServerEvent.Message m : h.messages()) {
                lines.add(describe(m));
            }
            return lines;
        }
        return List.of(describe(event));
    }

    static String describe(ServerEvent event) {
        if (event instanceof ServerEvent.Message m) {
            return "[" + m.room() + "] " + TIME.format(Instant.ofEpochMilli(m.ts())) + " " + m.sender().userName() + ": "
                    + m.message();
        }
        if (event instanceof ServerEvent.History) {
            return String.join(System.lineSeparator(), lines(event));
        }
        if (event instanceof ServerEvent.UserJoined j) {
            return "[" + j.room() + "] * " + j.userName() + " joined";
        }
        if (event instanceof ServerEvent.UserLeft l) {
            return "[" + l.room() + "] * " + l.userName() + " left";
        }
        if (event instanceof ServerEvent.Members members) {
            return "[" + members.room() + "] * here: " + String.join(", ", members.users());
        }
        if (event instanceof ServerEvent.Users users) {
            return "* online (" + users.users().size() + "): " + String.join(", ", users.users());
        }
        if (event instanceof ServerEvent.Ok ok) {
            return "ok " + nullToDash(ok.id()) + (ok.messageId() == null ? "" : " (message " + ok.messageId() + ")");
        }
        ServerEvent.Error error = (ServerEvent.Error) event;
        return "error " + nullToDash(error.id()) + " " + error.code() + ": " + error.reason();
    }

    private static String nullToDash(String value) {
        return value == null ? "-" : value;
    }
}
