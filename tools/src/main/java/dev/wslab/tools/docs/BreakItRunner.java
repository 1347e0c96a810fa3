package dev.wslab.tools.docs;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Opcode;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.MaskingKeySource;
import dev.wslab.framing.connection.ConnectionState;
import dev.wslab.framing.connection.Event;
import dev.wslab.framing.connection.WebSocketConnection;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.UpgradeRequest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Runs a {@link BreakItCase} through the real wslab code and records what happened. */
public final class BreakItRunner {
    private BreakItRunner() {
    }

    /** What wslab did with one case. */
    public sealed interface Outcome permits FrameOutcome, HandshakeOutcome {
        /** The answer in one line, e.g. {@code close 1002 Protocol Error} or {@code HTTP 426 Upgrade Required}. */
        String answer();

        /** The RFC section wslab cites, or empty when the input was accepted. */
        String rfcSection();
    }

    /**
     * The events after each frame, and the bytes the connection wanted to send back.
     *
     * @param eventsPerFrame   for each frame sent, the events its arrival produced
     * @param stateBeforeFrame for each frame sent, the connection's state just before it arrived
     * @param replies          the frames the wslab endpoint queued in reply, decoded, in order
     * @param replyBytes       the same replies as raw bytes
     * @param closesTransport  whether the endpoint asked the I/O layer to close TCP afterwards
     */
    public record FrameOutcome(List<List<Event>> eventsPerFrame, List<ConnectionState> stateBeforeFrame,
                               List<Frame> replies, byte[] replyBytes, boolean closesTransport) implements Outcome {
        public FrameOutcome {
            eventsPerFrame = eventsPerFrame.stream().map(List::copyOf).toList();
            stateBeforeFrame = List.copyOf(stateBeforeFrame);
            replies = List.copyOf(replies);
            replyBytes = replyBytes.clone();
        }

        /** The violation reported, if any. */
        public Optional<Event.Violation> violation() {
            return eventsPerFrame.stream().flatMap(List::stream)
                    .filter(e -> e instanceof Event.Violation).map(e -> (Event.Violation) e).findFirst();
        }

        /** The close status wslab sent, if it sent a Close. */
        public Optional<CloseStatus> closeSent() {
            return replies.stream().filter(f -> f.opcode() == Opcode.CLOSE)
                    .map(f -> CloseStatus.fromBody(f.payload().toByteArray())).findFirst();
        }

        @Override
        public String answer() {
            Optional<CloseStatus> close = closeSent();
            if (close.isPresent()) {
                return "close " + close.get().code() + " " + dev.wslab.framing.CloseCode.of(close.get().code())
                        .map(dev.wslab.framing.CloseCode::title).orElse("");
            }
            return "accepted";
        }

        @Override
        public String rfcSection() {
            return violation().map(Event.Violation::rfcSection).orElse("");
        }
    }

    /**
     * The server's HTTP answer.
     *
     * @param parseFailure whether the HTTP head parser refused the bytes (before any WebSocket rule)
     * @param decision     the decision written back
     */
    public record HandshakeOutcome(boolean parseFailure, HandshakeDecision decision) implements Outcome {
        public HandshakeOutcome {
            Objects.requireNonNull(decision, "decision");
        }

        @Override
        public String answer() {
            if (decision instanceof HandshakeDecision.Rejected rejected) {
                return "HTTP " + rejected.status() + " " + rejected.reasonPhrase();
            }
            return "HTTP 101 Switching Protocols";
        }

        @Override
        public String rfcSection() {
            return decision instanceof HandshakeDecision.Rejected rejected ? rejected.rfcSection() : "";
        }
    }

    /** Runs {@code attack} and returns the outcome. */
    public static Outcome run(BreakItCase attack) {
        if (attack instanceof BreakItCase.FrameAttack frames) {
            return runFrames(frames);
        }
        return runHandshake((BreakItCase.HandshakeAttack) attack);
    }

    private static FrameOutcome runFrames(BreakItCase.FrameAttack attack) {
        // Time is a parameter in the sans-IO core; the gallery needs no clock, so it passes 0.
        // A fixed masking key keeps a client's reply bytes the same on every run (never do this in production).
        WebSocketConnection connection = new WebSocketConnection(attack.receiver(), attack.limits(),
                MaskingKeySource.fixed(WireFrame.RFC_MASKING_KEY));
        List<List<Event>> events = new ArrayList<>();
        List<ConnectionState> states = new ArrayList<>();
        for (BreakItCase.SentBytes frame : attack.frames()) {
            states.add(connection.state());
            List<Event> frameEvents = new ArrayList<>();
            connection.receive(ByteBuffer.wrap(frame.bytes()), 0L, frameEvents::add);
            events.add(frameEvents);
        }
        ByteBuffer[] out = connection.takeOutbound();
        int total = 0;
        for (ByteBuffer b : out) {
            total += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer b : out) {
            all.put(b);
        }
        byte[] replyBytes = all.array();
        return new FrameOutcome(events, states, decodeReplies(attack, replyBytes), replyBytes, connection.shouldCloseTransport());
    }

    /** Decodes what the wslab endpoint sent, as its peer would. */
    private static List<Frame> decodeReplies(BreakItCase.FrameAttack attack, byte[] bytes) {
        FrameDecoder decoder = new FrameDecoder(attack.receiver().peer(), Limits.DEFAULTS);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Frame> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            DecodeResult r = decoder.decode(in);
            if (r instanceof DecodeResult.FrameDecoded decoded) {
                frames.add(decoded.frame());
            } else if (r instanceof DecodeResult.Failed failed) {
                throw new IllegalStateException("wslab sent a frame its own decoder refuses: " + failed.violation().describe());
            }
        }
        return frames;
    }

    private static HandshakeOutcome runHandshake(BreakItCase.HandshakeAttack attack) {
        // The same steps as a server: parse the head with limits, then decide (RFC 6455 §4.2).
        HeadParseResult<UpgradeRequest> parsed = HttpHeadParser.forRequests(attack.headLimits())
                .feed(ByteBuffer.wrap(attack.request().bytes()));
        if (parsed instanceof HeadParseResult.Failed<UpgradeRequest> failed) {
            return new HandshakeOutcome(true, failed.toRejection());
        }
        if (parsed instanceof HeadParseResult.Complete<UpgradeRequest> complete) {
            return new HandshakeOutcome(false, attack.server().decide(complete.head()));
        }
        throw new IllegalStateException(attack.id() + ": the request head is unfinished; a gallery request must end with an empty line");
    }
}
