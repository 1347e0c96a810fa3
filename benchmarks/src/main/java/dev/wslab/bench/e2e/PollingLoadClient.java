package dev.wslab.bench.e2e;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A chat user over the wslab chat's HTTP polling transport ({@code /poll}): one keep-alive
 * connection polls for events with a cursor, another posts commands — what a browser does with
 * two connections. Both are counted at the socket by the run's {@link WireCounter}, so every byte
 * of every request and response head is part of the cost per message.
 *
 * <ul>
 *   <li>Short polling ({@code intervalMs > 0}): a poll with {@code wait=0} at fixed times, every
 *       {@code intervalMs} from a random phase (drawn again after every pause).</li>
 *   <li>Long polling ({@code intervalMs == 0}): the next poll leaves as soon as the previous one is
 *       answered; the server holds it until an event arrives.</li>
 * </ul>
 */
final class PollingLoadClient extends LoadClient {

    private static final String PREFIX = "/poll/sessions";
    private static final String CURSOR_FIELD = "\"cursor\":";
    private static final int LONG_POLL_WAIT_SECONDS = 25;

    private final int intervalMs;
    private final Map<String, String> auth;
    private final HttpConnection poller;
    private final HttpConnection sender;
    private String session;
    private long cursor;
    private Thread pollThread;
    /** When the previous short poll left (poll thread only); 0 after a pause. */
    private long lastPollNanos;
    private volatile boolean closing;
    private volatile IOException pollFailure;
    private final Object pauseLock = new Object();
    /** Guarded by pauseLock: asked to pause; waiting at the pause point; a long poll's request is out. */
    private boolean paused;
    private boolean waitingAtPause;
    private boolean heldRequestOut;

    private final PollTimings timings;

    PollingLoadClient(int index, String room, int port, String token, int intervalMs, WireCounter wire,
                      PollTimings timings) {
        super(index, room);
        this.timings = timings;
        this.intervalMs = intervalMs;
        this.auth = Map.of("Authorization", "Bearer " + token);
        this.poller = new HttpConnection(port, wire);
        this.sender = new HttpConnection(port, wire);
    }

    @Override
    void open() throws IOException {
        HttpConnection.Response created = sender.exchange("POST", PREFIX, auth, "{}");
        if (created.status() != 201) {
            throw new IOException("client " + index + ": no polling session: " + created.status() + " " + created.body());
        }
        session = PREFIX + "/" + stringField(created.body(), "sessionId");
        cursor = cursorOf(created.body());
        pollThread = new Thread(this::pollLoop, "poll-client-" + index);
        pollThread.setDaemon(true);
        pollThread.start();
        HttpConnection.Response joined = sender.exchange("POST", session + "/commands", auth,
                ChatWire.joinCommand(room, "join-" + index));
        if (joined.status() != 200 || !joined.body().contains("\"type\":\"ok\"")) {
            throw new IOException("client " + index + ": join refused: " + joined.status() + " " + joined.body());
        }
    }

    private void pollLoop() {
        long next = System.nanoTime() + (intervalMs > 0
                ? ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(intervalMs)) : 0);
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        boolean rephase = false;
        while (!closing) {
            if (!waitWhilePaused()) {
                return;
            }
            if (rephase) {
                // Every client pauses and resumes at the same moment; a fresh random phase keeps the
                // clients' polls spread out instead of all firing together from the resume on.
                next = System.nanoTime() + ThreadLocalRandom.current().nextLong(interval);
                rephase = false;
            }
            if (intervalMs > 0) {
                long wait;
                while ((wait = next - System.nanoTime()) > 0 && !closing && !pauseRequested()) {
                    LockSupport.parkNanos(wait);
                }
                if (pauseRequested()) {
                    // A pause breaks the rhythm: the next period measured starts after it.
                    lastPollNanos = 0;
                    rephase = true;
                    continue;
                }
                next += interval;
                long now = System.nanoTime();
                if (next < now) {
                    // The last poll overran its slot: keep the period, do not fire a burst to catch up.
                    next = now;
                }
            }
            String target = session + "/events?cursor=" + cursor + "&wait="
                    + (intervalMs > 0 ? 0 : LONG_POLL_WAIT_SECONDS);
            try {
                long sent = System.nanoTime();
                if (lastPollNanos != 0 && intervalMs > 0) {
                    timings.period(sent - lastPollNanos);
                }
                lastPollNanos = sent;
                HttpConnection.Response answer = poller.exchange("GET", target, auth, null, this::requestOut);
                long received = System.nanoTime();
                if (intervalMs > 0) {
                    timings.roundTrip(received - sent);
                }
                synchronized (pauseLock) {
                    heldRequestOut = false;
                }
                if (answer.status() != 200) {
                    throw new IOException("poll answered " + answer.status() + " " + answer.body());
                }
                cursor = cursorOf(answer.body());
                onEventText(answer.body(), received);
            } catch (IOException e) {
                if (!closing) {
                    pollFailure = e;
                    System.err.println("client " + index + ": " + e.getMessage());
                }
                return;
            }
        }
    }

    /** Returns false if the client is closing. */
    private boolean waitWhilePaused() {
        synchronized (pauseLock) {
            while (paused && !closing) {
                waitingAtPause = true;
                pauseLock.notifyAll();
                try {
                    pauseLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            waitingAtPause = false;
        }
        return !closing;
    }

    private boolean pauseRequested() {
        synchronized (pauseLock) {
            return paused;
        }
    }

    private void requestOut() {
        if (intervalMs == 0) {
            synchronized (pauseLock) {
                heldRequestOut = true;
                pauseLock.notifyAll();
            }
        }
    }

    /**
     * Pauses polling: returns when the poller waits at its pause point, or (long polling) when its
     * held request is out and nothing else will move until an event arrives.
     */
    @Override
    void quiesce() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (pauseLock) {
            paused = true;
        }
        LockSupport.unpark(pollThread);
        synchronized (pauseLock) {
            while (!waitingAtPause && !heldRequestOut && !closing && pollFailure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("client " + index + " did not pause its polling within 5 s");
                }
                TimeUnit.NANOSECONDS.timedWait(pauseLock, left);
            }
        }
    }

    @Override
    void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    @Override
    void sendMessage(String text) throws IOException {
        IOException failure = pollFailure;
        if (failure != null) {
            throw new IOException("client " + index + " stopped polling", failure);
        }
        HttpConnection.Response answer = sender.exchange("POST", session + "/commands", auth,
                ChatWire.messageCommand(room, text));
        if (answer.status() != 200) {
            throw new IOException("client " + index + ": command answered " + answer.status() + " " + answer.body());
        }
    }

    @Override
    public void close() {
        closing = true;
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        try {
            if (session != null) {
                sender.exchange("DELETE", session, auth, null);
            }
        } catch (IOException ignored) {
            // The session expires on its own.
        }
        poller.abort();
        sender.close();
        if (pollThread != null) {
            try {
                pollThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        poller.close();
    }

    /** The top-level {@code cursor} of an answer (events carry no field of that name). */
    static long cursorOf(String json) throws IOException {
        int at = json.indexOf(CURSOR_FIELD);
        if (at < 0) {
            throw new IOException("no cursor in " + json);
        }
        int start = at + CURSOR_FIELD.length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json, start, end, 10);
    }

    private static String stringField(String json, String name) throws IOException {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            throw new IOException("no " + name + " in " + json);
        }
        int start = at + key.length();
        return json.substring(start, json.indexOf('"', start));
    }
}
