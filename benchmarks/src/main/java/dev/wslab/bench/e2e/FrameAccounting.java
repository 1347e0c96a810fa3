package dev.wslab.bench.e2e;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the WebSocket clients decoded and encoded, frame by frame, to check the byte counters
 * against RFC 6455 §5.2: a frame costs its payload plus a 2-byte header, plus 2 more bytes when
 * the payload is 126–65535 bytes long and 8 more above that, plus the 4-byte masking key when the
 * client sends it (§5.3: clients mask every frame, servers never do). So a frame of at most 125
 * bytes costs payload + 2 from server to client and payload + 6 from client to server.
 */
final class FrameAccounting {

    final LongAdder framesIn = new LongAdder();
    final LongAdder payloadIn = new LongAdder();
    final LongAdder headerBytesIn = new LongAdder();
    final LongAdder smallFramesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder payloadOut = new LongAdder();
    final LongAdder headerBytesOut = new LongAdder();
    final LongAdder smallFramesOut = new LongAdder();
    /** permessage-deflate (RFC 7692): messages read with RSV1 set, and every message's size once inflated. */
    final LongAdder compressedMessagesIn = new LongAdder();
    final LongAdder messageBytesIn = new LongAdder();
    /** Messages the client sent compressed (RSV1), and every sent message's size before compression. */
    final LongAdder compressedMessagesOut = new LongAdder();
    final LongAdder messageBytesOut = new LongAdder();

    /** The header size RFC 6455 §5.2 prescribes for a payload length (minimal length encoding). */
    static int headerBytes(long payloadLength, boolean masked) {
        int lengthBytes = payloadLength <= 125 ? 0 : payloadLength <= 0xFFFF ? 2 : 8;
        return 2 + lengthBytes + (masked ? 4 : 0);
    }

    /** Books a frame a client read (unmasked, from the server). */
    void frameIn(long payloadLength) {
        framesIn.increment();
        payloadIn.add(payloadLength);
        headerBytesIn.add(headerBytes(payloadLength, false));
        if (payloadLength <= 125) {
            smallFramesIn.increment();
        }
    }

    /** Books a frame a client wrote (masked, to the server). */
    void frameOut(long payloadLength) {
        framesOut.increment();
        payloadOut.add(payloadLength);
        headerBytesOut.add(headerBytes(payloadLength, true));
        if (payloadLength <= 125) {
            smallFramesOut.increment();
        }
    }

    /** Books a whole message a client read: its size after inflating, and whether it came compressed. */
    void messageIn(long bytes, boolean compressed) {
        messageBytesIn.add(bytes);
        if (compressed) {
            compressedMessagesIn.increment();
        }
    }

    /** Books a whole message a client sent: its size before compression, and whether it went compressed. */
    void messageOut(long bytes, boolean compressed) {
        messageBytesOut.add(bytes);
        if (compressed) {
            compressedMessagesOut.increment();
        }
    }

    /** A copy of the counters at one moment. */
    record Snapshot(long framesIn, long payloadIn, long headerBytesIn, long smallFramesIn,
                    long framesOut, long payloadOut, long headerBytesOut, long smallFramesOut,
                    long compressedMessagesIn, long messageBytesIn, long compressedMessagesOut, long messageBytesOut) {

        Snapshot minus(Snapshot earlier) {
            return new Snapshot(framesIn - earlier.framesIn, payloadIn - earlier.payloadIn,
                    headerBytesIn - earlier.headerBytesIn, smallFramesIn - earlier.smallFramesIn,
                    framesOut - earlier.framesOut, payloadOut - earlier.payloadOut,
                    headerBytesOut - earlier.headerBytesOut, smallFramesOut - earlier.smallFramesOut,
                    compressedMessagesIn - earlier.compressedMessagesIn, messageBytesIn - earlier.messageBytesIn,
                    compressedMessagesOut - earlier.compressedMessagesOut, messageBytesOut - earlier.messageBytesOut);
        }
    }

    Snapshot snapshot() {
        return new Snapshot(framesIn.sum(), payloadIn.sum(), headerBytesIn.sum(), smallFramesIn.sum(),
                framesOut.sum(), payloadOut.sum(), headerBytesOut.sum(), smallFramesOut.sum(),
                compressedMessagesIn.sum(), messageBytesIn.sum(), compressedMessagesOut.sum(), messageBytesOut.sum());
    }
}
