package dev.wslab.chat.protocol;

/** The outcome of reading one client text: a valid command, or the error reply that explains why not. */
public sealed interface DecodedCommand {

    record Valid(ClientCommand command) implements DecodedCommand {}

    record Invalid(ServerEvent.Error error) implements DecodedCommand {}
}
