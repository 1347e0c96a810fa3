/**
 * {@code wslab-chat client}: the command-line chat client, on wslab's own client handshake and framing
 * ({@link dev.wslab.client.WebSocketClient}). See {@link dev.wslab.chat.cli.ChatClientCommand}.
 */
package dev.wslab.chat.cli;
