/**
 * The WebSocket opening handshake (RFC 6455 §4): the HTTP/1.1 Upgrade that turns an HTTP
 * connection into a WebSocket, for both roles, without any I/O.
 *
 * <h2>The exchange</h2>
 * <pre>
 * client                                              server
 *   GET /chat HTTP/1.1
 *   Host: server.example.com
 *   Upgrade: websocket
 *   Connection: Upgrade
 *   Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==        ──▶  HttpHeadParser.forRequests()
 *   Sec-WebSocket-Version: 13                               ServerHandshake.decide(request)
 *                                                    ◀──  HandshakeDecision.toResponseBytes()
 *   HTTP/1.1 101 Switching Protocols
 *   Upgrade: websocket
 *   Connection: Upgrade
 *   Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=
 * </pre>
 * The accept value is {@code base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))}
 * ({@link dev.wslab.handshake.SecWebSocketAccept}); it proves the server read this request and
 * speaks WebSocket. After the empty line both sides exchange frames (module {@code framing}).
 *
 * <h2>Server side</h2>
 * Feed the bytes read from the socket to {@link dev.wslab.handshake.HttpHeadParser}; on
 * {@link dev.wslab.handshake.HeadParseResult.Complete} pass the request to
 * {@link dev.wslab.handshake.ServerHandshake#decide}, write
 * {@link dev.wslab.handshake.HandshakeDecision#toResponseBytes()}, and hand the leftover bytes to the
 * frame decoder. A framework that parsed HTTP already builds the request with
 * {@link dev.wslab.handshake.UpgradeRequest#of}.
 *
 * <h2>Client side</h2>
 * {@link dev.wslab.handshake.ClientHandshake} writes the request and validates the response,
 * naming the header, the expected and the actual value, and the RFC section on failure.
 *
 * <h2>Learning</h2>
 * {@link dev.wslab.handshake.HandshakeExplainer} ({@code ./wslab explain}) prints each step with the
 * real bytes.
 *
 * <p>Nothing here needs more than the JDK; BouncyCastle is an optional alternative SHA-1
 * ({@link dev.wslab.handshake.Sha1Provider}).
 */
package dev.wslab.handshake;
