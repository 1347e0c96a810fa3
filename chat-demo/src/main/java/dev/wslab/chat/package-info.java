/**
 * The wslab chat demo: a WebSocket chat server on Undertow whose every upgrade is decided by
 * {@code dev.wslab.handshake} and whose every frame is handled by {@code dev.wslab.framing}.
 *
 * <p>Entry points: {@link dev.wslab.chat.WslabChat} (the command line, {@code server} subcommand) and
 * {@link dev.wslab.chat.ChatServer} (embedding, tests, benchmarks), configured by
 * {@link dev.wslab.chat.ChatServerConfig}. Layers, bottom-up: {@code protocol} (JSON messages),
 * {@code rooms} (the application), {@code auth} (accounts and tokens), {@code http} (the REST routes),
 * {@code transport.undertow} (the WebSocket I/O edge). Other transports plug in as
 * {@link dev.wslab.chat.ServerExtension}s on the same {@link dev.wslab.chat.ServerContext}.
 */
package dev.wslab.chat;
