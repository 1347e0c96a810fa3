/**
 * The protocol lab at {@code /lab}: what {@code ./wslab explain} and {@code ./wslab annotate} give, in the
 * browser, for students without a terminal. Small JSON endpoints run the library's own code
 * ({@code HandshakeExplainer}/{@code ServerHandshake}, {@code FrameAnnotator}, {@code FrameEncoder}, the
 * permessage-deflate decompressor, {@code WebSocketConnection}); the page only shows what they answer.
 * Nothing here re-implements a rule of the protocol.
 */
package dev.wslab.chat.lab;
