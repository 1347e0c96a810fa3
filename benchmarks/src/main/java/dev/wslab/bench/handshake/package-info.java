/**
 * The opening handshake (RFC 6455 §4.2): the {@code Sec-WebSocket-Accept} computation with each SHA-1
 * provider, and the whole parse + validate + respond path against Netty's.
 */
package dev.wslab.bench.handshake;
