package dev.wslab.chat.transport.undertow;

import dev.wslab.framing.codec.Payload;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of the text this thread sent last. A broadcast hands the same {@code String} (the event
 * encoded once, {@code EncodedEvent}) to every member's connection in turn, from the one thread that holds
 * the room; encoding it again for each member was a fifth of the server's allocation at saturation (a flight
 * recording of 10 members in a closed loop). A {@link Payload} is immutable, so the members' connections
 * share one, and so is the {@link Outgoing.Text} that carries it into each member's queue. The match is by
 * identity: an equal text built elsewhere is simply encoded again.
 */
final class SharedUtf8 {

    private static final ThreadLocal<SharedUtf8> LAST = ThreadLocal.withInitial(SharedUtf8::new);

    private String text;
    private Outgoing.Text message;

    private SharedUtf8() {
    }

    /** The text as a queued message of UTF-8 bytes (RFC 6455 §5.6), encoded once per text in a row from this thread. */
    static Outgoing.Text message(String text) {
        SharedUtf8 last = LAST.get();
        if (last.text != text) {
            last.message = new Outgoing.Text(Payload.wrap(text.getBytes(StandardCharsets.UTF_8)));
            last.text = text;
        }
        return last.message;
    }
}
