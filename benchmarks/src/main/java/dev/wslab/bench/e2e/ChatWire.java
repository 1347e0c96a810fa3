package dev.wslab.bench.e2e;

/**
 * The chat's JSON as the load generator writes and reads it (the wslab chat's protocol: commands
 * {@code join} and {@code message}, events {@code ok} and {@code message}).
 *
 * <p>The text of every benchmark message is a marker, padded with {@code x} to the payload size of
 * the cell: {@code <phase><sender>.<seq>.xxxx…}. The receiver reads the marker back to find who
 * sent it and which message it was; the intended send time is kept in the load generator's
 * memory ({@link SendLog}), so even a 16-byte payload carries all it needs. The marker is plain
 * ASCII, so it appears unescaped in every JSON the server produces.
 */
final class ChatWire {

    static final String SUBPROTOCOL = "wslab.chat.v1";
    private static final String MESSAGE_FIELD = "\"message\":\"";

    private ChatWire() {
    }

    static String joinCommand(String room, String id) {
        return "{\"type\":\"join\",\"id\":\"" + id + "\",\"room\":\"" + room + "\"}";
    }

    static String messageCommand(String room, String text) {
        return "{\"type\":\"message\",\"room\":\"" + room + "\",\"message\":\"" + text + "\"}";
    }

    /** The marker text for message {@code seq} of {@code sender} in the phase tagged {@code phase}. */
    static String markerText(char phase, int sender, int seq, int payloadBytes) {
        StringBuilder text = new StringBuilder(Math.max(payloadBytes, 16));
        text.append(phase).append(sender).append('.').append(seq).append('.');
        if (text.length() > payloadBytes) {
            throw new IllegalArgumentException("payload of " + payloadBytes + " bytes cannot hold marker " + text);
        }
        while (text.length() < payloadBytes) {
            text.append('x');
        }
        return text.toString();
    }

    /** A marker read back from an event. */
    record Marker(char phase, int sender, int seq) {
    }

    /**
     * Finds every benchmark marker in {@code json} starting at {@code from} (an event, or a polling
     * response carrying several events) and hands each to {@code sink}. Returns how many it found.
     */
    static int forEachMarker(String json, MarkerSink sink) {
        int found = 0;
        int at = json.indexOf(MESSAGE_FIELD);
        while (at >= 0) {
            int start = at + MESSAGE_FIELD.length();
            Marker marker = parse(json, start);
            if (marker != null) {
                sink.accept(marker);
                found++;
            }
            at = json.indexOf(MESSAGE_FIELD, start);
        }
        return found;
    }

    /** Receives markers found in a text. */
    interface MarkerSink {
        void accept(Marker marker);
    }

    private static Marker parse(String json, int start) {
        if (start + 4 > json.length()) {
            return null;
        }
        char phase = json.charAt(start);
        if (phase < 'a' || phase > 'z') {
            return null;
        }
        int dot = json.indexOf('.', start + 1);
        if (dot < 0) {
            return null;
        }
        int secondDot = json.indexOf('.', dot + 1);
        if (secondDot < 0) {
            return null;
        }
        try {
            return new Marker(phase, Integer.parseInt(json, start + 1, dot, 10),
                    Integer.parseInt(json, dot + 1, secondDot, 10));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
