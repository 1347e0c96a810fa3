/**
 * A blocking-socket WebSocket client on wslab's own handshake and framing.
 *
 * <p>{@link dev.wslab.client.WebSocketClient#connect(java.net.URI, dev.wslab.client.ClientOptions)}
 * performs the opening handshake (RFC 6455 §4.1) and returns a
 * {@link dev.wslab.client.WebSocketSession}; a refusal (401, 403, …) becomes a
 * {@link dev.wslab.client.HandshakeRefusedException} with the status, headers and body. The session
 * is safe to use from several threads: a reader thread feeds a sans-IO {@code WebSocketConnection} in the
 * CLIENT role and delivers its events, a writer thread is the only one writing the socket.
 *
 * <p>Used by the command-line chat client, the end-to-end benchmarks and the Autobahn client run.
 */
package dev.wslab.client;
