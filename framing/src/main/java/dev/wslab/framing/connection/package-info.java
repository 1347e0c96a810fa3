/**
 * Headers and payload chunks ⇄ messages, control frames and the closing handshake (RFC 6455 §5.4–§5.5,
 * §7, §8, §9).
 *
 * <p>{@link dev.wslab.framing.connection.WebSocketConnection} is the one object an I/O layer drives: bytes
 * and time in, {@link dev.wslab.framing.connection.Event}s and outbound bytes out, and the answers to "when
 * should I wake you?" and "should I close the transport?". Its message layer owns fragment order, the
 * message size limit and UTF-8; a negotiated extension plugs in through
 * {@link dev.wslab.framing.connection.InboundExtension} and {@link dev.wslab.framing.connection.MessageTransform}.
 * {@link dev.wslab.framing.connection.FrameObserver} lets explainers watch without judging. The connection
 * is confined to one thread.
 */
package dev.wslab.framing.connection;
