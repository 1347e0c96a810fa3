/**
 * Frames ⇄ messages, control frames and the closing handshake (RFC 6455 §5.4–§5.5, §7, §8).
 *
 * <p>{@link dev.wslab.framing.connection.WebSocketConnection} is the one object an I/O layer drives: bytes
 * and time in, {@link dev.wslab.framing.connection.Event}s and outbound bytes out. It is confined to one
 * thread.
 */
package dev.wslab.framing.connection;
