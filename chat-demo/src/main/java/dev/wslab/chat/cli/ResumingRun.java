package dev.wslab.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.client.ClientOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code client --resume} (or several {@code --url}): the same scripted and interactive chat, on a
 * {@link ResumingChatClient}, so that a dropped connection is reconnected (to the next URL of the list
 * when there are several: the nodes of a cluster) and its session resumed, the client's status lines
 * printed as notes. Events are printed once each, in order, whatever the drops.
 */
final class ResumingRun {

    private final ChatClientCommand command;
    private final String bearer;
    private final Map<String, CompletableFuture<ServerEvent>> pendingReplies = new ConcurrentHashMap<>();

    private final ResumingChatClient.Transport transport;

    ResumingRun(ChatClientCommand command, String bearer, ResumingChatClient.Transport transport) {
        this.command = command;
        this.bearer = bearer;
        this.transport = transport;
    }

    int run(List<ClientCommand> script) throws InterruptedException {
        ClientOptions.Builder options = ClientOptions.builder().deflate(!command.noDeflate);
        command.tls.ifPresent(options::sslContext);
        command.printer.note("connecting to " + command.urls.get(0)
                + (command.urls.size() > 1 ? " (then " + command.urls.subList(1, command.urls.size()) + " if it fails)" : "")
                + "; the session resumes after a drop");
        boolean refusedCommand = false;
        try (ResumingChatClient client = new ResumingChatClient(command.urls, transport, bearer, options, this::onEvent,
                status -> command.printer.note(status))) {
            for (ClientCommand each : script) {
                ServerEvent reply = await(send(client, each));
                refusedCommand |= !(reply instanceof ServerEvent.Ok);
            }
            if (command.listenSeconds != null) {
                Thread.sleep((long) (command.listenSeconds * 1000));
            } else if (script.isEmpty()) {
                interactive(client);
            }
        }
        command.printer.note("closed: 1000");
        return refusedCommand ? ChatClientCommand.EXIT_COMMAND_REFUSED : ChatClientCommand.EXIT_OK;
    }

    private void onEvent(JsonNode json) {
        ObjectNode plain = ((ObjectNode) json).deepCopy();
        plain.remove("seq"); // the client already used the number: printed events are each shown once
        String text = plain.toString();
        ServerEvent decoded;
        try {
            decoded = command.codec.decodeEvent(text);
        } catch (IllegalArgumentException unknown) {
            command.printer.note("unreadable event: " + text);
            return;
        }
        command.printer.event(json.toString(), decoded);
        String id = decoded instanceof ServerEvent.Ok ok ? ok.id()
                : decoded instanceof ServerEvent.Error error ? error.id()
                : decoded instanceof ServerEvent.Users users ? users.id() : null;
        if (id != null) {
            CompletableFuture<ServerEvent> waiting;
            synchronized (pendingReplies) {
                waiting = pendingReplies.remove(id);
            }
            if (waiting != null) {
                waiting.complete(decoded);
            }
        }
    }

    /** Sends one command through the client (which numbers it itself); returns its reply's future. */
    private CompletableFuture<ServerEvent> send(ResumingChatClient client, ClientCommand each) {
        CompletableFuture<ServerEvent> reply = new CompletableFuture<>();
        String id;
        // The reply may come before the id is known here: register under a lock the event thread respects.
        synchronized (pendingReplies) {
            if (each instanceof ClientCommand.Join join) {
                id = client.join(join.room());
            } else if (each instanceof ClientCommand.Exit exit) {
                id = client.exit(exit.room());
            } else if (each instanceof ClientCommand.SendMessage message) {
                id = client.message(message.room(), message.message());
            } else if (each instanceof ClientCommand.ListUsers) {
                id = client.users();
            } else {
                command.printer.note("not available with --resume: " + each);
                reply.complete(null);
                return reply;
            }
            pendingReplies.put(id, reply);
        }
        return reply;
    }

    private ServerEvent await(CompletableFuture<ServerEvent> reply) throws InterruptedException {
        try {
            // A resume may take a while (back-off, the next node): give it the reply timeout and then some.
            return reply.get((long) (command.replyTimeout * 3000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            command.printer.note("no reply within " + command.replyTimeout * 3 + " s");
            return null;
        }
    }

    private void interactive(ResumingChatClient client) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String endOfInput = new String("end of input");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(command.stdin, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // treated as the end of input
            }
            lines.add(endOfInput);
        }, "wslab-client-stdin");
        reader.setDaemon(true);
        reader.start();
        String currentRoom = null;
        while (true) {
            String line = lines.take();
            if (line == endOfInput) {
                return;
            }
            UserInput input = UserInput.parse(line, "unused");
            if (input instanceof UserInput.Quit) {
                return;
            } else if (input instanceof UserInput.Help) {
                command.printer.note(UserInput.HELP);
            } else if (input instanceof UserInput.Invalid invalid) {
                command.printer.note(invalid.problem());
            } else if (input instanceof UserInput.Say say) {
                if (currentRoom == null) {
                    command.printer.note("join a room first: /join ROOM");
                } else {
                    send(client, new ClientCommand.SendMessage("unused", currentRoom, say.text()));
                }
            } else if (input instanceof UserInput.Send toSend) {
                if (toSend.command() instanceof ClientCommand.Join join) {
                    currentRoom = join.room();
                }
                send(client, toSend.command());
            }
        }
    }
}
