package dev.wslab.chat.transport.polling;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Answers a poll from a {@link CursorLog}: at once when there is something to say (or when the client
 * asked for a short poll), otherwise by holding the request until an item arrives, the log closes or
 * the wait runs out, then answering with {@link PollAnswers}.
 *
 * <h2>No thread waits</h2>
 * A held poll is not a blocked thread. The handler calls {@code exchange.dispatch(SameThreadExecutor,
 * task)}, which tells Undertow "this exchange is not finished when the handler returns", and returns at
 * once; the IO thread goes back to serving other connections. The exchange is then just an object
 * referenced by the log's waiter and by a timer on the exchange's IO thread
 * ({@code XnioIoThread.executeAfter}). Whoever comes first (the appending thread via
 * {@link CursorLog.Waiter#wake()}, or the timer) hands the answer to the exchange's IO thread, which
 * writes it without blocking. A thousand waiting polls cost a thousand small objects, not a thousand
 * threads.
 */
public final class LongPoll implements CursorLog.Waiter {

    /** Told when the poll has been answered (e.g. to restart a session's idle clock). */
    @FunctionalInterface
    public interface Settled {
        void settled();
    }

    private final HttpServerExchange exchange;
    private final CursorLog log;
    private final long cursor;
    private final int maxBatch;
    private final String resyncHint;
    private final Settled settled;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile XnioExecutor.Key timeout;

    private LongPoll(HttpServerExchange exchange, CursorLog log, long cursor, int maxBatch, String resyncHint,
                     Settled settled) {
        this.exchange = exchange;
        this.log = log;
        this.cursor = cursor;
        this.maxBatch = maxBatch;
        this.resyncHint = resyncHint;
        this.settled = settled;
    }

    /**
     * Serves one poll; call from an {@code HttpHandler} on the IO thread.
     *
     * @param wait       how long to hold the request when nothing is new; zero or negative for a short poll
     * @param resyncHint the sentence that tells a client what to do after a 410
     * @param settled    called once the answer has been handed to Undertow (not called for a poll that
     *                   is still held when the server stops)
     * @return {@code true} if the request is now held, {@code false} if it was answered at once
     */
    public static boolean serve(HttpServerExchange exchange, CursorLog log, long cursor, Duration wait, int maxBatch,
                                String resyncHint, Settled settled) {
        CursorRead now = log.read(cursor, maxBatch);
        boolean nothingNew = now instanceof CursorRead.Items items && items.isEmpty();
        if (!nothingNew || wait.isZero() || wait.isNegative()) {
            PollAnswers.send(exchange, now, resyncHint);
            settled.settled();
            return false;
        }
        LongPoll poll = new LongPoll(exchange, log, cursor, maxBatch, resyncHint, settled);
        // Keeps the exchange open after the handler returns; start() runs right after, on this IO thread.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> poll.start(wait));
        return true;
    }

    private void start(Duration wait) {
        XnioIoThread ioThread = exchange.getIoThread();
        timeout = ioThread.executeAfter(this::timedOut, wait.toMillis(), TimeUnit.MILLISECONDS);
        if (!log.await(cursor, this)) {
            // Something arrived between the first read and now: answer at once.
            wake();
        }
    }

    private void timedOut() {
        log.cancel(this);
        answer();
    }

    @Override
    public void wake() {
        // Runs on the appending thread under the log's lock: only hand the work over.
        try {
            exchange.getIoThread().execute(this::answer);
        } catch (RejectedExecutionException stopping) {
            // The server is stopping and its IO threads are gone: nobody is left to answer.
        }
    }

    private void answer() {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        XnioExecutor.Key key = timeout;
        if (key != null) {
            key.remove();
        }
        // Reads again at answer time, so whatever arrived until now is in this answer (and acknowledged
        // only by the client's next request).
        PollAnswers.send(exchange, log.read(cursor, maxBatch), resyncHint);
        settled.settled();
    }
}
