package dev.wslab.tools.docs;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.Payload;
import dev.wslab.framing.connection.ConnectionState;
import dev.wslab.framing.connection.Event;
import dev.wslab.handshake.HandshakeDecision;

import java.util.ArrayList;
import java.util.List;

/** Writes the gallery's Markdown for a case: the bytes sent, what wslab answered, the RFC section. */
public final class BreakItRenderer {
    /** Frames longer than this are shown cut, with the number of bytes left out. */
    private static final int MAX_HEX_BYTES = 48;
    /** Replies are decoded below their bytes, so fewer bytes are enough. */
    private static final int MAX_REPLY_HEX_BYTES = 32;
    /** HTTP heads longer than this many lines are shown with the middle left out. */
    private static final int MAX_TEXT_LINES = 14;

    private BreakItRenderer() {
    }

    /** The transcript of one case, as a fenced block. */
    public static String render(BreakItCase attack) {
        BreakItRunner.Outcome outcome = BreakItRunner.run(attack);
        List<String> lines = new ArrayList<>();
        if (attack instanceof BreakItCase.FrameAttack frames) {
            renderFrames(frames, (BreakItRunner.FrameOutcome) outcome, lines);
        } else {
            renderHandshake((BreakItCase.HandshakeAttack) attack, (BreakItRunner.HandshakeOutcome) outcome, lines);
        }
        return fenced(lines);
    }

    /** A table of every case: what is sent, the answer, the section, with links to the transcripts. */
    public static String summary(List<BreakItCase> cases) {
        StringBuilder out = new StringBuilder();
        out.append("| bad input | sent to | wslab answers | rule |\n");
        out.append("|---|---|---|---|\n");
        for (BreakItCase c : cases) {
            BreakItRunner.Outcome outcome = BreakItRunner.run(c);
            String to = c instanceof BreakItCase.FrameAttack f ? (f.receiver() == Role.SERVER ? "server" : "client")
                    : "server (handshake)";
            out.append("| [").append(c.title()).append("](#").append(c.id()).append(") | ").append(to).append(" | ")
                    .append(outcome.answer()).append(" | ")
                    .append(outcome.rfcSection().isEmpty() ? "—" : outcome.rfcSection()).append(" |\n");
        }
        return out.toString();
    }

    private static void renderFrames(BreakItCase.FrameAttack attack, BreakItRunner.FrameOutcome outcome, List<String> out) {
        String sender = attack.receiver() == Role.SERVER ? "client" : "server";
        String receiver = attack.receiver() == Role.SERVER ? "server" : "client";
        if (!attack.limits().equals(dev.wslab.framing.Limits.DEFAULTS)) {
            out.add("(the " + receiver + " accepts frames and messages of at most "
                    + attack.limits().maxMessageSize() + " bytes)");
        }
        for (int i = 0; i < attack.frames().size(); i++) {
            BreakItCase.SentBytes frame = attack.frames().get(i);
            byte[] bytes = frame.bytes();
            out.add(sender + " → " + receiver + ": " + frame.label() + " (" + bytes.length + " bytes)");
            for (String hex : WireBytes.hexLines(bytes, MAX_HEX_BYTES)) {
                out.add("    " + hex);
            }
            List<Event> events = outcome.eventsPerFrame().get(i);
            if (outcome.stateBeforeFrame().get(i) == ConnectionState.CLOSED) {
                out.add("  wslab " + receiver + ": (ignored: the connection is already closed)");
            } else if (events.isEmpty()) {
                out.add("  wslab " + receiver + ": (no event yet: the message is not finished)");
            }
            for (Event e : events) {
                out.add("  wslab " + receiver + ": " + describe(e));
            }
        }
        if (outcome.replies().isEmpty()) {
            out.add(receiver + " → " + sender + ": nothing");
        } else {
            out.add(receiver + " → " + sender + ": " + outcome.replyBytes().length + " bytes");
            for (String hex : WireBytes.hexLines(outcome.replyBytes(), MAX_REPLY_HEX_BYTES)) {
                out.add("    " + hex);
            }
            for (Frame f : outcome.replies()) {
                out.add("  = " + describe(f));
            }
        }
        boolean ended = outcome.stateBeforeFrame().isEmpty() ? false
                : outcome.eventsPerFrame().stream().flatMap(List::stream).anyMatch(e -> e instanceof Event.Closed);
        out.add(outcome.closesTransport()
                ? "then: the " + receiver + " closes the TCP connection"
                : ended ? "then: the " + receiver + " waits for the " + sender
                        + " to close TCP (RFC 6455 §7.1.1), at most the close timeout"
                : "then: the connection stays open");
    }

