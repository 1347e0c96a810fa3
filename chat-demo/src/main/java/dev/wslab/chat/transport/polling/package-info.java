/**
 * The chat over plain HTTP polling, on the same application ({@code ChatService}), accounts and tokens
 * as the WebSocket transport.
 *
 * <ul>
 *   <li>{@link dev.wslab.chat.transport.polling.PollingTransport}: the routes (a {@code ServerExtension}),
 *       documented there with their JSON.</li>
 *   <li>{@link dev.wslab.chat.transport.polling.CursorLog}: the numbered, bounded event window per session
 *       that makes delivery exact across lost answers and retries.</li>
 *   <li>{@link dev.wslab.chat.transport.polling.LongPoll}: holds a request without holding a thread, and
 *       answers it from whichever comes first (an event, the end, the timeout).</li>
 *   <li>{@link dev.wslab.chat.transport.polling.PollAnswers}: the HTTP answers of the cursor protocol.</li>
 * </ul>
 *
 * <p>What the comparison with WebSocket shows: each event costs a full HTTP request and response (a few
 * hundred bytes of headers each way) instead of a 2–14 byte frame header, and a sender's command and its
 * echo travel on two different requests.
 */
package dev.wslab.chat.transport.polling;
