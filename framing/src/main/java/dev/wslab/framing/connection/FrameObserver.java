package dev.wslab.framing.connection;

import dev.wslab.framing.codec.FrameHeader;

/**
 * Watches the frames a {@link WebSocketConnection} receives, as the codec splits them: each accepted header,
 * then its payload bytes, unmasked, as they are read. Explainers (the frame annotator, an inspector) observe
 * the connection this way instead of decoding a second time, so they can never disagree with it about a
 * verdict: the verdicts themselves arrive as {@link Event}s.
 */
public interface FrameObserver {

    /** Observes nothing. */
    FrameObserver NONE = new FrameObserver() {
        @Override
        public void onHeader(FrameHeader header, long frameOffset) {
        }

        @Override
        public void onPayload(byte[] bytes, int offset, int length) {
        }

        @Override
        public void onFrameEnd() {
        }
    };

    /**
     * A header passed the codec's rules (the message layer judges it next).
     *
     * @param header      the header as on the wire
     * @param frameOffset where the frame starts among all bytes the connection received, 0-based
     */
    void onHeader(FrameHeader header, long frameOffset);

    /**
     * Payload bytes of the last header's frame, unmasked, as they were read.
     *
     * @param bytes  the array holding them; only read during the call
     * @param offset the first byte
     * @param length how many
     */
    void onPayload(byte[] bytes, int offset, int length);

    /**
     * The last header's frame is over, and the events it produced were delivered. Events delivered between
     * {@link #onHeader} and this call belong to that frame; any other event (a header the codec refused, a
     * timer) belongs to no accepted frame.
     */
    void onFrameEnd();
}
