/**
 * The I/O edge: Undertow accepts HTTP, wslab's {@code handshake} decides each upgrade, and after the
 * 101 a {@link dev.wslab.chat.transport.undertow.ConnectionDriver} runs wslab's sans-IO
 * {@code WebSocketConnection} on the raw socket. Undertow's own {@code io.undertow.websockets} is not used.
 *
 * <h2>Path of a connection</h2>
 * <ol>
 *   <li>{@link dev.wslab.chat.transport.undertow.UpgradeHandler} (an Undertow {@code HttpHandler}, on
 *       the IO thread) turns the exchange into an {@code UpgradeRequest}, asks {@code ServerHandshake}
 *       for a decision (400/403/405/426 on rejection), then checks the bearer token (401 with
 *       {@code WWW-Authenticate}); all of this before any 101.</li>
 *   <li>On acceptance it copies the 101 headers into the exchange and calls
 *       {@code exchange.upgradeChannel(listener)} without dispatching; Undertow writes the 101 and hands
 *       the raw {@code StreamConnection} to the listener on the same IO thread.</li>
 *   <li>The driver owns that connection on that one thread from then on: read listener → pooled buffer →
 *       {@code WebSocketConnection.receive} → events to the endpoint (chat or echo); the connection's
 *       outbox goes out with gathering writes, resumed by the write listener after a partial write.</li>
 *   <li>Bytes the client sent right behind the upgrade request (same TCP segment) were already read by
 *       Undertow's HTTP parser; Undertow keeps them as the connection's "extra bytes" and, on upgrade,
 *       puts a {@code ReadDataStreamSourceConduit} in front of the socket that returns them first and
 *       makes {@code resumeReads()} fire the read listener at once. The driver therefore always reads
 *       through the channel (never the socket directly) and resumes reads right after the upgrade.</li>
 * </ol>
 *
 * <h2>Threads</h2>
 * Everything that touches a {@code WebSocketConnection} runs on its IO thread. Other threads (a chat
 * broadcast from another connection's thread) put messages in the driver's inbox, which the IO thread
 * drains ({@code getIoThread().execute}). The inbox and the unwritten bytes together are bounded; a
 * client that falls behind past the bound is closed with 1008, and no sender ever waits for it.
 */
package dev.wslab.chat.transport.undertow;
