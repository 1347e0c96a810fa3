package dev.wslab.chat.transport.undertow;

import java.nio.ByteBuffer;

/**
 * What another thread asks a connection to send, in the order asked: a closed set, so the IO thread's
 * drain handles every kind and nothing else can sneak into the queue.
 */
sealed interface Outgoing permits Outgoing.Text, Outgoing.Binary, Outgoing.Close {

    /** The bytes this item is counted with against the outbound bound (0 for a Close request). */
    long bytes();

    /** A text message as the UTF-8 bytes it goes on the wire as (RFC 6455 §5.6): the bound counts those. */
    record Text(dev.wslab.framing.codec.Payload utf8) implements Outgoing {
        @Override
        public long bytes() {
            return utf8.length();
        }
    }

    /** A binary message: the remaining bytes of {@code data}. */
    record Binary(ByteBuffer data) implements Outgoing {
        @Override
        public long bytes() {
            return data.remaining();
        }
    }

    /** Start the closing handshake with this code and reason, after the messages queued before it. */
    record Close(int code, String reason) implements Outgoing {
        @Override
        public long bytes() {
            return 0;
        }
    }
}
