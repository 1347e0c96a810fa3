/**
 * The WebSocket protocol after the opening handshake (RFC 6455 §5–§8), sans-IO: no sockets, threads or
 * clocks, only the JDK.
 *
 * <p>Layers, each its own package:
 * <ul>
 *   <li>this package: the vocabulary — {@link dev.wslab.framing.Opcode}, {@link dev.wslab.framing.CloseCode}
 *       (with the one rule for codes on the wire), {@link dev.wslab.framing.CloseStatus},
 *       {@link dev.wslab.framing.Role}, {@link dev.wslab.framing.Limits} and
 *       {@link dev.wslab.framing.ProtocolViolation}, the value every layer uses to report a broken rule;</li>
 *   <li>{@link dev.wslab.framing.codec}: bytes ⇄ frames — decoder, encoder, masking, the annotator;</li>
 *   <li>{@link dev.wslab.framing.utf8}: the streaming UTF-8 validator;</li>
 *   <li>{@link dev.wslab.framing.connection}: frames ⇄ messages and the closing handshake —
 *       {@link dev.wslab.framing.connection.WebSocketConnection} and its
 *       {@link dev.wslab.framing.connection.Event}s.</li>
 * </ul>
 * Dependencies point down the list: the connection uses the codec, the codec uses this package and utf8.
 */
package dev.wslab.framing;
