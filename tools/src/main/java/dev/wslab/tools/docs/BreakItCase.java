package dev.wslab.tools.docs;

import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.handshake.HeadLimits;
import dev.wslab.handshake.ServerHandshake;

import java.util.List;
import java.util.Objects;

/**
 * One kind of bad input for the "break it" gallery: what is sent, and to whom. What wslab answers is not
 * stored here: {@link BreakItRunner} finds out by running the real handshake or connection.
 */
public sealed interface BreakItCase permits BreakItCase.FrameAttack, BreakItCase.HandshakeAttack {

    /** A short stable name, used in the docs' markers and anchors, e.g. {@code unmasked-client-frame}. */
    String id();

    /** What is wrong with the input, in a few words. */
    String title();

    /**
     * Bad frames sent to a connection after a successful handshake.
     *
     * @param receiver the role of the wslab endpoint that receives the frames
     * @param limits   the receiving connection's limits
     * @param frames   the frames, in order, each fed to the connection as one chunk
     */
    record FrameAttack(String id, String title, Role receiver, Limits limits, List<SentBytes> frames)
            implements BreakItCase {
        public FrameAttack {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(limits, "limits");
            frames = List.copyOf(frames);
        }
    }

    /**
     * A bad opening handshake sent to a wslab server.
     *
     * @param serverSetup how the server is configured, in words (e.g. its Origin allow-list), or empty
     * @param server      the server deciding
     * @param headLimits  the HTTP head limits of the parser reading the request
     * @param request     the request bytes
     */
    record HandshakeAttack(String id, String title, String serverSetup, ServerHandshake server, HeadLimits headLimits,
                           SentBytes request) implements BreakItCase {
        public HandshakeAttack {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(serverSetup, "serverSetup");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(headLimits, "headLimits");
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Bytes on the wire with a label for people.
     *
     * @param label what the bytes are meant to be, e.g. {@code TEXT "Hello", not masked}
     * @param bytes the bytes
     */
    record SentBytes(String label, byte[] bytes) {
        public SentBytes {
            Objects.requireNonNull(label, "label");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SentBytes other && other.label.equals(label) && java.util.Arrays.equals(other.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * label.hashCode() + java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return label + " (" + bytes.length + " bytes)";
        }
    }
}
