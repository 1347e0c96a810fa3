package dev.wslab.chat.session;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.DecodedCommand;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ErrorCode;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.rooms.User;

/**
 * One transport connection's view of the sessions: it opens a fresh session, may switch to a resumed
 * one, hands every command to the session it carries, and reports how it ended. A transport calls
 * three things and knows nothing of resumes:
 *
 * <pre>{@code
 * SessionConnection connection = new SessionConnection(registry, user, attachment);
 * EncodedEvent reply = connection.handleText(text);   // null: the reply already went out in order
 * connection.closed(reason);  or  connection.dropped(reason);
 * }</pre>
 *
 * <p>Calls come from one thread at a time (the connection's IO thread).
 */
public final class SessionConnection {

    private final SessionRegistry registry;
    private final Session.Attachment attachment;
    private final ProtocolCodec codec;
    private volatile Session session;

    public SessionConnection(SessionRegistry registry, ProtocolCodec codec, User user, Session.Attachment attachment) {
        this.registry = registry;
        this.codec = codec;
        this.attachment = attachment;
        this.session = registry.open(user, attachment);
    }

    /** The session this connection carries now. */
    public Session session() {
        return session;
    }

    /**
     * Decodes and carries out one client text.
     *
     * @return the reply to send, or null when the reply was already sent in order with the events
     *         ({@code session}, a successful {@code resume}) or will be (a message posted to a cluster)
     */
    public EncodedEvent handleText(String text) {
        DecodedCommand decoded = codec.decodeCommand(text);
        if (decoded instanceof DecodedCommand.Invalid invalid) {
            return codec.encode(invalid.error());
        }
        ClientCommand command = ((DecodedCommand.Valid) decoded).command();
        Session current = session;
        if (!current.isAttachedTo(attachment)) {
            return codec.encode(ServerEvent.Error.of(command.id(), ErrorCode.DISCONNECTED,
                    "this connection no longer carries its session (it was resumed elsewhere)"));
        }
        if (command instanceof ClientCommand.OpenSession open) {
            registry.openForResume(current, open);
            return null;
        }
        if (command instanceof ClientCommand.Resume resume) {
            SessionRegistry.Outcome outcome = registry.resume(current, resume, attachment);
            session = outcome.session();
            return outcome.reply() == null ? null : codec.encode(outcome.reply());
        }
        ServerEvent reply = current.handle(command);
        // null: a cluster acknowledges a message once Redis has it; the ok follows through the sink.
        return reply == null ? null : codec.encode(reply);
    }

    /** The connection ended cleanly: the session ends now. */
    public void closed(String reason) {
        registry.closed(session, attachment, reason);
    }

    /** The connection vanished: a resumable session waits for its client. */
    public void dropped(String reason) {
        registry.dropped(session, attachment, reason);
    }
}
