package dev.wslab.chat.transport.undertow;

import java.nio.ByteBuffer;

/**
 * Finds where each incoming frame ends, so the driver can hand the connection one frame at a time.
 *
 * <p>Why: {@code WebSocketConnection.receive} consumes everything it is given, and when that includes a
 * Close frame it queues the answering Close at once (RFC 6455 §5.5.1). A client that sends a message
 * and its Close in one TCP segment (the Autobahn TestSuite's case 7.1.1 does) would then never see the
 * answer to its message: the answer would come after our Close, which ends all sending (§5.5.1). Fed
 * frame by frame, the application answers each message before the next frame is even looked at.
 *
 * <p>This only measures lengths (RFC 6455 §5.2: 2 header bytes, then 0, 2 or 8 bytes of extended length,
 * then 4 bytes of masking key if MASK is set, then the payload); every rule is still checked by the
 * connection's own decoder. After a malformed header the connection has failed and ignores the rest, so
 * the boundaries found for garbage do not matter.
 */
final class FrameBoundaries {

    /** Header bytes seen of the current frame; 0 when the next byte starts a frame. */
    private int headerHave;
    /** Header length of the current frame once its second byte has been seen, else 2. */
    private int headerNeed = 2;
    /** The extended length being assembled. */
    private long length;
    private int lengthBytes;
    /** Payload bytes still to come; meaningful once the header is complete. */
    private long payloadLeft;
    private boolean inPayload;

    /**
     * How many of the remaining bytes of {@code bytes}, from its position, belong to the frame in
     * progress: up to and including its last byte, or all of them if it does not end within. The
     * buffer's position is not moved; the tracker's state advances past the counted bytes.
     */
    int nextFrameChunk(ByteBuffer bytes) {
        int start = bytes.position();
        int limit = bytes.limit();
        int i = start;
        while (i < limit) {
            if (!inPayload) {
                int b = bytes.get(i++) & 0xff;
                headerHave++;
                if (headerHave == 2) {
                    int len7 = b & 0x7f;
                    lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
                    length = lengthBytes == 0 ? len7 : 0;
                    headerNeed = 2 + lengthBytes + ((b & 0x80) != 0 ? 4 : 0);
                } else if (headerHave > 2 && headerHave <= 2 + lengthBytes) {
                    length = (length << 8) | b;
                }
                if (headerHave >= 2 && headerHave == headerNeed) {
                    inPayload = true;
                    payloadLeft = length < 0 ? Long.MAX_VALUE : length; // a negative 64-bit length is refused by the decoder
                    if (payloadLeft == 0) {
                        reset();
                        return i - start;
                    }
                }
            } else {
                long take = Math.min(payloadLeft, limit - i);
                i += (int) take;
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    reset();
                    return i - start;
                }
            }
        }
        return i - start;
    }

    private void reset() {
        headerHave = 0;
        headerNeed = 2;
        length = 0;
        lengthBytes = 0;
        inPayload = false;
    }
}
