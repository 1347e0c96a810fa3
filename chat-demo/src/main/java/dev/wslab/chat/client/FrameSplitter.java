package dev.wslab.chat.client;

import java.nio.ByteBuffer;

/**
 * Cuts the incoming byte stream at frame ends, so that the session can feed its connection one frame at a
 * time and let the application answer each message before the next frame is looked at.
 *
 * <p>Why it matters: the connection consumes all bytes it is given. If a message and a broken frame (or a
 * Close) arrive in one read, the connection would fail (or close) before an echoing listener could answer
 * the message, and the answer would be refused (RFC 6455 §5.5.1: no data after a Close). Peers such as the
 * Autobahn TestSuite send exactly that in one TCP segment (cases 3.2, 4.1.3, 5.15).
 *
 * <p>It only reads lengths (RFC 6455 §5.2: two header bytes, then 0, 2 or 8 bytes of extended length, then
 * a 4-byte masking key if MASK is set, then the payload); the connection's decoder still checks every
 * rule. After a malformed frame the connection has failed and ignores what follows, so where a cut falls
 * in garbage does not matter.
 */
final class FrameSplitter {
    private int headerSeen;
    private int headerLength = 2;
    private int extendedLengthBytes;
    private long payloadLength;
    private long payloadLeft;
    private boolean inPayload;

    /**
     * How many bytes of {@code bytes}, from its position, still belong to the current frame: up to and
     * including its last byte, or all remaining bytes if it does not end in them. Does not move the
     * buffer's position; the splitter's own state advances past the counted bytes.
     */
    int bytesOfCurrentFrame(ByteBuffer bytes) {
        int start = bytes.position();
        int i = start;
        while (i < bytes.limit()) {
            if (inPayload) {
                long take = Math.min(payloadLeft, bytes.limit() - i);
                i += (int) take;
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    startNextFrame();
                    return i - start;
                }
                continue;
            }
            int b = bytes.get(i++) & 0xFF;
            headerSeen++;
            if (headerSeen == 2) {
                int length7 = b & 0x7F;
                extendedLengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
                payloadLength = extendedLengthBytes == 0 ? length7 : 0;
                headerLength = 2 + extendedLengthBytes + ((b & 0x80) != 0 ? 4 : 0);
            } else if (headerSeen > 2 && headerSeen <= 2 + extendedLengthBytes) {
                payloadLength = (payloadLength << 8) | b;
            }
            if (headerSeen >= 2 && headerSeen == headerLength) {
                if (payloadLength == 0) {
                    startNextFrame();
                    return i - start;
                }
                inPayload = true;
                // A 64-bit length with the top bit set is refused by the decoder; just take everything then.
                payloadLeft = payloadLength < 0 ? Long.MAX_VALUE : payloadLength;
            }
        }
        return i - start;
    }

    private void startNextFrame() {
        headerSeen = 0;
        headerLength = 2;
        extendedLengthBytes = 0;
        payloadLength = 0;
        payloadLeft = 0;
        inPayload = false;
    }
}