    private static void renderHandshake(BreakItCase.HandshakeAttack attack, BreakItRunner.HandshakeOutcome outcome,
                                        List<String> out) {
        if (!attack.serverSetup().isEmpty()) {
            out.add("(" + attack.serverSetup() + ")");
        }
        byte[] request = attack.request().bytes();
        out.add("client → server: " + attack.request().label() + " (" + request.length + " bytes)");
        for (String line : WireBytes.visibleLines(request, MAX_TEXT_LINES)) {
            out.add("    " + WireBytes.clip(line, 100));
        }
        HandshakeDecision decision = outcome.decision();
        if (decision instanceof HandshakeDecision.Rejected rejected) {
            out.add("  wslab server: " + (outcome.parseFailure() ? "the HTTP parser refuses the head" : "the handshake is refused")
                    + ": " + rejected.status() + " " + rejected.reasonPhrase());
            out.add("    " + rejected.reason() + " (" + rejected.rfcSection() + ")");
        } else {
            out.add("  wslab server: accepted");
        }
        byte[] response = decision.toResponseBytes();
        out.add("server → client (" + response.length + " bytes):");
        for (String line : WireBytes.visibleLines(response, MAX_TEXT_LINES)) {
            out.add("    " + line);
        }
        out.add(decision instanceof HandshakeDecision.Rejected
                ? "then: the server closes the connection; no WebSocket is opened"
                : "then: both sides speak WebSocket frames");
    }

    static String describe(Event e) {
        if (e instanceof Event.Text t) {
            return "Text " + quote(t.text());
        }
        if (e instanceof Event.Binary b) {
            return "Binary, " + b.payload().length() + " bytes";
        }
        if (e instanceof Event.Ping p) {
            return "Ping " + preview(p.payload());
        }
        if (e instanceof Event.Pong p) {
            return "Pong " + preview(p.payload());
        }
        if (e instanceof Event.CloseReceived c) {
            return "CloseReceived " + c.status().describe();
        }
        if (e instanceof Event.Closed c) {
            return "Closed " + c.describe();
        }
        Event.Violation v = (Event.Violation) e;
        return "Violation " + v.describe();
    }

    static String describe(Frame f) {
        String fin = f.fin() ? "" : " (FIN=0)";
        switch (f.opcode()) {
            case CLOSE:
                byte[] body = f.payload().toByteArray();
                return "CLOSE " + (body.length == 0 ? "(no status code)" : CloseStatus.fromBody(body).describe());
            case TEXT:
                return "TEXT " + quote(f.payload().asUtf8()) + fin;
            default:
                return f.opcode() + " " + preview(f.payload()) + fin;
        }
    }

    private static String preview(Payload p) {
        if (p.isEmpty()) {
            return "(empty)";
        }
        return p.isValidUtf8() ? quote(p.asUtf8()) : p.length() + " bytes";
    }

    private static String quote(String s) {
        return "\"" + WireBytes.clip(s, 60) + "\"";
    }

    private static String fenced(List<String> lines) {
        StringBuilder out = new StringBuilder("```text\n");
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.append("```\n").toString();
    }
}
